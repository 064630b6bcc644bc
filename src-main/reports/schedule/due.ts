/**
 * When scheduled reports are due: a pure function of the schedule, the last run and now, so "the laptop was
 * shut all weekend" is a table test rather than a wait.
 */
import type { ReportSchedule } from '../../../src-shared/api/reports';
import { addDays, dateOfDay, dayNumber, isoWeek } from '../../../src-shared/domain/kpi/calendar';
import { localDate, wallToInstant, type OffsetAt } from '../../../src-shared/domain/time-zones/zones';

const MINUTE = 60_000;

export interface DueRun {
  kind: 'daily' | 'weekly';
  /** The day (daily health) or ISO week (weekly carrier summary) the run reports on. */
  period: string;
  /** The scheduled moment, UTC ms. */
  dueAt: number;
}

export interface ScheduleMarks {
  /** Scheduled moment of the last run of each kind; null before the first. */
  daily: number | null;
  weekly: number | null;
  /** When the schedule was saved: runs scheduled before it are not owed. */
  since: number;
}

/** Missed runs older than this many are skipped: nobody wants a month of daily files at once. */
export const CATCH_UP_LIMIT = { daily: 7, weekly: 4 } as const;

/** The UTC instant of a local wall time `HH:MM` on a local date. */
export function localMoment(date: string, time: string, offsetAt: OffsetAt): number {
  const [h, m] = time.split(':').map(Number);
  return wallToInstant(Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * MINUTE, offsetAt);
}

/** 1 = Monday … 7 = Sunday. */
const weekday = (date: string): number => (((((dayNumber(date) as number) + 3) % 7) + 7) % 7) + 1;

/**
 * Every run scheduled after the last one (or after the schedule was saved) up to and including now, oldest
 * first, the most recent CATCH_UP_LIMIT of each kind. A daily run reports on the day it falls on; a weekly run
 * on the last complete ISO week before it.
 */
export function dueRuns(schedule: Pick<ReportSchedule, 'daily' | 'weekly'>, marks: ScheduleMarks, now: number, offsetAt: OffsetAt): DueRun[] {
  const due: DueRun[] = [];
  for (const kind of ['daily', 'weekly'] as const) {
    const plan = schedule[kind];
    if (!plan.enabled) continue;
    const after = Math.max(marks[kind] ?? marks.since, marks.since);
    const runs: DueRun[] = [];
    const first = dayNumber(localDate(after, offsetAt)) as number;
    const last = dayNumber(localDate(now, offsetAt)) as number;
    // A machine off for years still only walks a bounded number of days.
    for (let day = Math.max(first, last - 400); day <= last; day++) {
      const date = dateOfDay(day);
      if (kind === 'weekly' && weekday(date) !== schedule.weekly.weekday) continue;
      const at = localMoment(date, plan.time, offsetAt);
      if (at <= after || at > now) continue;
      runs.push({ kind, period: kind === 'daily' ? date : isoWeek(addDays(date, -7)), dueAt: at });
    }
    due.push(...runs.slice(-CATCH_UP_LIMIT[kind]));
  }
  return due.sort((a, b) => a.dueAt - b.dueAt);
}
