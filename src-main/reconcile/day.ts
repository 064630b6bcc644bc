/** Days are a warehouse's local days: a 6 pm label in Reno belongs to that day, not to tomorrow's UTC date. */

const formatters = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

function wallClock(instant: number, timeZone: string): { y: number; m: number; d: number; utcOfWall: number } {
  const parts = Object.fromEntries(formatters(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  return { y, m, d, utcOfWall: Date.UTC(y, m - 1, d, Number(parts.hour), Number(parts.minute), Number(parts.second)) };
}

/** An unknown zone name falls back to UTC rather than failing a report. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatters(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant local midnight of `date` happens in `timeZone` (re-checked once so DST-change days land right). */
function localMidnight(date: string, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const offset = wallClock(guess, timeZone).utcOfWall - Math.floor(guess / 1000) * 1000;
    guess = wall - offset;
  }
  return guess;
}

/** [start, end) of a local day as ISO instants, comparable with the stored `...Z` timestamps. */
export function dayBounds(date: string, timeZone: string): { start: string; end: string } {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: new Date(localMidnight(date, timeZone)).toISOString(), end: new Date(localMidnight(next, timeZone)).toISOString() };
}

/** The local calendar date of an instant. */
export function localDay(instant: number, timeZone: string): string {
  const { y, m, d } = wallClock(instant, timeZone);
  return `${y}-${pad(m)}-${pad(d)}`;
}
