import type { WeeklyCarrierRow, WeeklyCarriersArgs, WeeklyCarriersReport } from '../../src-shared/api/reports';
import { addDays, isoWeek, isoWeekRange, previousIsoWeek } from '../../src-shared/domain/kpi/calendar';
import { METRIC_DEFINITIONS } from '../../src-shared/domain/kpi/definitions';
import { emptyTally, metricChange, performanceFromTally, type PerformanceTally } from '../../src-shared/domain/kpi/performance';
import type { Db } from '../db/create-db';
import type { Pace } from '../platform/pace';
import { tallyByGroup, totalOf } from './performance';

/** The ISO week before the one `now` falls in (UTC): the last week with every day complete. */
export const lastCompleteWeek = (now: number): string => isoWeek(addDays(new Date(now).toISOString().slice(0, 10), -7));

function row(current: PerformanceTally, previous: PerformanceTally | null): Omit<WeeklyCarrierRow, 'carrier'> {
  const now = performanceFromTally(current);
  const before = previous && previous.shipped > 0 ? performanceFromTally(previous).metrics : null;
  return { current: now.metrics, populations: now.populations, previous: before, change: metricChange(now.metrics, before) };
}

/** The performance table by carrier for one week, beside the week before; both weeks are tallied in one pass. */
export async function weeklyCarriers(db: Db, args: WeeklyCarriersArgs, now: number, pace?: Pace): Promise<WeeklyCarriersReport> {
  const week = args.week ?? lastCompleteWeek(now);
  const previousWeek = previousIsoWeek(week);
  const { from, to } = isoWeekRange(week);
  const tallies = await tallyByGroup(db, ['carrier', 'week'], { from: isoWeekRange(previousWeek).from, to, filter: args.filter }, pace);
  const thisWeek = tallies.filter((g) => g.values.week === week);
  const weekBefore = tallies.filter((g) => g.values.week === previousWeek);
  const carriers = [...new Set(tallies.map((g) => g.values.carrier as string))].sort();
  const tallyOf = (groups: typeof tallies, carrier: string) => groups.find((g) => g.values.carrier === carrier)?.tally ?? null;
  return {
    week,
    from,
    to,
    previousWeek,
    carriers: carriers.map((carrier) => ({ carrier, ...row(tallyOf(thisWeek, carrier) ?? emptyTally(), tallyOf(weekBefore, carrier)) })),
    total: row(totalOf(thisWeek), totalOf(weekBefore)),
    definitions: METRIC_DEFINITIONS,
    generatedAt: new Date(now).toISOString(),
  };
}
