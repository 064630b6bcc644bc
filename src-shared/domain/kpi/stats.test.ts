import { describe, expect, it } from 'vitest';
import { businessDaysBetween, isoWeek, isoWeekRange, isIsoWeek, previousIsoWeek } from './calendar';
import { emptyTally, flatMetricColumns, flattenMetrics, metricChange, performanceFromTally, transitHistogram } from './performance';
import { distribution, mergeSorted, quantile, rate, roundTo } from './stats';

describe('quantile (linear interpolation between closest ranks, as Excel PERCENTILE.INC)', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[1, 2], 0.5, 1.5],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.9, 3.7],
    [[4, 4, 6, 10, 24, 24], 0.5, 8],
    [[4, 4, 6, 10, 24, 24], 0.9, 24],
    [[48, 58.5, 72, 144], 0.9, 122.4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[5, 5, 5], 0.9, 5],
    [[-2, 0, 2], 0.5, 0],
    [[1, 2, 3], 0, 1],
    [[1, 2, 3], 1, 3],
  ])('%j at %s → %s', (sorted, p, expected) => {
    const value = quantile(sorted, p);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 10);
  });
});

describe('distribution', () => {
  it('sorts a copy and gives mean, median and p90', () => {
    const values = [24, 4, 10, 6, 24, 4];
    expect(distribution(values)).toEqual({ mean: 12, median: 8, p90: 24 });
    expect(values).toEqual([24, 4, 10, 6, 24, 4]);
  });

  it('is all null for no values', () => {
    expect(distribution([])).toEqual({ mean: null, median: null, p90: null });
  });
});

describe('rate and rounding', () => {
  it.each([
    [0, 0, null],
    [0, 5, 0],
    [5, 6, 5 / 6],
  ])('rate(%s, %s) = %s', (n, d, expected) => expect(rate(n, d)).toBe(expected));

  it.each([
    [80.625, 2, 80.63],
    [-0.125, 2, -0.13],
    [-0.0001, 2, 0],
    [0.83333, 4, 0.8333],
    [null, 2, null],
    [Number.NaN, 2, null],
  ])('roundTo(%s, %s) = %s', (value, digits, expected) => expect(roundTo(value, digits)).toBe(expected));
});

describe('calendar', () => {
  it.each([
    ['2026-11-02', '2026-W45'],
    ['2026-11-08', '2026-W45'],
    ['2026-11-01', '2026-W44'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('isoWeek(%s) = %s', (date, week) => expect(isoWeek(date)).toBe(week));

  it.each([
    ['2026-W45', '2026-11-02', '2026-11-08'],
    ['2025-W01', '2024-12-30', '2025-01-05'],
    ['2026-W53', '2026-12-28', '2027-01-03'],
  ])('isoWeekRange(%s) = %s..%s', (week, from, to) => expect(isoWeekRange(week)).toEqual({ from, to }));

  it('knows which weeks exist', () => {
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2026-W00')).toBe(false);
    expect(isIsoWeek('2026-47')).toBe(false);
    expect(previousIsoWeek('2026-W01')).toBe('2025-W52');
  });

  it.each([
    ['2026-11-02', '2026-11-02', 0], // same day
    ['2026-11-02', '2026-11-04', 2], // Mon → Wed
    ['2026-11-06', '2026-11-09', 1], // Fri → Mon
    ['2026-11-07', '2026-11-08', 0], // Sat → Sun
    ['2026-11-07', '2026-11-09', 1], // Sat → Mon
    ['2026-11-03', '2026-11-09', 4], // Tue → next Mon
    ['2026-11-02', '2026-11-16', 10], // two whole weeks
    ['2026-11-04', '2026-11-02', -2], // backwards
    ['2026-02-30', '2026-03-02', null], // not a date
  ])('businessDaysBetween(%s, %s) = %s', (a, b, expected) => expect(businessDaysBetween(a, b)).toBe(expected));
});

describe('performance figures from counts', () => {
  it('gives null rates for empty populations and counts them as 0 shipments', () => {
    const { metrics, populations } = performanceFromTally(emptyTally());
    expect(metrics).toMatchObject({
      shipped: 0,
      deliverySuccessRate: null,
      onTimeRate: null,
      exceptionRate: null,
      stalledRate: null,
      avgDeliveryVarianceDays: null,
    });
    expect(populations.onTimeRate).toBe(0);
  });

  it('flattens nested figures with a dot and lists one column per reason seen anywhere', () => {
    const a = { ...emptyTally(), shipped: 2, withException: 1, exceptionsByReason: { lost: 1 }, transitHours: [10, 20] };
    const b = { ...emptyTally(), shipped: 1, exceptionsByReason: { damaged: 1 } };
    const ma = performanceFromTally(a).metrics;
    const mb = performanceFromTally(b).metrics;
    expect(flattenMetrics(ma)).toMatchObject({ shipped: 2, 'transitHours.median': 15, 'exceptionsByReason.lost': 1, exceptionRate: 0.5 });
    const columns = flatMetricColumns([ma, mb]);
    expect(columns.slice(0, 3)).toEqual(['shipped', 'delivered', 'terminal']);
    expect(columns).toContain('firstScanLatencyHours.p90');
    expect(columns.slice(-2)).toEqual(['exceptionsByReason.damaged', 'exceptionsByReason.lost']);
  });

  it('computes week-over-week change only where both weeks have a figure', () => {
    const now = performanceFromTally({ ...emptyTally(), shipped: 10, delivered: 8, terminal: 8, deliveredWithExpected: 8, onTime: 6 }).metrics;
    const before = performanceFromTally({ ...emptyTally(), shipped: 4, delivered: 4, terminal: 4, deliveredWithExpected: 4, onTime: 4 }).metrics;
    expect(metricChange(now, before)).toMatchObject({ shipped: 6, onTimeRate: -0.25, 'transitHours.median': null });
    expect(metricChange(now, null).shipped).toBeNull();
  });
});

describe('transitHistogram', () => {
  it('bins whole days, puts 10 days and more in the last bin and a negative duration in the first', () => {
    expect(transitHistogram([0, 23.9, 24, 47.9, 240, 1000, -5])).toEqual({ counts: [3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2], total: 7 });
    expect(transitHistogram([])).toEqual({ counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], total: 0 });
  });
});

describe('mergeSorted', () => {
  it('merges two ascending arrays, ties and empties included', () => {
    expect([...mergeSorted(Float64Array.from([1, 3, 3, 9]), Float64Array.from([2, 3, 10]))]).toEqual([1, 2, 3, 3, 3, 9, 10]);
    expect([...mergeSorted(new Float64Array(0), Float64Array.from([4]))]).toEqual([4]);
  });
});
