import { flagsFromMask } from '../../src-shared/domain/tracking/flags';
import type { Cell } from '../reports';

interface ExportColumn {
  /** Header in the file. */
  name: string;
  /** Column of the shipments table it comes from. */
  column: string;
  /** The same conversion the Shipments grid applies (shipments/repo toShipmentRow); plain text when absent. */
  cell?: (value: unknown) => Cell;
}

/**
 * Shipment exports use the generic import preset's column names where one exists (FORMATS.md), so an export can
 * be read back in; tracking columns follow. Rows are read as plain arrays: building an object per row costs
 * more than everything else the export does to it.
 */
export const SHIPMENT_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { name: 'external_id', column: 'external_id' },
  { name: 'tracking_number', column: 'tracking_number' },
  { name: 'carrier', column: 'carrier' },
  { name: 'service', column: 'service' },
  { name: 'warehouse', column: 'warehouse' },
  { name: 'order_number', column: 'order_number' },
  { name: 'order_value', column: 'order_value_cents', cell: (v) => (v === null ? null : (v as number) / 100) },
  { name: 'currency', column: 'currency' },
  { name: 'label_created_at', column: 'label_created_at' },
  { name: 'ship_date', column: 'ship_date' },
  { name: 'expected_delivery', column: 'expected_delivery_original' },
  { name: 'is_return', column: 'is_return', cell: (v) => v === 1 },
  { name: 'status', column: 'status' },
  { name: 'substatus', column: 'substatus' },
  { name: 'flags', column: 'flags', cell: (v) => flagsFromMask(v as number).join(' ') },
  { name: 'expected_delivery_current', column: 'expected_delivery_current' },
  { name: 'first_scan_at', column: 'first_scan_at' },
  { name: 'delivered_at', column: 'delivered_at' },
  { name: 'last_event_at', column: 'last_event_at' },
  { name: 'last_event_text', column: 'last_event_text' },
  { name: 'last_event_location', column: 'last_event_location' },
  { name: 'source', column: 'source' },
];

/** Turns a raw row of a statement with these result columns into export cells. */
export function shipmentCellReader(resultColumns: readonly string[]): (row: readonly unknown[]) => Cell[] {
  const plan = SHIPMENT_EXPORT_COLUMNS.map((c) => {
    const index = resultColumns.indexOf(c.column);
    if (index < 0) throw new Error(`shipment export needs column ${c.column}`);
    return { index, cell: c.cell ?? ((v: unknown) => v as Cell) };
  });
  return (row) => plan.map(({ index, cell }) => cell(row[index]));
}
