/**
 * What can open an exception item (DOMAIN.md §3): a carrier exception (reason = its substatus), each computed
 * flag (reason = the flag's name), and a return to sender. All three share one `reason` column, so a shipment
 * has at most one open item per carrier reason, per flag and for its return.
 */
import { EXCEPTION_REASONS, FLAGS, type ExceptionReason } from '../tracking/status';

export const RETURN_TO_SENDER = 'returned_to_sender';

export const QUEUE_REASONS = [...EXCEPTION_REASONS, ...FLAGS, RETURN_TO_SENDER] as const;
export type QueueReason = (typeof QUEUE_REASONS)[number];

/**
 * When the system may close an item by itself (`auto_resolved`):
 * - `trigger_ends`: as soon as the condition that opened it is gone (the flag clears, the carrier moves on);
 * - `delivered`: only when the parcel is delivered — the problem may outlive the carrier's next scan;
 * - `staff`: never; a person decides (a damaged parcel needs a claim even when it arrives).
 * A cancelled (voided) shipment closes every item: nothing is left to do.
 */
export type Recovery = 'trigger_ends' | 'delivered' | 'staff';

export interface ReasonProfile {
  /** 1 (can wait) … 10 (act now): the first factor of the priority. */
  severity: number;
  recovery: Recovery;
}

/** Judgement calls, pinned by tests: severity follows cost to the customer, recovery follows DOMAIN.md §2's "clears by itself". */
export const REASON_PROFILES: Readonly<Record<QueueReason, ReasonProfile>> = Object.freeze({
  damaged: { severity: 10, recovery: 'staff' },
  lost: { severity: 10, recovery: 'delivered' },
  disposed: { severity: 9, recovery: 'staff' },
  refused: { severity: 8, recovery: 'delivered' },
  address_issue: { severity: 8, recovery: 'delivered' },
  undeliverable: { severity: 8, recovery: 'delivered' },
  returned_to_sender: { severity: 7, recovery: 'delivered' },
  customs_documents: { severity: 7, recovery: 'delivered' },
  duties_unpaid: { severity: 7, recovery: 'delivered' },
  rejected_by_carrier: { severity: 7, recovery: 'delivered' },
  info_required: { severity: 6, recovery: 'delivered' },
  pickup_missed: { severity: 6, recovery: 'delivered' },
  late: { severity: 5, recovery: 'trigger_ends' },
  attempt_failed: { severity: 5, recovery: 'trigger_ends' },
  held_by_carrier: { severity: 5, recovery: 'trigger_ends' },
  customs_hold: { severity: 5, recovery: 'trigger_ends' },
  stalled: { severity: 4, recovery: 'trigger_ends' },
  no_first_scan: { severity: 4, recovery: 'trigger_ends' },
  other: { severity: 4, recovery: 'delivered' },
  delayed_carrier: { severity: 3, recovery: 'trigger_ends' },
  at_risk: { severity: 3, recovery: 'trigger_ends' },
  delayed_weather: { severity: 2, recovery: 'trigger_ends' },
});

/** Severity 7 and up: worth a desktop notification by default. */
export const HIGH_SEVERITY_REASONS: readonly QueueReason[] = QUEUE_REASONS.filter((r) => REASON_PROFILES[r].severity >= 7);

/** An exception status always names one of the known reasons; anything else is `other`. */
export const carrierReason = (substatus: string | null): ExceptionReason =>
  substatus !== null && (EXCEPTION_REASONS as readonly string[]).includes(substatus) ? (substatus as ExceptionReason) : 'other';

export const reasonLabel = (reason: string): string => reason.replace(/_/g, ' ');
