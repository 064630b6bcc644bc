import type { MetricDefinition } from '../../../src-shared/domain/kpi/definitions';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';
import { serviceLabel } from '../../../src-shared/domain/tracking/services';

/** A figure with no population shows as a dash, never as 0. */
export const NONE = '—';

export function formatFigure(value: number | null | undefined, unit: MetricDefinition['unit']): string {
  if (value === null || value === undefined) return NONE;
  switch (unit) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'shipments':
      return value.toLocaleString('en-US');
    case 'hours':
      return value.toFixed(1);
    default:
      return value.toFixed(2);
  }
}

/** Week-over-week change: rates in percentage points, signed. */
export function formatChange(value: number | null | undefined, unit: MetricDefinition['unit']): string {
  if (value === null || value === undefined) return NONE;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const magnitude = Math.abs(value);
  if (unit === 'rate') return `${sign}${(magnitude * 100).toFixed(1)} pt`;
  if (unit === 'shipments') return `${sign}${magnitude.toLocaleString('en-US')}`;
  return `${sign}${magnitude.toFixed(unit === 'hours' ? 1 : 2)}`;
}

export const words = (text: string): string => text.replace(/_/g, ' ');

export const GROUP_LABELS = { carrier: 'Carrier', service: 'Service', warehouse: 'Warehouse', week: 'Ship week' } as const;

/** A grouping value as a person reads it. */
export const groupText = (key: string, value: string | null | undefined): string =>
  value === null || value === undefined ? '(none)' : key === 'carrier' ? carrierLabel(value) : key === 'service' ? serviceLabel(value) : words(value);
