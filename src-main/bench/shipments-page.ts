import { SHIPMENT_SORT_COLUMNS, type MethodArg, type Page, type ShipmentFilter, type ShipmentRow } from '../../src-shared/api';
import type { Core } from '../core';
import { call } from '../dispatch/client';
import { benchPageMatrix, percentile, result, sampleMs, type BenchResult } from './measure';

const BLOCK = 100;

const dispatchPage = (core: Core, arg: MethodArg<'shipments.page'>): Promise<Page<ShipmentRow>> => call(core.dispatch, 'shipments.page', arg);

/** The worst case people meet: a week of ship dates at the end of the store, one carrier, or nothing. */
function benchFilters(core: Core): Record<string, ShipmentFilter> {
  const day = 'coalesce(ship_date, substr(label_created_at, 1, 10))';
  const { last } = core.services.db.prepare(`SELECT max(${day}) AS last FROM shipments`).get() as { last: string | null };
  const from = new Date(Date.parse(`${last ?? '2026-01-08'}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  return { none: {}, carrier: { carrier: ['ups'] }, dateRange: { shipDateFrom: from, shipDateTo: last ?? from } };
}

/** A keyset read of 100 rows by primary key at random depths: the cheapest block the store can serve. */
async function keysetBaseline(core: Core): Promise<number[]> {
  const { db } = core.services;
  const { maxId } = db.prepare('SELECT coalesce(max(id), 0) AS maxId FROM shipments').get() as { maxId: number };
  const statement = db.raw.prepare('SELECT * FROM shipments WHERE id > ? ORDER BY id LIMIT 100');
  let i = 0;
  return sampleMs(300, () => statement.all(Math.floor((((i++ * 7919) % 1000) / 1000) * maxId)));
}

/**
 * Every sortable column × both directions × {no filter, one carrier, a week of ship dates} × depths {0, middle,
 * last}, 100-row blocks through dispatch, once the app has read its views and filter lists ahead (as it does on
 * opening a big store). value = the worst of every combination's p95 and every view's first open; both also apart.
 */
export async function benchShipmentsPage(core: Core): Promise<BenchResult> {
  // Every grid's, as the app reads them on opening: the queue's worker still reading would time its share of the cores.
  await Promise.all([core.services.shipments.readAhead(), core.services.exceptions.readAhead()]);
  const baseline = await keysetBaseline(core);
  const { worstP95, ...matrix } = await benchPageMatrix(SHIPMENT_SORT_COLUMNS, benchFilters(core), (arg) => dispatchPage(core, arg));
  return result('shipments.page', 'ms', worstP95, percentile(baseline, 95), matrix);
}

/**
 * What a customer reads out on the phone: the last 6 characters of a tracking number, or the last 4 of an
 * order number, through `shipments.page`'s search. Baseline: an exact tracking-number lookup on its index.
 */
export async function benchShipmentsSearch(core: Core): Promise<BenchResult> {
  const { db } = core.services;
  const picks = db.prepare('SELECT tracking_number AS t, order_number AS o FROM shipments WHERE id % 997 = 1 LIMIT 100').all() as {
    t: string;
    o: string | null;
  }[];
  if (!picks.length) throw new Error('shipments.search needs a seeded store');
  const searches = picks.flatMap((p) => [p.t.slice(-6), ...(p.o ? [p.o.slice(-4)] : [])]);
  let i = 0;
  let found = 0;
  const value = await sampleMs(200, async () => {
    const search = searches[i++ % searches.length];
    const page = await dispatchPage(core, { startRow: 0, endRow: BLOCK, filter: { search } });
    if (page.rows.length) found++;
  });
  const calls = i;
  const exact = db.raw.prepare('SELECT * FROM shipments WHERE tracking_number = ?');
  let j = 0;
  const baseline = await sampleMs(200, () => exact.all(picks[j++ % picks.length].t));
  return result('shipments.search', 'ms', percentile(value, 95), percentile(baseline, 95), {
    p50: percentile(value, 50),
    everySearchFound: found === calls,
  });
}
