/** Calendar arithmetic on `YYYY-MM-DD` dates for reports: ISO weeks and business days. No time zones here. */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

/** Days since 1970-01-01 (a Thursday), or null for anything that is not a real calendar date. */
export function dayNumber(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / DAY_MS : null;
}

export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return dateOfDay(day + days);
}

/** 1 = Monday … 7 = Sunday. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** ISO 8601 week `YYYY-Www`: weeks start on Monday and belong to the year of their Thursday. */
export function isoWeek(date: string): string {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  const thursday = day + 4 - isoWeekday(day);
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export const isIsoWeek = (week: string): boolean => {
  const match = WEEK.exec(week);
  return match !== null && Number(match[2]) >= 1 && isoWeek(isoWeekRange(week).from) === week;
};

/** Monday and Sunday of an ISO week. */
export function isoWeekRange(week: string): { from: string; to: string } {
  const match = WEEK.exec(week);
  if (!match) throw new RangeError(`not an ISO week: ${week}`);
  // 4 January is always in week 1.
  const jan4 = Date.UTC(Number(match[1]), 0, 4) / DAY_MS;
  const monday = jan4 - (isoWeekday(jan4) - 1) + (Number(match[2]) - 1) * 7;
  return { from: dateOfDay(monday), to: dateOfDay(monday + 6) };
}

export const previousIsoWeek = (week: string): string => isoWeek(addDays(isoWeekRange(week).from, -7));

/** Whole weeks do not need a loop: 5 working days in every 7. */
function weekdaysUpTo(day: number): number {
  // Count of Mon–Fri days in [0, day) with day 0 a Thursday; shifting by 3 puts day 0 on a Monday.
  const shifted = day + 3;
  const weeks = Math.floor(shifted / 7);
  const rest = shifted - weeks * 7;
  return weeks * 5 + Math.min(rest, 5) - 3;
}

/**
 * Business days from `start` to `end`: the Monday–Friday dates after `start` up to and including `end`
 * (picked up Friday, delivered Monday = 1; same day = 0). Public holidays are not known and count as
 * working days. Negative when `end` is before `start`; null when either is not a date.
 */
export function businessDaysBetween(start: string, end: string): number | null {
  const a = dayNumber(start);
  const b = dayNumber(end);
  return a === null || b === null ? null : businessDaysBetweenDays(a, b);
}

/** The same on day numbers, for the report's hot loop. */
export function businessDaysBetweenDays(startDay: number, endDay: number): number {
  return weekdaysUpTo(endDay + 1) - weekdaysUpTo(startDay + 1);
}
