import type { ShipmentFilter } from '../../../src-shared/api';
import { useAppStore } from '../../stores';

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const amount = (text: string) => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text));

/** Warehouse, service, ship date range and order value: applied when a field loses focus or Enter is pressed. */
export function MoreFilters() {
  const filter = useAppStore((s) => s.shipmentFilter);
  const setFilter = useAppStore((s) => s.setShipmentFilter);
  const field = (
    label: string,
    value: string,
    patch: (text: string) => Partial<ShipmentFilter>,
    props: { type?: string; width?: number; placeholder?: string } = {},
  ) => (
    <input
      aria-label={label}
      title={label}
      placeholder={props.placeholder ?? label}
      type={props.type ?? 'text'}
      style={{ width: props.width }}
      defaultValue={value}
      onKeyDown={(e) => e.key === 'Enter' && setFilter(patch(e.currentTarget.value))}
      onBlur={(e) => setFilter(patch(e.currentTarget.value))}
    />
  );
  return (
    <div className="more-filters">
      {field('Warehouse', (filter.warehouse ?? []).join(', '), (t) => ({ warehouse: list(t) }), { width: 110 })}
      {field('Service', (filter.service ?? []).join(', '), (t) => ({ service: list(t) }), { width: 120 })}
      {field('Ship date from', filter.shipDateFrom ?? '', (t) => ({ shipDateFrom: t || undefined }), { type: 'date' })}
      {field('Ship date to', filter.shipDateTo ?? '', (t) => ({ shipDateTo: t || undefined }), { type: 'date' })}
      {field('Order value from', filter.orderValueMin?.toString() ?? '', (t) => ({ orderValueMin: amount(t) }), {
        type: 'number',
        width: 90,
        placeholder: 'Value ≥',
      })}
      {field('Order value to', filter.orderValueMax?.toString() ?? '', (t) => ({ orderValueMax: amount(t) }), {
        type: 'number',
        width: 90,
        placeholder: 'Value ≤',
      })}
    </div>
  );
}
