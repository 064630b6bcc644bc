/**
 * Carrier performance (DOMAIN.md §7, FORMATS.md "Carrier performance report"): the figures, what each one
 * means, and the pure step from counted facts to figures. Counting happens in SQL (src-main/reports); here
 * counts become rates and raw durations become distributions.
 */
import { distributionOfSorted, rate, roundDistribution, roundTo, sortedCopy, type Distribution } from './stats';

export const GROUP_KEYS = ['carrier', 'service', 'warehouse', 'week'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
/** The value of each grouping column for one row of the table; null when the shipment has none (no service). */
export type GroupValues = Partial<Record<GroupKey, string | null>>;

export const DISTRIBUTION_METRICS = ['firstScanLatencyHours', 'transitHours', 'transitBusinessDays'] as const;
export type DistributionMetric = (typeof DISTRIBUTION_METRICS)[number];

export const METRIC_NAMES = [
  'shipped',
  'delivered',
  'terminal',
  'deliverySuccessRate',
  'firstAttemptSuccessRate',
  'onTimeRate',
  'expectedDateCoverage',
  'avgDeliveryVarianceDays',
  'firstScanLatencyHours',
  'transitHours',
  'exceptionRate',
  'stalledRate',
  'proactiveResolutionRate',
  'selfRecoveryRate',
  'transitBusinessDays',
  'exceptionsByReason',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface PerformanceMetrics {
  shipped: number;
  delivered: number;
  terminal: number;
  deliverySuccessRate: number | null;
  firstAttemptSuccessRate: number | null;
  onTimeRate: number | null;
  expectedDateCoverage: number | null;
  avgDeliveryVarianceDays: number | null;
  firstScanLatencyHours: Distribution;
  transitHours: Distribution;
  exceptionRate: number | null;
  stalledRate: number | null;
  /** Exception items, not shipments: resolved by staff before the shipment became late ÷ closed. */
  proactiveResolutionRate: number | null;
  /** Exception items closed by the carrier's own recovery ÷ closed. */
  selfRecoveryRate: number | null;
  /** Shipments with at least one carrier exception of each reason (a shipment counts once per reason). */
  exceptionsByReason: Record<string, number>;
  transitBusinessDays: Distribution;
}

/**
 * How many shipments each figure was computed over (a count's own shipments), for "93% of 1,180 deliveries" on
 * hover; for the resolution rates, how many exception items (see METRIC_DEFINITIONS' populationUnit).
 */
export type MetricPopulations = Record<Exclude<MetricName, 'exceptionsByReason'>, number>;

/** Everything counted for one group; SQL fills the counts, the durations arrive as raw values. */
export interface PerformanceTally {
  shipped: number;
  delivered: number;
  terminal: number;
  firstAttemptDelivered: number;
  deliveredWithExpected: number;
  onTime: number;
  varianceDaysSum: number;
  withException: number;
  everStalled: number;
  closedExceptions: number;
  proactivelyResolved: number;
  selfRecovered: number;
  exceptionsByReason: Record<string, number>;
  firstScanLatencyHours: number[];
  transitHours: number[];
  transitBusinessDays: number[];
}

export type TallyCounts = Omit<PerformanceTally, 'exceptionsByReason' | DistributionMetric>;

export const emptyTally = (): PerformanceTally => ({
  shipped: 0,
  delivered: 0,
  terminal: 0,
  firstAttemptDelivered: 0,
  deliveredWithExpected: 0,
  onTime: 0,
  varianceDaysSum: 0,
  withException: 0,
  everStalled: 0,
  closedExceptions: 0,
  proactivelyResolved: 0,
  selfRecovered: 0,
  exceptionsByReason: {},
  firstScanLatencyHours: [],
  transitHours: [],
  transitBusinessDays: [],
});

const COUNT_KEYS = [
  'shipped',
  'delivered',
  'terminal',
  'firstAttemptDelivered',
  'deliveredWithExpected',
  'onTime',
  'varianceDaysSum',
  'withException',
  'everStalled',
  'closedExceptions',
  'proactivelyResolved',
  'selfRecovered',
] as const satisfies readonly (keyof TallyCounts)[];

export function addCounts(tally: PerformanceTally, counts: TallyCounts): void {
  for (const key of COUNT_KEYS) tally[key] += counts[key];
}

/** Folds `from` into `into`, e.g. every group into the total row. */
export function mergeTally(into: PerformanceTally, from: PerformanceTally): void {
  addCounts(into, from);
  for (const [reason, n] of Object.entries(from.exceptionsByReason)) into.exceptionsByReason[reason] = (into.exceptionsByReason[reason] ?? 0) + n;
  // concat copies in bulk; pushing a million values one by one is several times slower.
  for (const metric of DISTRIBUTION_METRICS) into[metric] = into[metric].concat(from[metric]);
}

/** Rates keep 4 decimals (0.9917), durations 2. */
const RATE_DIGITS = 4;
const DURATION_DIGITS = 2;

/** Each duration metric's values in ascending order. */
export type SortedDurations = Record<DistributionMetric, ArrayLike<number>>;

/**
 * Counts to figures. Durations are sorted here unless the caller already has them sorted (the report sorts
 * group by group, yielding in between, and merges the groups' sorted values for the total).
 */
export function performanceFromTally(t: PerformanceTally, sorted?: SortedDurations): { metrics: PerformanceMetrics; populations: MetricPopulations } {
  const durations: SortedDurations = sorted ?? {
    firstScanLatencyHours: sortedCopy(t.firstScanLatencyHours),
    transitHours: sortedCopy(t.transitHours),
    transitBusinessDays: sortedCopy(t.transitBusinessDays),
  };
  const figure = (metric: DistributionMetric) => roundDistribution(distributionOfSorted(durations[metric]), DURATION_DIGITS);
  const sortedReasons = Object.keys(t.exceptionsByReason).sort();
  const metrics: PerformanceMetrics = {
    shipped: t.shipped,
    delivered: t.delivered,
    terminal: t.terminal,
    deliverySuccessRate: roundTo(rate(t.delivered, t.terminal), RATE_DIGITS),
    firstAttemptSuccessRate: roundTo(rate(t.firstAttemptDelivered, t.delivered), RATE_DIGITS),
    onTimeRate: roundTo(rate(t.onTime, t.deliveredWithExpected), RATE_DIGITS),
    expectedDateCoverage: roundTo(rate(t.deliveredWithExpected, t.delivered), RATE_DIGITS),
    avgDeliveryVarianceDays: roundTo(rate(t.varianceDaysSum, t.deliveredWithExpected), DURATION_DIGITS),
    firstScanLatencyHours: figure('firstScanLatencyHours'),
    transitHours: figure('transitHours'),
    exceptionRate: roundTo(rate(t.withException, t.shipped), RATE_DIGITS),
    stalledRate: roundTo(rate(t.everStalled, t.shipped), RATE_DIGITS),
    exceptionsByReason: Object.fromEntries(sortedReasons.map((r) => [r, t.exceptionsByReason[r]])),
    transitBusinessDays: figure('transitBusinessDays'),
    // After the figures FORMATS.md lists, so its JSON keeps its documented order.
    proactiveResolutionRate: roundTo(rate(t.proactivelyResolved, t.closedExceptions), RATE_DIGITS),
    selfRecoveryRate: roundTo(rate(t.selfRecovered, t.closedExceptions), RATE_DIGITS),
  };
  const populations: MetricPopulations = {
    shipped: t.shipped,
    delivered: t.delivered,
    terminal: t.terminal,
    deliverySuccessRate: t.terminal,
    firstAttemptSuccessRate: t.delivered,
    onTimeRate: t.deliveredWithExpected,
    expectedDateCoverage: t.delivered,
    avgDeliveryVarianceDays: t.deliveredWithExpected,
    firstScanLatencyHours: durations.firstScanLatencyHours.length,
    transitHours: durations.transitHours.length,
    exceptionRate: t.shipped,
    stalledRate: t.shipped,
    proactiveResolutionRate: t.closedExceptions,
    selfRecoveryRate: t.closedExceptions,
    transitBusinessDays: durations.transitBusinessDays.length,
  };
  return { metrics, populations };
}

/** Column names for CSV and spreadsheets: nested figures flattened with a dot (`transitHours.median`). */
export function flattenMetrics(m: PerformanceMetrics): Record<string, number | null> {
  const flat: Record<string, number | null> = {};
  for (const name of METRIC_NAMES) {
    const value = m[name];
    if (name === 'exceptionsByReason') continue;
    if (typeof value === 'object' && value !== null) {
      for (const [part, v] of Object.entries(value)) flat[`${name}.${part}`] = v as number | null;
    } else flat[name] = value as number | null;
  }
  for (const [reason, n] of Object.entries(m.exceptionsByReason)) flat[`exceptionsByReason.${reason}`] = n;
  return flat;
}

/** Flattened columns in report order, with one `exceptionsByReason.<reason>` column per reason seen anywhere. */
export function flatMetricColumns(all: readonly PerformanceMetrics[]): string[] {
  const reasons = [...new Set(all.flatMap((m) => Object.keys(m.exceptionsByReason)))].sort();
  const columns: string[] = [];
  for (const name of METRIC_NAMES) {
    if (name === 'exceptionsByReason') columns.push(...reasons.map((r) => `exceptionsByReason.${r}`));
    else if ((DISTRIBUTION_METRICS as readonly string[]).includes(name)) columns.push(`${name}.mean`, `${name}.median`, `${name}.p90`);
    else columns.push(name);
  }
  return columns;
}

/**
 * Week-over-week change of every flattened figure: current − previous (rates in fraction points), null when
 * either side has no figure. Reason breakdowns are left out: a reason absent last week has no baseline.
 */
export function metricChange(current: PerformanceMetrics, previous: PerformanceMetrics | null): Record<string, number | null> {
  const now = flattenMetrics(current);
  const before = previous ? flattenMetrics(previous) : {};
  const change: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(now)) {
    if (key.startsWith('exceptionsByReason.')) continue;
    const old = before[key];
    change[key] =
      value === null || old === null || old === undefined
        ? null
        : roundTo(value - old, key.endsWith('Rate') || key === 'expectedDateCoverage' ? RATE_DIGITS : DURATION_DIGITS);
  }
  return change;
}

/** Whole days of transit per bin; the last bin holds this many days or more. */
export const TRANSIT_BIN_DAYS: readonly number[] = Array.from({ length: 11 }, (_, i) => i);

/** Deliveries by whole days of transit; a negative duration (delivered before its first scan) lands in bin 0. */
export function transitHistogram(hours: readonly number[]): { counts: number[]; total: number } {
  const last = TRANSIT_BIN_DAYS.length - 1;
  const counts = new Array<number>(TRANSIT_BIN_DAYS.length).fill(0);
  for (const h of hours) counts[Math.min(last, Math.max(0, Math.floor(h / 24)))]++;
  return { counts, total: hours.length };
}
