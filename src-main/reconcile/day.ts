import { dayRange, localDate, zoneOffset } from '../../src-shared/domain/time-zones/zones';

/** Days are a warehouse's local days: a 6 pm label in Reno belongs to that day, not to tomorrow's UTC date. */

/** [start, end) of a local day as ISO instants, comparable with the stored `...Z` timestamps. */
export function dayBounds(date: string, timeZone: string): { start: string; end: string } {
  const { start, end } = dayRange(date, zoneOffset(timeZone));
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The local calendar date of an instant. */
export const localDay = (instant: number, timeZone: string): string => localDate(instant, zoneOffset(timeZone));
