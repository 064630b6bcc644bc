import type { ExceptionRow } from '../../src-shared/api';
import type { Cell } from '../reports';

/**
 * The exception queue's columns, one row per parcel (its leading item's id and reason, then all of them), in the grid's order, as plain values a spreadsheet can sort and sum: hours
 * rather than "3 d", ISO instants rather than the workstation's locale, flags space-separated.
 */
export const EXCEPTION_EXPORT_COLUMNS: readonly { name: string; cell: (row: ExceptionRow) => Cell }[] = [
  { name: 'exception_id', cell: (r) => r.id },
  { name: 'exception_ids', cell: (r) => r.facets.map((f) => f.id).join(' ') },
  { name: 'priority', cell: (r) => r.priority },
  { name: 'age_hours', cell: (r) => r.ageHours },
  { name: 'reason', cell: (r) => r.reason },
  { name: 'reasons', cell: (r) => r.facets.map((f) => f.reason).join(' ') },
  { name: 'state', cell: (r) => r.state },
  { name: 'flags', cell: (r) => r.flags.join(' ') },
  { name: 'carrier', cell: (r) => r.carrier },
  { name: 'service', cell: (r) => r.service },
  { name: 'tracking_number', cell: (r) => r.trackingNumber },
  { name: 'order_number', cell: (r) => r.orderNumber },
  { name: 'order_value', cell: (r) => r.orderValue },
  { name: 'currency', cell: (r) => r.currency },
  { name: 'warehouse', cell: (r) => r.warehouse },
  { name: 'last_event_at', cell: (r) => r.lastEventAt },
  { name: 'last_event_location', cell: (r) => r.lastEventLocation },
  { name: 'last_event_text', cell: (r) => r.lastEventText },
  { name: 'expected_delivery', cell: (r) => r.expectedDeliveryCurrent ?? r.expectedDeliveryOriginal },
  { name: 'assignee', cell: (r) => r.assignee },
  { name: 'snoozed_until', cell: (r) => r.snoozedUntil },
  { name: 'opened_at', cell: (r) => r.openedAt },
];

export const exceptionCells = (row: ExceptionRow): Cell[] => EXCEPTION_EXPORT_COLUMNS.map((c) => c.cell(row));
