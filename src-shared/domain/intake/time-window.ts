/**
 * One rule for every time that comes in (files, platforms, backfill, carrier payloads): it must fall in a
 * window around now. A year-9999 "delivered" would otherwise end a parcel's story for good.
 */
export type TimeKind = 'event' | 'expected';

const DAY_MS = 86_400_000;
const EARLIEST = '2000-01-01';
const EARLIEST_MS = Date.parse(`${EARLIEST}T00:00:00Z`);

/** How far ahead of now each kind may reach: an event or label a year (clock skew, scheduled labels), a promise five. */
export const DAYS_AHEAD: Readonly<Record<TimeKind, number>> = Object.freeze({ event: 366, expected: 5 * 366 });

/** `value` is a UTC instant (`…Z`) or a calendar date `YYYY-MM-DD`; null when it is inside the window, else the reason. */
export function timeWindowProblem(kind: TimeKind, value: string, nowMs: number): string | null {
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  const latestMs = nowMs + DAYS_AHEAD[kind] * DAY_MS;
  if (!Number.isNaN(ms) && ms >= EARLIEST_MS && ms <= latestMs) return null;
  const latest = new Date(latestMs).toISOString().slice(0, 10);
  return `${value.slice(0, 40)} is outside ${EARLIEST} … ${latest} (${kind === 'event' ? 'a year' : 'five years'} from today at most)`;
}
