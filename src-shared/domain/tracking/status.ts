/** The one status model every carrier is normalized to (DOMAIN.md §2). */
export const TRACKING_STATUSES = [
  'created',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivered',
  'exception',
  'return_initiated',
  'returned',
  'cancelled',
  'unknown',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<TrackingStatus> = new Set(['delivered', 'returned', 'cancelled']);
export const isTerminal = (status: TrackingStatus): boolean => TERMINAL_STATUSES.has(status);

export const EXCEPTION_REASONS = [
  'address_issue',
  'attempt_failed',
  'refused',
  'pickup_missed',
  'damaged',
  'lost',
  'disposed',
  'delayed_weather',
  'delayed_carrier',
  'customs_hold',
  'customs_documents',
  'duties_unpaid',
  'held_by_carrier',
  'rejected_by_carrier',
  'undeliverable',
  'info_required',
  'other',
] as const;
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];

// The carrier list lives in the carrier catalog; re-exported where the status model's users expect it.
export { CARRIERS, type Carrier } from './carriers';

export const FLAGS = ['stalled', 'no_first_scan', 'late', 'at_risk'] as const;
export type Flag = (typeof FLAGS)[number];

/** One carrier event after normalization; the carrier's raw code and text ride along for audit. */
export interface NormalizedEvent {
  /** UTC instant (ISO 8601 with Z), or null when the carrier gave only a local wall time we could not resolve. */
  occurredAt: string | null;
  /** The carrier's local wall time as given, without offset (YYYY-MM-DDTHH:mm:ss), when known. */
  localTime: string | null;
  code: string;
  description: string;
  location: string | null;
  /** null for informational events (signature image recorded, "arriving on time"): they never change status. */
  status: TrackingStatus | null;
  substatus: string | null;
  /** The carrier's own event id when it gives one; the idempotency key falls back to a hash otherwise. */
  carrierEventId?: string | null;
}
