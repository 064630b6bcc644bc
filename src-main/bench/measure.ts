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
