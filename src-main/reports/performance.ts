import type { CarrierPerformanceArgs, CarrierPerformanceReport, PerformanceCharts, PerformanceGroup } from '../../src-shared/api/reports';
import { businessDaysBetweenDays } from '../../src-shared/domain/kpi/calendar';
import { mergeSorted, sortedCopy } from '../../src-shared/domain/kpi/stats';
import { METRIC_DEFINITIONS, SCOPE } from '../../src-shared/domain/kpi/definitions';
import {
  addCounts,
  DISTRIBUTION_METRICS,
  emptyTally,
  GROUP_KEYS,
  TRANSIT_BIN_DAYS,
  transitHistogram,
  mergeTally,
  performanceFromTally,
  type DistributionMetric,
  type GroupKey,
  type GroupValues,
  type PerformanceTally,
} from '../../src-shared/domain/kpi/performance';
import type { Db } from '../db/create-db';
import { BIT, closedItemsSql, exceptionReasonsSql, factsSql, type Scope } from './facts';
import { yieldToEventLoop, type Pace } from '../platform/pace';

/** Shipments per statement: a few tens of milliseconds of SQLite work between two yields. */
const ID_RANGE = 10_000;

export interface GroupTally {
  values: GroupValues;
  tally: PerformanceTally;
}

type Cell = string | number | null;

/** Calls `each(lo, hi)` for consecutive id ranges (lo, hi] covering every shipment, yielding in between. */
async function forEachIdRange(db: Db, pace: Pace, each: (lo: number, hi: number) => void): Promise<void> {
  const bounds = db.first(
    db.kysely
      .selectFrom('shipments')
      .select((eb) => [eb.fn.min<number | null>('id').as('lo'), eb.fn.max<number | null>('id').as('hi')])
      .compile(),
  );
  if (!bounds || bounds.lo === null || bounds.hi === null) return;
  for (let lo = bounds.lo - 1; lo < bounds.hi; lo += ID_RANGE) {
    each(lo, Math.min(lo + ID_RANGE, bounds.hi));
    await pace();
  }
}

const keyOf = (row: readonly Cell[], width: number): string => {
  let key = '';
  for (let i = 0; i < width; i++) key += `${row[i] === null ? '\u0000' : String(row[i])}\u001f`;
  return key;
};

/** Counts every shipment in scope into its group: SQL classifies each shipment, this loop only adds up. */
export async function tallyByGroup(db: Db, groupBy: readonly GroupKey[], scope: Scope, pace: Pace = yieldToEventLoop): Promise<GroupTally[]> {
  const facts = factsSql(groupBy, scope);
  const reasons = exceptionReasonsSql(groupBy, scope);
  const factRows = db.prepare(facts.sql).raw(true);
  const reasonRows = db.prepare(reasons.sql).raw(true);
  const items = closedItemsSql(groupBy, scope);
  const itemRows = db.prepare(items.sql).raw(true);
  const width = groupBy.length;
  const groups = new Map<string, GroupTally>();
  const groupFor = (row: readonly Cell[]): PerformanceTally => {
    const key = keyOf(row, width);
    let entry = groups.get(key);
    if (!entry) {
      entry = { values: Object.fromEntries(groupBy.map((k, i) => [k, row[i] as string | null])), tally: emptyTally() };
      groups.set(key, entry);
    }
    return entry.tally;
  };

  await forEachIdRange(db, pace, (lo, hi) => {
    for (const row of factRows.all(lo, hi, ...facts.params) as Cell[][]) {
      const t = groupFor(row);
      const bits = row[width] as number;
      const deliveredDay = row[width + 1] as number | null;
      const expectedDay = row[width + 2] as number | null;
      const firstScanDay = row[width + 3] as number | null;
      const latency = row[width + 4] as number | null;
      const transit = row[width + 5] as number | null;
      t.shipped++;
      if (bits & BIT.delivered) t.delivered++;
      if (bits & BIT.terminal) t.terminal++;
      if (bits & BIT.delivered && bits & BIT.firstAttempt) t.firstAttemptDelivered++;
      if (bits & BIT.hadException) t.withException++;
      if (bits & BIT.everStalled) t.everStalled++;
      if (deliveredDay !== null && expectedDay !== null) {
        t.deliveredWithExpected++;
        if (deliveredDay <= expectedDay) t.onTime++;
        t.varianceDaysSum += deliveredDay - expectedDay;
      }
      if (deliveredDay !== null && firstScanDay !== null) t.transitBusinessDays.push(businessDaysBetweenDays(firstScanDay, deliveredDay));
      if (latency !== null) t.firstScanLatencyHours.push(latency);
      if (transit !== null) t.transitHours.push(transit);
    }
    for (const row of reasonRows.all({ lo, hi }, ...reasons.params) as Cell[][]) {
      const byReason = groupFor(row).exceptionsByReason;
      const reason = row[width] as string;
      byReason[reason] = (byReason[reason] ?? 0) + (row[width + 1] as number);
    }
    for (const row of itemRows.all({ lo, hi }, ...items.params) as Cell[][]) {
      const t = groupFor(row);
      t.closedExceptions += row[width] as number;
      t.proactivelyResolved += row[width + 1] as number;
      t.selfRecovered += row[width + 2] as number;
    }
  });

  return [...groups.values()].sort((a, b) => compareGroups(a.values, b.values, groupBy));
}

/** Alphabetical by each grouping in turn; shipments with no value (no service) last. */
function compareGroups(a: GroupValues, b: GroupValues, groupBy: readonly GroupKey[]): number {
  for (const key of groupBy) {
    const x = a[key] ?? null;
    const y = b[key] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function totalOf(groups: readonly GroupTally[]): PerformanceTally {
  const total = emptyTally();
  for (const g of groups) mergeTally(total, g.tally);
  return total;
}

/** Folds fine-grained groups into coarser ones (carrier × week into carrier); medians stay exact since raw values move along. */
export function rollUp(fine: readonly GroupTally[], keys: readonly GroupKey[]): GroupTally[] {
  const groups = new Map<string, GroupTally>();
  for (const g of fine) {
    const values: GroupValues = Object.fromEntries(keys.map((k) => [k, g.values[k] ?? null]));
    const key = keys.map((k) => `${values[k] ?? '\u0000'}\u001f`).join('');
    const entry = groups.get(key) ?? { values, tally: emptyTally() };
    mergeTally(entry.tally, g.tally);
    groups.set(key, entry);
  }
  return [...groups.values()].sort((a, b) => compareGroups(a.values, b.values, keys));
}

type Figures = ReturnType<typeof performanceFromTally>;

/** Sorts one group's durations, a metric per turn of the event loop: a million values take a while to sort. */
async function sortDurations(tally: PerformanceTally, pace: Pace): Promise<Record<DistributionMetric, Float64Array>> {
  const sorted = {} as Record<DistributionMetric, Float64Array>;
  for (const metric of DISTRIBUTION_METRICS) {
    sorted[metric] = sortedCopy(tally[metric]);
    await pace();
  }
  return sorted;
}

/** Merges many ascending arrays pairwise, round by round (log k passes over the values), yielding between rounds. */
async function mergeAll(arrays: Float64Array[], pace: Pace): Promise<Float64Array> {
  let round = arrays;
  while (round.length > 1) {
    const next: Float64Array[] = [];
    for (let i = 0; i < round.length; i += 2) next.push(i + 1 < round.length ? mergeSorted(round[i], round[i + 1]) : round[i]);
    round = next;
    await pace();
  }
  return round[0] ?? new Float64Array(0);
}

/** Figures for every group and for all of them together; the total's durations are the groups' sorted values merged. */
async function finish(groups: readonly GroupTally[], pace: Pace): Promise<{ figures: Figures[]; total: Figures }> {
  const figures: Figures[] = [];
  const total = emptyTally();
  const parts: Record<DistributionMetric, Float64Array[]> = { firstScanLatencyHours: [], transitHours: [], transitBusinessDays: [] };
  for (const g of groups) {
    const sorted = await sortDurations(g.tally, pace);
    figures.push(performanceFromTally(g.tally, sorted));
    addCounts(total, g.tally);
    for (const [reason, n] of Object.entries(g.tally.exceptionsByReason)) total.exceptionsByReason[reason] = (total.exceptionsByReason[reason] ?? 0) + n;
    for (const metric of DISTRIBUTION_METRICS) parts[metric].push(sorted[metric]);
  }
  const all = {} as Record<DistributionMetric, Float64Array>;
  for (const metric of DISTRIBUTION_METRICS) all[metric] = await mergeAll(parts[metric], pace);
  return { figures, total: performanceFromTally(total, all) };
}

async function charts(fine: readonly GroupTally[], pace: Pace): Promise<PerformanceCharts> {
  const weeks = rollUp(fine, ['carrier', 'week']);
  const { figures } = await finish(weeks, pace);
  const weekly = weeks.map((g, i) => ({
    carrier: g.values.carrier as string,
    week: g.values.week as string,
    onTimeRate: figures[i].metrics.onTimeRate,
    exceptionRate: figures[i].metrics.exceptionRate,
    delivered: figures[i].populations.onTimeRate,
    shipped: figures[i].metrics.shipped,
  }));
  const transit = rollUp(fine, ['carrier']).map((g) => ({ carrier: g.values.carrier as string, ...transitHistogram(g.tally.transitHours) }));
  return { weekly, transit: { binDays: TRANSIT_BIN_DAYS, carriers: transit.filter((c) => c.total > 0) } };
}

/**
 * The performance table over a range. With `withCharts`, the same single pass (grouped finely enough) also
 * yields the on-time and exception trends per carrier and week and the transit-time distribution.
 */
export async function carrierPerformance(db: Db, args: CarrierPerformanceArgs, now: number, pace: Pace = yieldToEventLoop): Promise<CarrierPerformanceReport> {
  const fineKeys = args.withCharts ? GROUP_KEYS.filter((k) => args.groupBy.includes(k) || k === 'carrier' || k === 'week') : args.groupBy;
  const fine = await tallyByGroup(db, fineKeys, args, pace);
  const groups = args.withCharts ? rollUp(fine, args.groupBy) : fine;
  const { figures, total } = await finish(groups, pace);
  return {
    from: args.from,
    to: args.to,
    groupBy: args.groupBy,
    groups: groups.map((g, i): PerformanceGroup => ({ ...g.values, ...figures[i].metrics, populations: figures[i].populations })),
    total: { ...total.metrics, populations: total.populations },
    definitions: METRIC_DEFINITIONS,
    scope: SCOPE,
    generatedAt: new Date(now).toISOString(),
    ...(args.withCharts ? { charts: await charts(fine, pace) } : {}),
  };
}
