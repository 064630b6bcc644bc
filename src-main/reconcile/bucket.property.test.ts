import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOARD_BUCKETS } from '../../src-shared/api/reconcile';
import { seedWarehouses } from '../demo/seed';
import { exampleTrackingNumber } from '../demo/tracking-numbers';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { call, insertShipment } from './testing';

/**
 * The board's buckets page like every big grid (issue 15): the blocks a grid asks for, concatenated, are the
 * bucket in one order (its sort id ascending) with nothing repeated or skipped, and the row count that came
 * with the first block is the board's own count for the bucket.
 */
let core: TempCore;
const carriers = ['ups', 'fedex'] as const;

beforeAll(async () => {
  core = createTempCore(Date.parse('2026-11-20T15:00:00Z'));
  seedWarehouses(core.services.db);
  const db = core.services.db;
  const tracking = (i: number) => exampleTrackingNumber(carriers[i % 2], 1000 + i);
  for (let i = 0; i < 300; i++) insertShipment(db, { trackingNumber: tracking(i), carrier: carriers[i % 2], warehouse: i % 3 ? 'east' : 'west' });
  const pack = await call(core, 'reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' });
  const dock = await call(core, 'reconcile.openSession', { station: 'Dock 1', operator: 'Ben', purpose: 'carrier_handoff', carrier: 'ups' });
  // Some parcels twice, some unknown labels, some handed over: every bucket holds rows.
  for (let i = 0; i < 120; i++) {
    await call(core, 'reconcile.scan', { sessionId: pack.id, raw: tracking(i) });
    if (i % 4 === 0) await call(core, 'reconcile.scan', { sessionId: pack.id, raw: tracking(i) });
    if (i % 5 === 0) await call(core, 'reconcile.scan', { sessionId: pack.id, raw: exampleTrackingNumber('ups', 90_000 + i) });
    if (i % 2 === 0) await call(core, 'reconcile.scan', { sessionId: dock.id, raw: tracking(i) });
  }
  core.clock.set(Date.parse('2026-11-21T17:00:00Z'));
  const { counts } = await call(core, 'reconcile.board', { date: '2026-11-20' });
  expect(Object.values(counts).every((n) => n > 20)).toBe(true);
}, 60_000);
afterAll(() => core.dispose());

it('Reconciliation buckets: all blocks together are the bucket in order, counted as the board counts it', async () => {
  const filterArb = fc.record({
    carrier: fc.option(fc.constantFrom(...carriers), { nil: undefined }),
    warehouse: fc.option(fc.constantFrom('east', 'west'), { nil: undefined }),
  });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...BOARD_BUCKETS), filterArb, fc.integer({ min: 1, max: 120 }), async (bucket, filter, size) => {
      const board = await call(core, 'reconcile.board', { date: '2026-11-20', ...filter });
      const ids: number[] = [];
      let rowCount: number | undefined;
      for (let start = 0; start < 10_000; start += size) {
        const page = await call(core, 'reconcile.bucket', { date: '2026-11-20', ...filter, bucket, startRow: start, endRow: start + size });
        rowCount ??= page.rowCount;
        ids.push(...page.rows.map((r) => r.scanId ?? r.shipmentId ?? 0));
        for (const row of page.rows) if (filter.carrier) expect(row.carrier).toBe(filter.carrier);
        if (page.lastRow !== null) break;
      }
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(board.counts[bucket]);
      expect(rowCount).toBe(board.counts[bucket]);
    }),
    { numRuns: 30 },
  );
}, 60_000);
