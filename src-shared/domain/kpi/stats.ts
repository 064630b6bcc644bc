/**
 * Pure KPI arithmetic (DOMAIN.md §7). A figure with no population is null, never 0: "no deliveries" and
 * "no deliveries on time" must not look the same on a manager's screen.
 */

export interface Distribution {
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export const EMPTY_DISTRIBUTION: Distribution = Object.freeze({ mean: null, median: null, p90: null });

/** `numerator ÷ population`, or null when the population is empty. */
export const rate = (numerator: number, population: number): number | null => (population > 0 ? numerator / population : null);

export const mean = (values: ArrayLike<number>): number | null => {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
};

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending values by linear interpolation between closest ranks: position
 * h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]). This is Hyndman–Fan type 7, the method of
 * Excel's PERCENTILE.INC, numpy's default and PostgreSQL's percentile_cont, so a manager can re-check a figure
 * in a spreadsheet. The median is the 0.5-quantile (the mean of the two middle values for an even count).
 */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mean, median and p90 of ascending values. */
export function distributionOfSorted(sorted: ArrayLike<number>): Distribution {
  if (sorted.length === 0) return EMPTY_DISTRIBUTION;
  return { mean: mean(sorted), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/** Ascending copy; the constructor copies an array in one go and the typed sort is numeric and native. */
export const sortedCopy = (values: ArrayLike<number>): Float64Array => new Float64Array(values).sort();

/** Mean, median and p90 of values in any order; the input is not modified. */
export const distribution = (values: ArrayLike<number>): Distribution => distributionOfSorted(sortedCopy(values));

/** Two ascending arrays into one, in linear time (a total's median from its groups' sorted values). */
export function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Half away from zero, and never -0: figures are compared by people and by tests. */
export function roundTo(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return rounded === 0 ? 0 : rounded;
}

export const roundDistribution = (d: Distribution, digits: number): Distribution => ({
  mean: roundTo(d.mean, digits),
  median: roundTo(d.median, digits),
  p90: roundTo(d.p90, digits),
});
