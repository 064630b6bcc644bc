import { instantToWall, wallToInstant, zoneOffset } from '../../src-shared/domain/time-zones/zones';

/**
 * Upstream times in the shapes platforms and spreadsheets write them, turned into UTC instants
 * (`toISOString()` form, as the rest of the store keeps them) or calendar dates.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  hasTime: boolean;
  /** Minutes east of UTC when the text carried an offset. */
  offset: number | null;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function wall(parts: number[], hasTime: boolean, offset: number | null): WallTime | null {
  const [year, month, day, hour, minute, second, millisecond] = parts;
  const valid =
    year >= 1970 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59;
  return valid ? { year, month, day, hour, minute, second, millisecond, hasTime, offset } : null;
}

function parseOffset(text: string | undefined): number | null {
  if (!text) return null;
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
  return text.startsWith('-') ? -minutes : minutes;
}

/** ISO 8601 (`T` or space, optional fraction of any length, optional offset) or US `M/D/YYYY [h:mm[:ss] [AM|PM]]`. */
export function parseWallTime(text: string): WallTime | null {
  const iso = ISO.exec(text);
  if (iso) {
    const ms = iso[7] ? Number(iso[7].slice(0, 3).padEnd(3, '0')) : 0;
    const nums = [1, 2, 3, 4, 5, 6].map((i) => Number(iso[i] ?? 0));
    return wall([...nums, ms], iso[4] !== undefined, iso[4] === undefined ? null : parseOffset(iso[8]));
  }
  const us = US.exec(text);
  if (us) {
    let hour = Number(us[4] ?? 0);
    const meridiem = us[7]?.toUpperCase();
    if (meridiem && (hour < 1 || hour > 12)) return null;
    if (meridiem === 'PM' && hour < 12) hour += 12;
    if (meridiem === 'AM' && hour === 12) hour = 0;
    return wall([Number(us[3]), Number(us[1]), Number(us[2]), hour, Number(us[5] ?? 0), Number(us[6] ?? 0), 0], us[4] !== undefined, null);
  }
  return null;
}

/** One zone's offsets, built once per zone and kept for every row (see src-shared/domain/time-zones). */
export function createZoneClock(zone: string) {
  const offsetAt = zoneOffset(zone);
  return {
    zone,
    offsetAt,
    /** The instant a wall time in `zone` names; a time skipped by DST moves forward, a repeated one takes its first instant. */
    toInstant(w: Pick<WallTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond'>): number {
      return wallToInstant(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond), offsetAt);
    },
    /** `YYYY-MM-DD HH:mm:ss` wall time in `zone`, the shape ShipStation V1 takes in its date filters. */
    wallString(ms: number): string {
      const local = new Date(instantToWall(ms, offsetAt)).toISOString();
      return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
    },
  };
}
export type ZoneClock = ReturnType<typeof createZoneClock>;

export type InstantResult = { ok: true; iso: string } | { ok: false; problem: 'bad' | 'no_offset' };

const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const CANONICAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A label creation time: with an offset it is exact; without one it needs the source's zone. */
export function toInstant(text: string, zone: ZoneClock | null): InstantResult {
  // FORMATS.md's own shape, most rows of a big file: checked by round trip instead of a full parse.
  if (CANONICAL_UTC.test(text)) {
    const ms = Date.parse(text);
    const iso = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
    if (iso.startsWith(text.slice(0, 19))) return { ok: true, iso };
  }
  const w = parseWallTime(text);
  if (!w) return { ok: false, problem: 'bad' };
  if (w.offset !== null) {
    const ms = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - w.offset * 60_000;
    return { ok: true, iso: new Date(ms).toISOString() };
  }
  if (!zone) return { ok: false, problem: 'no_offset' };
  return { ok: true, iso: new Date(zone.toInstant(w)).toISOString() };
}

/** A calendar date as written (ship date, promised date); a time part, if any, is dropped. */
export function toDate(text: string): string | null {
  const plain = CANONICAL_DATE.exec(text);
  if (plain && Number(plain[2]) >= 1 && Number(plain[2]) <= 12 && Number(plain[3]) >= 1 && Number(plain[3]) <= daysIn(Number(plain[1]), Number(plain[2])))
    return text;
  const w = parseWallTime(text);
  if (!w) return null;
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
