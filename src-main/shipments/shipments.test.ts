import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodArg, Page, ShipmentRow } from '../../src-shared/api';
import { call } from '../dispatch/client';
import { createTempCore, type TempCore } from '../testing/temp-core';

let core: TempCore;
beforeAll(async () => {
  core = createTempCore();
  const loaded = await core.dispatch('demo.load', { shipments: 2000 });
  expect(loaded.ok).toBe(true);
});
afterAll(() => core.dispose());

const page = async (arg: MethodArg<'shipments.page'>): Promise<Page<ShipmentRow>> => {
  const result = await core.dispatch('shipments.page', arg);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('shipments grid queries', () => {
  it('pages through every shipment once, in a stable order, and reports the last row', async () => {
    const seen = new Set<number>();
    let lastRow: number | null = null;
    for (let start = 0; lastRow === null; start += 300) {
      const block = await page({ startRow: start, endRow: start + 300 });
      block.rows.forEach((r) => seen.add(r.id));
      lastRow = block.lastRow;
    }
    expect(lastRow).toBe(2000);
    expect(seen.size).toBe(2000);
  });

  it('filters by carrier and status in SQL and sorts by the chosen column', async () => {
    const block = await page({
      startRow: 0,
      endRow: 100,
      filter: { carrier: ['fedex'], status: ['delivered'] },
      sort: [{ column: 'orderValue', direction: 'desc' }],
    });
    expect(block.rows.length).toBeGreaterThan(10);
    expect(block.rows.every((r) => r.carrier === 'fedex' && r.status === 'delivered')).toBe(true);
    const values = block.rows.map((r) => r.orderValue ?? 0);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('finds a shipment by tracking number prefix or order number, ignoring spaces and case', async () => {
    const first = (await page({ startRow: 0, endRow: 1 })).rows[0];
    const byTracking = await page({ startRow: 0, endRow: 10, filter: { search: ` ${first.trackingNumber.slice(0, 12).toLowerCase()} ` } });
    expect(byTracking.rows.map((r) => r.id)).toContain(first.id);
    if (!first.orderNumber) throw new Error('sample shipments carry order numbers');
    const byOrder = await page({ startRow: 0, endRow: 10, filter: { search: first.orderNumber } });
    expect(byOrder.rows.map((r) => r.id)).toEqual([first.id]);
  });

  it('finds a shipment by the last 4+ characters of its tracking or order number, as read out on the phone', async () => {
    const target = (await page({ startRow: 700, endRow: 701, sort: [{ column: 'trackingNumber', direction: 'asc' }] })).rows[0];
    const byTail = await page({ startRow: 0, endRow: 100, filter: { search: target.trackingNumber.slice(-6).toLowerCase() } });
    expect(byTail.rows.map((r) => r.id)).toContain(target.id);
    expect(
      byTail.rows.every((r) => r.trackingNumber.endsWith(target.trackingNumber.slice(-6)) || r.trackingNumber.startsWith(target.trackingNumber.slice(-6))),
    ).toBe(true);
    const orderTail = target.orderNumber!.slice(-4);
    const byOrderTail = await page({ startRow: 0, endRow: 100, filter: { search: orderTail } });
    expect(byOrderTail.rows.map((r) => r.id)).toContain(target.id);
    // Three characters match too many parcels to mean anything: only numbers starting with them are found.
    const short = await page({ startRow: 0, endRow: 1000, filter: { search: target.trackingNumber.slice(-3) } });
    expect(
      short.rows.every((r) => r.trackingNumber.startsWith(target.trackingNumber.slice(-3)) || r.orderNumber?.startsWith(target.trackingNumber.slice(-3))),
    ).toBe(true);
  });

  it('knows the row count with the first block and serves the last block of any sort at once', async () => {
    const first = await page({ startRow: 0, endRow: 100, sort: [{ column: 'service', direction: 'desc' }], filter: { carrier: ['ups', 'usps'] } });
    const expected = await core.dispatch('shipments.count', { filter: { carrier: ['ups', 'usps'] } });
    expect(expected.ok && first.rowCount).toBe(expected.ok && expected.value.count);
    const last = await page({
      startRow: first.rowCount! - 10,
      endRow: first.rowCount! + 90,
      sort: [{ column: 'service', direction: 'desc' }],
      filter: { carrier: ['ups', 'usps'] },
    });
    expect(last.rows).toHaveLength(10);
    expect(last.lastRow).toBe(first.rowCount);
  });

  it('counts what the filter selects', async () => {
    const all = await core.dispatch('shipments.count', {});
    const ups = await core.dispatch('shipments.count', { filter: { carrier: ['ups'] } });
    expect(all).toEqual({ ok: true, value: { count: 2000 } });
    expect(ups.ok && ups.value.count).toBeGreaterThan(400);
  });

  it('opens one shipment in full with its carrier events newest first and their raw codes', async () => {
    const delivered = (await page({ startRow: 0, endRow: 1, filter: { status: ['delivered'] } })).rows[0];
    const detail = await core.dispatch('shipments.detail', { id: delivered.id });
    if (!detail.ok) throw new Error(detail.error.message);
    const value = detail.value;
    expect(value.trackingNumber).toBe(delivered.trackingNumber);
    expect(value.events[0]).toMatchObject({ rawCode: 'DL', status: 'delivered' });
    expect(value.events.at(-1)).toMatchObject({ rawCode: 'LC', status: 'created' });
    const times = value.events.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('says plainly when a shipment does not exist', async () => {
    expect(await core.dispatch('shipments.detail', { id: 999_999 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Shipment 999999 does not exist.' },
    });
  });

  it('stats count shipments by status and carrier', async () => {
    const stats = await core.dispatch('system.stats', {});
    if (!stats.ok) throw new Error('stats failed');
    const value = stats.value;
    expect(value.total).toBe(2000);
    expect(Object.keys(value.byCarrier).sort()).toEqual(['dhl', 'fedex', 'ups', 'usps']);
    expect(value.byStatus.delivered).toBeGreaterThan(500);
    expect(value.byStatus.exception).toBeGreaterThan(10);
  });
});

describe('a big store: views and filter lists read ahead', () => {
  let big: TempCore;
  beforeAll(async () => {
    big = createTempCore();
    expect((await big.dispatch('demo.load', { shipments: 500 })).ok).toBe(true);
    await big.services.shipments.readAhead();
  }, 60_000);
  afterAll(() => big.dispose());

  it('finds a shipment imported a moment ago by the last characters of its number, before the lists are read again', async () => {
    expect((await big.dispatch('demo.load', { shipments: 1 })).ok).toBe(true);
    const newest = big.services.db.raw.prepare('SELECT id, tracking_number AS t FROM shipments ORDER BY id DESC LIMIT 1').get() as { id: number; t: string };
    const found = await call(big.dispatch, 'shipments.page', { startRow: 0, endRow: 100, filter: { search: newest.t.slice(-6) } });
    expect(found.rows.map((r) => r.id)).toContain(newest.id);
  });
});
