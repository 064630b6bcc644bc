/**
 * Pure status derivation over normalized events (DOMAIN.md §2): event order, the terminal-status rule,
 * first scan and delivery time.
 */
import { EXCEPTION_REASONS, isTerminal, type NormalizedEvent, type TrackingStatus } from './status';
import { bestTime, isInstant } from './time';

/** A status with the moment it was reported; events satisfy this shape once their status is non-null. */
export interface StatusPoint {
  status: TrackingStatus;
  substatus: string | null;
  occurredAt: string | null;
  localTime: string | null;
}

export interface StatusMapping {
  status: TrackingStatus;
  substatus: string | null;
}

export interface DerivedTracking extends StatusMapping {
  /** First event that is neither `created` nor informational: anchors the first-scan KPIs. */
  firstScanAt: string | null;
  /** Time of the newest `delivered` event, only while the status is `delivered`. */
  deliveredAt: string | null;
}

/** Which way round a carrier lists its events. */
export type CarrierOrder = 'newest_first' | 'oldest_first';

type Timed = Pick<NormalizedEvent, 'occurredAt' | 'localTime'>;

/** Code-unit order: normalized `YYYY-MM-DDTHH:mm:ssZ` instants sort chronologically as plain text. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Oldest first. Sorted by instant only when every event has one (stable, so ties keep carrier order);
 * with any local-only time the carrier's own sequence is trusted, since local times may span zones.
 */
export function orderEvents<E extends Timed>(events: readonly E[], carrierOrder: CarrierOrder): E[] {
  const oldestFirst = carrierOrder === 'newest_first' ? [...events].reverse() : [...events];
  if (!oldestFirst.every((e) => isInstant(e.occurredAt))) return oldestFirst;
  return oldestFirst.sort((a, b) => compareText(a.occurredAt as string, b.occurredAt as string));
}

/** >0 when `a` is newer, 0 same age, <0 older, null when the two times cannot be compared safely. */
export function compareAge(a: Timed, b: Timed): number | null {
  if (isInstant(a.occurredAt) && isInstant(b.occurredAt)) return compareText(a.occurredAt, b.occurredAt);
  if (a.localTime !== null && a.localTime === b.localTime) return 0;
  return null;
}

/**
 * Whether `incoming` replaces `current`. A terminal status (delivered, returned, cancelled) yields only to a
 * strictly newer status-bearing point; `incomingIsLater` says the caller knows the sequence (events oldest
 * first) when the times cannot be compared. A non-terminal status yields to anything not provably older.
 */
export function applyIncomingStatus(current: StatusPoint | null, incoming: StatusPoint, incomingIsLater = false): StatusPoint {
  if (current === null) return incoming;
  const age = compareAge(incoming, current);
  if (isTerminal(current.status)) {
    const newer = age === null ? incomingIsLater : age > 0;
    return newer ? incoming : current;
  }
  return age !== null && age < 0 ? current : incoming;
}

const isStatusBearing = (e: NormalizedEvent): e is NormalizedEvent & StatusPoint => e.status !== null && e.status !== 'unknown';

/** An exception always carries one of the known reasons; anything else is `other` (the raw text stays on the event). */
export function normalizeSubstatus(status: TrackingStatus, substatus: string | null): string | null {
  if (status !== 'exception') return substatus;
  return substatus !== null && (EXCEPTION_REASONS as readonly string[]).includes(substatus) ? substatus : 'other';
}

/**
 * Status from the carrier's authoritative field when given, else from the newest status-bearing event
 * (events oldest first). The substatus falls back to the latest event's when it agrees on the status.
 */
export function deriveTracking(events: readonly NormalizedEvent[], authoritative: StatusMapping | null): DerivedTracking {
  const latest = events.filter(isStatusBearing).reduce<StatusPoint | null>((current, e) => applyIncomingStatus(current, e, true), null);
  const status = authoritative?.status ?? latest?.status ?? 'unknown';
  const substatus = authoritative?.substatus ?? (latest?.status === status ? latest.substatus : null);
  const firstScan = events.find((e) => e.status !== null && e.status !== 'created');
  const lastDelivery = [...events].reverse().find((e) => e.status === 'delivered');
  return {
    status,
    substatus: normalizeSubstatus(status, substatus),
    firstScanAt: firstScan ? bestTime(firstScan) : null,
    deliveredAt: status === 'delivered' && lastDelivery ? bestTime(lastDelivery) : null,
  };
}
