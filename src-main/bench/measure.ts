export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** Always value / baseline: lower is better for times, higher is better for throughputs. */
  ratio: number;
  [extra: string]: unknown;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** Runs `fn` `iterations` times after a warm-up and returns sorted durations in ms. */
export async function sampleMs(iterations: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(20, iterations); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

export function result(name: string, unit: string, value: number, baseline: number, extra: Record<string, unknown> = {}): BenchResult {
  return { name, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline), ...extra };
}

export interface PageMatrix {
  /** The worst of: each combination's p95 block read, and each view's first open (a person pays it). */
  worstP95: number;
  worst: string;
  combinations: number;
  /** The worst per-combination p95 once views are open. */
  worstOpenViewP95Ms: number;
  /** Opening a view (its sorted ids and row count, once per sort and filter): the first block 0 read. */
  openP95Ms: number;
  openMaxMs: number;
  /** The longest the event loop stayed busy right after an opening (a filtered view's whole list is kept then). */
  afterOpenMaxMs: number;
}

/** Reads per combination: enough that a p95 is not simply the slowest read of a handful. */
const READS_PER_COMBINATION = 40;

/**
 * Every sort column × both directions × each filter × depths {0, middle, last}, 100-row blocks, 40 reads each,
 * after the app's read-ahead: the first read of each view, its opening, counts as well as the p95s. The event
 * loop is let free once after each opening, as between a click and the next scroll; how long the work left for
 * it held the loop is reported apart (`afterOpenMaxMs`).
 */
export async function benchPageMatrix<Column extends string, Filter>(
  columns: readonly Column[],
  filters: Record<string, Filter>,
  readBlock: (arg: {
    startRow: number;
    endRow: number;
    sort: { column: Column; direction: 'asc' | 'desc' }[];
    filter: Filter;
  }) => Promise<{ rowCount?: number }>,
): Promise<PageMatrix> {
  const block = 100;
  let worst = { p95: 0, combination: '' };
  let worstOpen = { ms: 0, combination: '' };
  let afterOpenMaxMs = 0;
  const opens: number[] = [];
  let combinations = 0;
  for (const [filterName, filter] of Object.entries(filters)) {
    for (const column of columns) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = [{ column, direction }];
        const started = process.hrtime.bigint();
        const first = await readBlock({ startRow: 0, endRow: block, sort, filter });
        const openMs = Number(process.hrtime.bigint() - started) / 1e6;
        opens.push(openMs);
        if (openMs > worstOpen.ms) worstOpen = { ms: openMs, combination: `${column} ${direction}, ${filterName}, opening` };
        // A person's next scroll is a new event: what the opening left for the free event loop runs first, as in the app.
        const idleStarted = process.hrtime.bigint();
        await new Promise((resolve) => setImmediate(resolve));
        afterOpenMaxMs = Math.max(afterOpenMaxMs, Number(process.hrtime.bigint() - idleStarted) / 1e6);
        const rowCount = first.rowCount ?? 0;
        for (const [depthName, startRow] of Object.entries({ top: 0, middle: Math.floor(rowCount / 2), last: Math.max(0, rowCount - block) })) {
          const p95 = percentile(await sampleMs(READS_PER_COMBINATION, () => readBlock({ startRow, endRow: startRow + block, sort, filter })), 95);
          combinations++;
          if (p95 > worst.p95) worst = { p95, combination: `${column} ${direction}, ${filterName}, ${depthName}` };
        }
      }
    }
  }
  opens.sort((a, b) => a - b);
  const overall = worstOpen.ms > worst.p95 ? { p95: worstOpen.ms, combination: worstOpen.combination } : worst;
  return {
    worstP95: overall.p95,
    worst: overall.combination,
    combinations,
    worstOpenViewP95Ms: round(worst.p95),
    openP95Ms: round(percentile(opens, 95)),
    openMaxMs: round(opens[opens.length - 1] ?? 0),
    afterOpenMaxMs: round(afterOpenMaxMs),
  };
}
