/**
 * Pure timestamp helpers for carrier payloads (DOMAIN.md §2 "Timestamps"): every carrier time becomes a UTC
 * instant when an offset is known, plus the carrier's local wall time. Nothing here throws: a missing,
 * malformed or placeholder value ("string", "") yields nulls.
 */

export interface CarrierTime {
  /** UTC instant `YYYY-MM-DDTHH:mm:ssZ`, or null when no offset or GMT value is known. */
  occurredAt: string | null;
  /** Wall time where the event happened, `YYYY-MM-DDTHH:mm:ss`; null when the carrier gave only UTC (`Z`) or no time. */
  localTime: string | null;
  /** Calendar date `YYYY-MM-DD` as written by the carrier (the UTC date for `Z` values). */
  date: string | null;
  /** No time of day was given, or it is exactly 00:00:00: carriers use midnight as a date-only placeholder. */
  dateOnly: boolean;
}

export const NO_TIME: CarrierTime = Object.freeze({ occurredAt: null, localTime: null, date: null, dateOnly: false });

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  hasTime: boolean;
}

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME_OF_DAY = /^(\d{1,2}):?(\d{2})(?::?(\d{2}))?$/;
const OFFSET_PATTERN = /^([+-])?(\d{1,2})(?::?(\d{2}))?$/;

/** North American zone abbreviations as Canada Post sends them (`event-time-zone`), in minutes east of UTC. */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = Object.freeze({
  UTC: 0,
  GMT: 0,
  NST: -210,
  NDT: -150,
  AST: -240,
  ADT: -180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
});

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function makeWall(parts: (string | undefined)[], hasTime: boolean): Wall | null {
  const [year, month, day, hour, minute, second] = parts.map((p) => (p === undefined ? 0 : Number(p)));
  const valid = year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
  return valid ? { year, month, day, hour, minute, second, hasTime } : null;
}

const wallDate = (w: Wall): string => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
const wallString = (w: Wall): string => `${wallDate(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
const isMidnight = (w: Wall): boolean => w.hour === 0 && w.minute === 0 && w.second === 0;

function utcFromWall(w: Wall, offsetMinutes: number): string {
  const ms = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - offsetMinutes * 60_000;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Minutes east of UTC for `Z`, `+05:30`, `-0500`, `-05`, an unsigned `09:00`, or a known zone abbreviation. */
export function offsetMinutes(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toUpperCase();
  if (text === 'Z') return 0;
  if (Object.hasOwn(ZONE_ABBREVIATIONS, text)) return ZONE_ABBREVIATIONS[text];
  const match = OFFSET_PATTERN.exec(text);
  if (!match) return null;
  const [hours, minutes] = [Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 14 || minutes > 59) return null;
  const total = hours * 60 + minutes;
  return match[1] === '-' ? -total : total;
}

function fromWall(w: Wall, offset: number | null, isUtcDesignator: boolean): CarrierTime {
  return {
    occurredAt: offset === null ? null : utcFromWall(w, offset),
    localTime: w.hasTime && !isUtcDesignator ? wallString(w) : null,
    date: wallDate(w),
    dateOnly: !w.hasTime || isMidnight(w),
  };
}

function parseWall(value: unknown): { wall: Wall; designator: string | undefined } | null {
  if (typeof value !== 'string') return null;
  const match = ISO_PATTERN.exec(value.trim());
  if (!match) return null;
  const wall = makeWall(match.slice(1, 7), match[4] !== undefined);
  return wall ? { wall, designator: match[7] } : null;
}

/**
 * ISO 8601 from a carrier: with `Z` or an offset → UTC instant (and the wall time for real offsets);
 * without one → local wall time only; a bare date → date only.
 */
export function parseIsoTime(value: unknown): CarrierTime {
  const parsed = parseWall(value);
  if (!parsed) return NO_TIME;
  const { wall, designator } = parsed;
  const offset = designator === undefined || !wall.hasTime ? null : offsetMinutes(designator);
  return fromWall(wall, offset, designator?.toUpperCase() === 'Z');
}

/** An offset-less local wall time placed with a known offset or zone abbreviation (USPS `GMTOffset`, Canada Post EST). */
export function parseLocalWithOffset(local: unknown, offset: unknown): CarrierTime {
  const parsed = parseWall(local);
  if (!parsed) return NO_TIME;
  if (parsed.designator !== undefined) return parseIsoTime(local);
  return fromWall(parsed.wall, parsed.wall.hasTime ? offsetMinutes(offset) : null, false);
}

/** Keeps the local wall time and takes the instant from a separate UTC value (USPS `GMTTimestamp`). */
export function withUtcInstant(local: CarrierTime, utc: unknown): CarrierTime {
  const instant = parseIsoTime(utc).occurredAt;
  return instant === null ? local : { ...local, occurredAt: instant };
}

/** Wall time from a compact date `YYYYMMDD` (or ISO date) and a time `HHMMSS` / `HH:MM:SS` / `HHMM`, as UPS sends. */
export function compactWallTime(date: unknown, time: unknown): string | null {
  const dateText = typeof date === 'number' ? String(date) : typeof date === 'string' ? date.trim() : '';
  const compact = COMPACT_DATE.exec(dateText);
  const isoDate = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : dateText;
  const timeText = typeof time === 'number' ? pad(time, 6) : typeof time === 'string' ? time.trim() : '';
  const clock = TIME_OF_DAY.exec(timeText.length === 5 && /^\d+$/.test(timeText) ? `0${timeText}` : timeText);
  const candidate = clock ? `${isoDate}T${pad(Number(clock[1]))}:${clock[2]}:${clock[3] ?? '00'}` : isoDate;
  return parseWall(candidate) ? candidate : null;
}

/** UPS local `YYYYMMDD` + `HHMMSS`: local wall time only, since UPS gives no offset beside it. */
export function parseCompactLocal(date: unknown, time: unknown): CarrierTime {
  return parseIsoTime(compactWallTime(date, time));
}

/** An instant compares safely only with another instant; local wall times may come from different zones. */
export const isInstant = (value: string | null): value is string => value !== null && value.endsWith('Z');

/**
 * How an expected-delivery value is stored: a date `YYYY-MM-DD` when the carrier gave only a date (or the
 * midnight placeholder), else the UTC instant, else the local wall time (no `Z`, so it reads as local).
 */
export function expectedAt(time: CarrierTime): string | null {
  if (time.dateOnly) return time.date;
  return time.occurredAt ?? time.localTime;
}

/** The best single string for "when": the UTC instant, else the local wall time (no `Z`). */
export const bestTime = (time: Pick<CarrierTime, 'occurredAt' | 'localTime'>): string | null => time.occurredAt ?? time.localTime;
