import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './testing/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'waybill-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('waybill CLI', () => {
  const db = join(dir, 'store.db');

  it('seeds a store and reports counts by status and carrier as JSON', async () => {
    expect((await cli('seed', '--shipments', '300', '--db', db)).code).toBe(0);
    const stats = await cli('stats', '--json', '--db', db);
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.out) as { total: number; byCarrier: Record<string, number>; byStatus: Record<string, number> };
    expect(parsed.total).toBe(300);
    expect(Object.values(parsed.byCarrier).reduce((a, b) => a + b, 0)).toBe(300);
    expect(Object.values(parsed.byStatus).reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('adds to an existing store without duplicating shipments', async () => {
    await cli('seed', '--shipments', '200', '--db', db);
    expect(JSON.parse((await cli('stats', '--json', '--db', db)).out).total).toBe(500);
  });

  it('explains a bad option instead of failing obscurely', async () => {
    const result = await cli('seed', '--shipments', 'lots', '--db', db);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--shipments must be a positive whole number');
  });

  it('lists the commands for an unknown one', async () => {
    const result = await cli('frobnicate');
    expect(result.code).toBe(2);
    expect(result.err).toContain('stats');
  });

  it('bench prints each entry with its baseline and value/baseline ratio', async () => {
    // A quick entry with a baseline in milliseconds: the page entry's matrix of 198 views × 40 reads is a minute's work on a busy machine.
    const result = await cli('bench', '--json', '--shipments', '2000', '--only', 'report.carriers');
    expect(result.code, result.err).toBe(0);
    const { benchmarks } = JSON.parse(result.out) as { benchmarks: { name: string; value: number; baseline: number; ratio: number; unit: string }[] };
    expect(benchmarks.map((b) => b.name)).toEqual(['report.carriers']);
    const [entry] = benchmarks;
    expect(entry.unit).toBe('ms');
    expect(entry.ratio).toBeCloseTo(entry.value / entry.baseline, 1);
  });
});
