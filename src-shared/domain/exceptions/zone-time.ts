import { localDate, safeTimeZone, wallToInstant as wallToZoneInstant, zoneOffset, type OffsetAt } from '../time-zones/zones';

/**
 * Wall-clock arithmetic in a warehouse's IANA time zone (rules in ../time-zones), cached per pass, and business-hours deadlines.
 *
 * Business hours are stored in `warehouses.business_hours` as JSON in the warehouse's own time zone:
 *   {"days":[1,2,3,4,5],"start":"08:00","end":"18:00"}
 * days: ISO weekdays (1 = Monday … 7 = Sunday); start < end on the same day (no overnight shifts).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const QUARTER_MS = HOUR_MS / 4;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface BusinessHours {
  days: number[];
  start: string;
  end: string;
}

const minutesOf = (clock: string): number => {
  const match = CLOCK.exec(clock);
  return match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
};

/** The reason a business-hours value is unusable, or null when it is fine. */
export function businessHoursProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'business hours must be an object {days, start, end}';
  const { days, start, end } = value as Record<string, unknown>;
  if (!Array.isArray(days) || days.length === 0 || !days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    return 'days must list ISO weekdays 1 (Monday) to 7 (Sunday)';
  }
  if (new Set(days).size !== days.length) return 'days must not repeat';
  if (typeof start !== 'string' || !CLOCK.test(start) || typeof end !== 'string' || !CLOCK.test(end)) {
    return 'start and end must be HH:MM (24-hour)';
  }
  if (minutesOf(start) >= minutesOf(end)) return 'start must be before end on the same day';
  return null;
}

/** Parses the stored JSON; null (calendar hours) when unset or unusable, with the problem for the log. */
export function parseBusinessHours(json: string | null): { hours: BusinessHours | null; problem: string | null } {
  if (json === null || json.trim() === '') return { hours: null, problem: null };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { hours: null, problem: 'business hours are not valid JSON' };
  }
  const problem = businessHoursProblem(value);
  return problem ? { hours: null, problem } : { hours: value as BusinessHours, problem: null };
}

export const isDate = (text: string): boolean => DATE.test(text);

export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string): number => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export interface ZoneMath {
  /** Minutes east of UTC in `zone` at instant `ms`. */
  offsetMinutes(ms: number, zone: string): number;
  /** Calendar date `YYYY-MM-DD` of an instant in `zone`. */
  dateIn(ms: number, zone: string): string;
  /** The instant of a wall time (`HH:MM`) on a date in `zone`; a wall time skipped by DST moves forward by the gap, a repeated one takes the first. */
  wallToInstant(date: string, clock: string, zone: string): number;
  /** The instant the day after `date` begins in `zone`: anything at or after it is "past the end of" that day. */
  endOfDay(date: string, zone: string): number;
}

/** Offsets are cached per instance: make one per evaluation pass, never a module singleton. */
export function createZoneMath(): ZoneMath {
  const zoneOffsets = new Map<string, OffsetAt>();
  const offsets = new Map<string, number>();
  const walls = new Map<string, number>();

  const offsetsOf = (zone: string): OffsetAt => {
    let offsetAt = zoneOffsets.get(zone);
    // An unknown zone name is treated as UTC rather than failing the whole evaluation.
    if (!offsetAt) zoneOffsets.set(zone, (offsetAt = zoneOffset(safeTimeZone(zone))));
    return offsetAt;
  };

  const offsetMinutes = (ms: number, zone: string): number => {
    // Real zones change offset only on quarter-hour UTC instants, so one lookup per quarter hour and zone is enough.
    const sliceStart = Math.floor(ms / QUARTER_MS) * QUARTER_MS;
    const key = `${zone}|${sliceStart}`;
    let offset = offsets.get(key);
    if (offset === undefined) offsets.set(key, (offset = offsetsOf(zone)(sliceStart)));
    return offset;
  };

  const dateIn = (ms: number, zone: string): string => localDate(ms, (t) => offsetMinutes(t, zone));

  const wallToInstant = (date: string, clock: string, zone: string): number => {
    const key = `${zone}|${date}|${clock}`;
    let instant = walls.get(key);
    if (instant === undefined) walls.set(key, (instant = wallToZoneInstant(Date.parse(`${date}T${clock}:00Z`), (t) => offsetMinutes(t, zone))));
    return instant;
  };

  const dayEnds = new Map<string, number>();
  const endOfDay = (date: string, zone: string): number => {
    const key = `${zone}|${date}`;
    let end = dayEnds.get(key);
    if (end === undefined) dayEnds.set(key, (end = wallToInstant(nextDate(date), '00:00', zone)));
    return end;
  };

  return { offsetMinutes, dateIn, wallToInstant, endOfDay };
}

/** Guards the day loop: a year of calendar days is far beyond any threshold (MAX_THRESHOLD_HOURS = 30 days). */
const MAX_DAYS = 400;

/**
 * The instant at which `durationMs` of business time has passed since `startMs`, counting only the
 * warehouse's opening hours; time before opening or after closing does not count.
 */
export function addBusinessTime(startMs: number, durationMs: number, hours: BusinessHours, zone: string, zones: ZoneMath): number {
  let remaining = durationMs;
  let date = zones.dateIn(startMs, zone);
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    if (!hours.days.includes(isoWeekday(date))) continue;
    const open = zones.wallToInstant(date, hours.start, zone);
    const close = zones.wallToInstant(date, hours.end, zone);
    const from = Math.max(open, startMs);
    if (from >= close) continue;
    if (remaining <= close - from) return from + remaining;
    remaining -= close - from;
  }
  return Number.POSITIVE_INFINITY;
}
