import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src-shared/domain/kpi/performance';
import { DRILL_PARTS, type DrilldownQuery } from '../../src-shared/api/reports';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { drilldownSql } from './drilldown';

/**
 * Report drill-downs page like every big grid (issue 15): the blocks a grid asks for, concatenated, are the
 * drill-down's one ORDER BY read whole, and the row count that came with the first block is its length.
 */
let core: TempCore;
let days: string[];
beforeAll(async () => {
  core = createTempCore();
  const loaded = await core.dispatch('demo.load', { shipments: 1500 });
  expect(loaded.ok).toBe(true);
  await core.services.exceptions.evaluateAll();
  days = core.services.db.raw
    .prepare('SELECT DISTINCT coalesce(ship_date, substr(label_created_at, 1, 10)) FROM shipments ORDER BY 1')
    .pluck()
    .all() as string[];
}, 60_000);
afterAll(() => core.dispose());

it('Report drill-downs: all blocks together are one ORDER BY over the figure, with the true count up front', async () => {
  const metrics = METRIC_NAMES.filter((m) => m !== 'exceptionsByReason');
  const queryArb = fc
    .record({
      range: fc.tuple(fc.constantFrom(...days), fc.constantFrom(...days)),
      metric: fc.constantFrom(...metrics),
      part: fc.constantFrom(...DRILL_PARTS),
      carrier: fc.option(fc.subarray(['ups', 'fedex', 'usps', 'dhl'] as const, { minLength: 1 }), { nil: undefined }),
    })
    .map(({ range, metric, part, carrier }): DrilldownQuery => ({
      from: range[0] < range[1] ? range[0] : range[1],
      to: range[0] < range[1] ? range[1] : range[0],
      filter: carrier ? { carrier: [...carrier] } : {},
      group: {},
      metric,
      part,
    }));
  await fc.assert(
    fc.asyncProperty(queryArb, fc.integer({ min: 1, max: 300 }), async (query, size) => {
      const { sql, params } = drilldownSql(query, 's.id');
      const whole = core.services.db.raw
        .prepare(sql)
        .pluck()
        .all(...params) as number[];
      const ids: number[] = [];
      let rowCount: number | undefined;
      for (let start = 0; start < 10_000; start += size) {
        const envelope = await core.dispatch('reports.drilldown', { query, startRow: start, endRow: start + size });
        if (!envelope.ok) throw new Error(envelope.error.message);
        rowCount ??= envelope.value.rowCount;
        ids.push(...envelope.value.rows.map((r) => r.id));
        if (envelope.value.lastRow !== null) break;
      }
      expect(ids).toEqual(whole);
      expect(rowCount).toBe(whole.length);
    }),
    { numRuns: 40 },
  );
}, 60_000);
