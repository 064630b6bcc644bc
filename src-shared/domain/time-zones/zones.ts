/**
 * Time-zone rules, written once: which zone names are real, a zone's offset at an instant (from Intl alone),
 * the instant a wall time names, local dates and days. Every zone-aware part of the core and the contract uses these.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Minutes east of UTC at an instant (DST moves it). */
export type OffsetAt = (ms: number) => number;

/** A wall time (calendar fields, no zone) written as if it were UTC: `Date.UTC(y, m - 1, d, h, mi, s, ms)`. */
type WallMs = number;

/** Intl formatters are costly to build: callers build one per zone and keep it. Throws RangeError for an unknown zone. */
const formatterFor = (zone: string): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** An unknown or missing zone name falls back to UTC rather than failing a report or an evaluation. */
export const safeTimeZone = (zone: string | null | undefined): string => (zone && isTimeZone(zone) ? zone : 'UTC');

/** The zone this machine's clock is set to. */
export const machineTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The machine's own offset, for schedules and reports that follow the computer's clock. */
export const machineOffset: OffsetAt = (ms) => -new Date(ms).getTimezoneOffset();

/** The offsets of one zone; an unknown name throws RangeError (see `safeTimeZone`). */
export function zoneOffset(zone: string): OffsetAt {
  const format = formatterFor(zone);
  return (ms) => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000) / MINUTE_MS);
  };
}

/** The instant a wall time names: a time skipped by DST moves forward by the gap, a repeated one takes its first instant. */
export function wallToInstant(wall: WallMs, offsetAt: OffsetAt): number {
  // The offsets a day either side bracket any change on this day; a candidate fits when it reads back as the wall time.
  const before = wall - offsetAt(wall - DAY_MS) * MINUTE_MS;
  const after = wall - offsetAt(wall + DAY_MS) * MINUTE_MS;
  const fits = [before, after].filter((t) => t + offsetAt(t) * MINUTE_MS === wall);
  return fits.length > 0 ? Math.min(...fits) : before;
}

/** The wall time of an instant, as `WallMs`. */
export const instantToWall = (ms: number, offsetAt: OffsetAt): WallMs => ms + offsetAt(ms) * MINUTE_MS;

/** The local calendar date `YYYY-MM-DD` of an instant. */
export const localDate = (ms: number, offsetAt: OffsetAt): string => new Date(instantToWall(ms, offsetAt)).toISOString().slice(0, 10);

/** The instant a local date's midnight happens (or the first instant after it, where DST skips midnight). */
const startOfDay = (date: string, offsetAt: OffsetAt): number => wallToInstant(Date.parse(`${date}T00:00:00Z`), offsetAt);

/** [start, end) of a local day as ISO instants, comparable with the stored `...Z` times; 23 or 25 hours on DST-change days. */
export function dayRange(date: string, offsetAt: OffsetAt): { start: string; end: string } {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return { start: new Date(startOfDay(date, offsetAt)).toISOString(), end: new Date(startOfDay(next, offsetAt)).toISOString() };
}
