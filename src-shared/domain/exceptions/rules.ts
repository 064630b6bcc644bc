/**
 * The computed flags (DOMAIN.md §2): pure functions of a shipment's stored facts, its thresholds, its
 * warehouse's calendar and "now". Staleness never touches the status itself.
 */
import { flagBit } from '../tracking/flags';
import { isTerminal, type TrackingStatus } from '../tracking/status';
import type { ResolvedThreshold } from './thresholds';
import { addBusinessTime, isDate, type BusinessHours, type ZoneMath } from './zone-time';

const HOUR_MS = 3_600_000;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

export const STALLED = flagBit('stalled');
export const NO_FIRST_SCAN = flagBit('no_first_scan');
export const LATE = flagBit('late');
export const AT_RISK = flagBit('at_risk');

export interface ShipmentFacts {
  status: TrackingStatus;
  labelCreatedAt: string;
  lastEventAt: string | null;
  firstScanAt: string | null;
  deliveredAt: string | null;
  expectedDeliveryOriginal: string | null;
  expectedDeliveryCurrent: string | null;
}

export interface WarehouseCalendar {
  timeZone: string;
  businessHours: BusinessHours | null;
}

export interface FlagEnvironment {
  now: number;
  threshold: ResolvedThreshold;
  /** The shipment's warehouse; UTC calendar hours when it has none. */
  calendar: WarehouseCalendar;
  zones: ZoneMath;
}

/**
 * An instant in ms. A carrier's local-only wall time (no offset, see tracking/time.ts) is read as UTC: off by the
 * zone's offset at most, which is well inside any threshold measured in hours.
 */
export function toInstantMs(text: string | null): number | null {
  if (!text) return null;
  const ms = Date.parse(isDate(text) ? `${text}T00:00:00Z` : HAS_ZONE.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The calendar day an expected-delivery value names, in the warehouse's zone when it is an instant. */
export function expectedDay(value: string | null, calendar: WarehouseCalendar, zones: ZoneMath): string | null {
  if (!value) return null;
  if (isDate(value)) return value;
  if (HAS_ZONE.test(value)) {
    const ms = toInstantMs(value);
    return ms === null ? null : zones.dateIn(ms, calendar.timeZone);
  }
  const day = value.slice(0, 10);
  return isDate(day) ? day : null;
}

const DAY_MINUTES = 24 * 60;
const MONTH_MS = 30 * 24 * HOUR_MS;
/** Slack for an offset the monthly samples miss (a summer time shorter than a month). */
const SUMMER_SLACK_MINUTES = 60;

/**
 * The earliest a day between `fromMs` and `toMs` can end in `zone`, in minutes after that day's midnight UTC: a
 * day ends at midnight UTC + 24 h minus the zone's offset then, so never before 24 h minus its largest offset,
 * which monthly samples find (less an hour's slack). A parcel delivered before this on its expected day was not
 * late, whatever the exact offset: what lets SQL leave such parcels out of a first pass.
 */
export function earliestDayEndMinutes(zone: string, fromMs: number, toMs: number, zones: ZoneMath): number {
  let largest = -Infinity;
  for (let t = fromMs - 2 * MONTH_MS; t <= toMs + 2 * MONTH_MS; t += MONTH_MS) largest = Math.max(largest, zones.offsetMinutes(t, zone));
  return DAY_MINUTES - largest - SUMMER_SLACK_MINUTES;
}

/** When `no_first_scan` fires: N hours after the label, counted in business hours when the warehouse has them. */
export function noFirstScanDeadline(labelCreatedMs: number, env: FlagEnvironment): number {
  const duration = env.threshold.noFirstScanHours * HOUR_MS;
  const { businessHours, timeZone } = env.calendar;
  return businessHours ? addBusinessTime(labelCreatedMs, duration, businessHours, timeZone, env.zones) : labelCreatedMs + duration;
}

/**
 * - stalled: no carrier event for strictly longer than the threshold, once the carrier has the parcel
 *   (a `created` parcel is `no_first_scan`'s business) and while the status is not terminal;
 * - no_first_scan: still `created` at or after the deadline;
 * - late: now (or the delivery time) at or after the end of the original expected day, in the warehouse's zone;
 * - at_risk: the current expected day is after the original one, while not terminal.
 */
export function evaluateFlags(f: ShipmentFacts, env: FlagEnvironment): number {
  let mask = 0;
  const terminal = isTerminal(f.status);
  if (!terminal && f.status !== 'created') {
    const last = toInstantMs(f.lastEventAt ?? f.firstScanAt ?? f.labelCreatedAt);
    if (last !== null && env.now - last > env.threshold.stalledHours * HOUR_MS) mask |= STALLED;
  }
  if (f.status === 'created') {
    const created = toInstantMs(f.labelCreatedAt);
    if (created !== null && env.now >= noFirstScanDeadline(created, env)) mask |= NO_FIRST_SCAN;
  }
  const original = expectedDay(f.expectedDeliveryOriginal, env.calendar, env.zones);
  if (original !== null) {
    const deadline = env.zones.endOfDay(original, env.calendar.timeZone);
    if (f.status === 'delivered') {
      const delivered = toInstantMs(f.deliveredAt);
      if (delivered !== null && delivered >= deadline) mask |= LATE;
    } else if (!terminal && env.now >= deadline) mask |= LATE;
    const current = expectedDay(f.expectedDeliveryCurrent, env.calendar, env.zones);
    if (!terminal && current !== null && current > original) mask |= AT_RISK;
  }
  return mask;
}

/**
 * The earliest instant after which `evaluateFlags` could answer differently with the same facts, or null when
 * time alone changes nothing. Time only ever sets stalled, no_first_scan and late (at_risk compares two stored
 * days), so the answer is the nearest deadline of a flag not yet set. A rules pass re-reads a shipment whose
 * facts are unchanged only once this has passed, which keeps steady passes proportional to what changed.
 */
export function flagsDueAt(f: ShipmentFacts, flags: number, env: FlagEnvironment): number | null {
  let due = Infinity;
  const terminal = isTerminal(f.status);
  if (!terminal && f.status !== 'created' && !(flags & STALLED)) {
    const last = toInstantMs(f.lastEventAt ?? f.firstScanAt ?? f.labelCreatedAt);
    // Strictly longer than the threshold: one millisecond past it.
    if (last !== null) due = Math.min(due, last + env.threshold.stalledHours * HOUR_MS + 1);
  }
  if (f.status === 'created' && !(flags & NO_FIRST_SCAN)) {
    const created = toInstantMs(f.labelCreatedAt);
    if (created !== null) due = Math.min(due, noFirstScanDeadline(created, env));
  }
  if (!terminal && !(flags & LATE)) {
    const original = expectedDay(f.expectedDeliveryOriginal, env.calendar, env.zones);
    if (original !== null) due = Math.min(due, env.zones.endOfDay(original, env.calendar.timeZone));
  }
  return due === Infinity ? null : due;
}
