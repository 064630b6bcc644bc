/**
 * Exception reasons from carrier text (DOMAIN.md §2, "Exception reasons"): an ordered keyword table used when a
 * carrier's code does not already name the reason. First match wins, so narrower phrases come first.
 */
import type { ExceptionReason } from '../../src-shared/domain/tracking/status';
import type { Mapping } from './table';

export interface ReasonRow {
  has: string;
  reason: ExceptionReason;
}

export const REASON_TEXT_TABLE: readonly ReasonRow[] = [
  { has: 'refused', reason: 'refused' },
  { has: 'damage', reason: 'damaged' },
  { has: 'lost', reason: 'lost' },
  { has: 'destroyed', reason: 'disposed' },
  { has: 'disposed', reason: 'disposed' },
  { has: 'weather', reason: 'delayed_weather' },
  { has: 'snow', reason: 'delayed_weather' },
  { has: 'storm', reason: 'delayed_weather' },
  { has: 'natural disaster', reason: 'delayed_weather' },
  { has: 'document', reason: 'customs_documents' },
  { has: 'duties', reason: 'duties_unpaid' },
  { has: 'duty', reason: 'duties_unpaid' },
  { has: 'customs', reason: 'customs_hold' },
  { has: 'clearance', reason: 'customs_hold' },
  // Before "attempt": "addressing error found; attempting to correct" is an address problem.
  { has: 'address', reason: 'address_issue' },
  { has: 'not picked up', reason: 'pickup_missed' },
  { has: 'not collected', reason: 'pickup_missed' },
  { has: 'unclaimed', reason: 'pickup_missed' },
  { has: 'not available', reason: 'attempt_failed' },
  { has: 'not home', reason: 'attempt_failed' },
  { has: 'business closed', reason: 'attempt_failed' },
  { has: 'no access', reason: 'attempt_failed' },
  { has: 'attempt', reason: 'attempt_failed' },
  { has: 'undeliverable', reason: 'undeliverable' },
  { has: 'unable to deliver', reason: 'undeliverable' },
  { has: 'cannot be delivered', reason: 'undeliverable' },
  { has: 'prohibited', reason: 'rejected_by_carrier' },
  { has: 'packaging', reason: 'rejected_by_carrier' },
  { has: 'security', reason: 'held_by_carrier' },
  { has: 'held', reason: 'held_by_carrier' },
  { has: 'hold', reason: 'held_by_carrier' },
  { has: 'information required', reason: 'info_required' },
  { has: 'action required', reason: 'info_required' },
  { has: 'missort', reason: 'delayed_carrier' },
  { has: 'delay', reason: 'delayed_carrier' },
];

/** The reason the first matching keyword names, or null. */
export function reasonFromText(...texts: (string | null | undefined)[]): ExceptionReason | null {
  const text = texts.filter(Boolean).join(' ').toLowerCase();
  return REASON_TEXT_TABLE.find((row) => text.includes(row.has))?.reason ?? null;
}

/**
 * For a carrier's overall status: an exception without a reason takes one from the text when the text names
 * one, else stays open so the latest event's reason can fill it (deriveTracking falls back to `other`).
 */
export function withKnownReason(mapping: Mapping, ...texts: (string | null | undefined)[]): Mapping {
  if (mapping.status !== 'exception' || mapping.substatus !== null) return mapping;
  return { status: 'exception', substatus: reasonFromText(...texts) };
}

/** For an event: an exception without a reason takes one from the text, else `other` (the text stays on the event). */
export function withReason(mapping: Mapping, ...texts: (string | null | undefined)[]): Mapping {
  const resolved = withKnownReason(mapping, ...texts);
  return resolved.status === 'exception' && resolved.substatus === null ? { ...resolved, substatus: 'other' } : resolved;
}
