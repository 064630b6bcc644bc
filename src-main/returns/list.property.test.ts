import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RETURN_VIEWS, type ReturnView } from '../../src-shared/api/returns';
import { exampleTrackingNumber } from '../demo/tracking-numbers';
import { createTempCore, type TempCore } from '../testing/temp-core';

/**
 * Returns lists page like every big grid (issue 15): the blocks a grid asks for, concatenated, are the list in
 * its one order (the whole list read at once), and the row count comes with the first block.
 */
let core: TempCore;
beforeAll(async () => {
  core = createTempCore(Date.parse('2026-11-20T12:00:00Z'));
  // Half with a return label (on their way), half without (waiting for a pickup or a drop-off).
  const rows = Array.from(
    { length: 300 },
    (_, i) => `RMA-${5000 + i},${600_000 + i},${i % 2 ? exampleTrackingNumber('ups', 8000 + i) : ''},${i % 2 ? 'ups' : ''},Too small,1x Shirt`,
  );
  const envelope = await core.dispatch(
    'returns.importFile',
    { name: 'returns.csv', content: ['rma_number,order_number,return_tracking_number,carrier,reason,expected_items', ...rows].join('\n') },
    { transport: 'in-process', operator: 'dana', station: 'dock-1' },
  );
  expect(envelope.ok).toBe(true);
}, 60_000);
afterAll(() => core.dispose());

it('Returns lists: all blocks together are the list in its one order, with the row count up front', async () => {
  const viewArb = fc.constantFrom<ReturnView | undefined>(undefined, ...RETURN_VIEWS);
  await fc.assert(
    fc.asyncProperty(viewArb, fc.integer({ min: 1, max: 120 }), async (view, size) => {
      const whole = await core.dispatch('returns.list', { view, limit: 5000, timeZone: 'UTC' });
      if (!whole.ok) throw new Error(whole.error.message);
      const ids: number[] = [];
      let rowCount: number | undefined;
      for (let start = 0; start < 10_000; start += size) {
        const page = await core.dispatch('returns.list', { view, limit: 5000, timeZone: 'UTC', startRow: start, endRow: start + size });
        if (!page.ok) throw new Error(page.error.message);
        rowCount ??= page.value.rowCount;
        ids.push(...page.value.rows.map((r) => r.id));
        if (page.value.rows.length < size) break;
      }
      expect(ids).toEqual(whole.value.rows.map((r) => r.id));
      expect(rowCount).toBe(whole.value.rows.length);
    }),
    { numRuns: 30 },
  );
}, 60_000);
