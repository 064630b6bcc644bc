import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCEPTION_SORT_COLUMNS, SHIPMENT_SORT_COLUMNS, type Page } from '../../src-shared/api';
import type { ExceptionReason } from '../../src-shared/domain/tracking/status';
import { call } from '../dispatch/client';
import { createTempCore, type TempCore } from '../testing/temp-core';

/**
 * The grids' promise (issue 15): the blocks a grid asks for, concatenated, are one ORDER BY over the whole view,
 * ties included (broken by id in the first sort's direction), whatever the sort, filter and block size. The
 * expected order is computed here in JS from the table itself, with SQLite's rules: NULL first ascending,
 * numbers by value, text by code point.
 */

type Value = string | number | null;
type Direction = 'asc' | 'desc';

const compareValues = (a: Value, b: Value): number => {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : 1;
};

interface Term<R> {
  value: (r: R) => Value;
  direction: Direction;
}

/** One ORDER BY over rows: each term with its direction, then the tie-breaks and id in the first term's direction. */
function orderBy<R extends { id: number }>(rows: R[], terms: Term<R>[], ties: ((r: R) => Value)[] = []): number[] {
  const sign = (d: Direction) => (d === 'asc' ? 1 : -1);
  const all = [...terms, ...[...ties, (r: R) => r.id].map((value) => ({ value, direction: terms[0].direction }))];
  return [...rows]
    .sort((a, b) => {
      for (const t of all) {
        const c = compareValues(t.value(a), t.value(b));
        if (c !== 0) return c * sign(t.direction);
      }
      return 0;
    })
    .map((r) => r.id);
}

/** Every block from row 0 until the core says it was the last, `size` rows at a time. */
async function allBlocks(
  read: (startRow: number, endRow: number) => Promise<Page<{ id: number }>>,
  size: number,
): Promise<{ ids: number[]; rowCount: number | undefined }> {
  const ids: number[] = [];
  let rowCount: number | undefined;
  for (let start = 0; start < 100_000; start += size) {
    const page = await read(start, start + size);
    rowCount ??= page.rowCount;
    ids.push(...page.rows.map((r) => r.id));
    if (page.lastRow !== null) break;
  }
  return { ids, rowCount };
}

const sortArb = <C extends string>(columns: readonly C[]) =>
  fc.uniqueArray(fc.record({ column: fc.constantFrom(...columns), direction: fc.constantFrom<Direction>('asc', 'desc') }), {
    minLength: 0,
    maxLength: 3,
    selector: (s) => s.column,
  });
/** Mostly absent, so views are large enough to page through and to hold ties. */
const sometimes = <T>(arb: fc.Arbitrary<T>, absent = 3) => fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 });
const blockSizeArb = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 1000 }));

interface ShipmentRecord {
  id: number;
  order_value_cents: number | null;
  carrier: string;
  status: string;
  warehouse: string | null;
  ship_date: string | null;
  label_created_at: string;
  tracking_number: string;
  order_number: string | null;
  [column: string]: Value;
}

const SHIPMENT_SQL: Record<(typeof SHIPMENT_SORT_COLUMNS)[number], string> = {
  labelCreatedAt: 'label_created_at',
  shipDate: 'ship_date',
  trackingNumber: 'tracking_number',
  carrier: 'carrier',
  service: 'service',
  warehouse: 'warehouse',
  orderNumber: 'order_number',
  orderValue: 'order_value_cents',
  status: 'status',
  lastEventAt: 'last_event_at',
  expectedDeliveryCurrent: 'expected_delivery_current',
};

/**
 * Both ways a view is served (db/sorted-views.ts): read in the request, as on a small store, and from the views
 * and filter lists read ahead in the worker, as on a big one (filters composed from held lists, date and value
 * ranges bisected from sorted views, each queue direction's parcels kept in the worker).
 */
describe.each([
  ['read in the request', false],
  ['read ahead in the worker', true],
])('paging under every sort, views %s', (_name, readAhead) => {
  let core: TempCore;
  beforeAll(async () => {
    core = createTempCore();
    const loaded = await core.dispatch('demo.load', { shipments: 3000 });
    expect(loaded.ok).toBe(true);
    await core.services.exceptions.evaluateAll();
    if (readAhead) await Promise.all([core.services.shipments.readAhead(), core.services.exceptions.readAhead()]);
  }, 60_000);
  afterAll(() => core.dispose());

  it('Shipments: all blocks together are one ORDER BY over the filtered table, ties included, with the true count up front', async () => {
    const table = core.services.db.raw.prepare('SELECT * FROM shipments').all() as ShipmentRecord[];
    const days = [...new Set(table.map((r) => r.ship_date ?? r.label_created_at.slice(0, 10)))].sort();
    const tails = table.filter((_, i) => i % 97 === 0).map((r) => r.tracking_number.slice(-5));
    const filterArb = fc.record({
      carrier: sometimes(fc.subarray(['ups', 'fedex', 'usps', 'dhl'] as const, { minLength: 1 })),
      status: sometimes(fc.subarray(['in_transit', 'delivered', 'exception', 'created'] as const, { minLength: 1 })),
      warehouse: sometimes(fc.subarray(['east', 'west'], { minLength: 1 })),
      dates: sometimes(fc.tuple(fc.constantFrom(...days), fc.constantFrom(...days))),
      // Open at either end, bounds in dollars as the grid sends them.
      values: sometimes(fc.tuple(fc.option(fc.integer({ min: 0, max: 600 })), fc.option(fc.integer({ min: 0, max: 600 })))),
      search: sometimes(fc.constantFrom(...tails), 8),
    });
    await fc.assert(
      fc.asyncProperty(sortArb(SHIPMENT_SORT_COLUMNS), filterArb, blockSizeArb, async (sort, f, size) => {
        const [from, to] = f.dates ? [...f.dates].sort() : [undefined, undefined];
        const [low, high] = f.values ?? [null, null];
        const [min, max] = low !== null && high !== null && low > high ? [high, low] : [low ?? undefined, high ?? undefined];
        const filter = {
          carrier: f.carrier,
          status: f.status,
          warehouse: f.warehouse,
          shipDateFrom: from,
          shipDateTo: to,
          orderValueMin: min,
          orderValueMax: max,
          search: f.search,
        };
        const kept = table.filter((r) => {
          const day = r.ship_date ?? r.label_created_at.slice(0, 10);
          return (
            (!f.carrier || (f.carrier as readonly string[]).includes(r.carrier)) &&
            (!f.status || (f.status as readonly string[]).includes(r.status)) &&
            (!f.warehouse || (r.warehouse !== null && f.warehouse.includes(r.warehouse))) &&
            (!from || day >= from) &&
            (!to || day <= to) &&
            (min === undefined || (r.order_value_cents !== null && r.order_value_cents >= min * 100)) &&
            (max === undefined || (r.order_value_cents !== null && r.order_value_cents <= max * 100)) &&
            (!f.search ||
              r.tracking_number.startsWith(f.search) ||
              r.tracking_number.endsWith(f.search) ||
              !!r.order_number?.startsWith(f.search) ||
              !!r.order_number?.endsWith(f.search))
          );
        });
        const terms = (sort.length ? sort : [{ column: 'labelCreatedAt' as const, direction: 'desc' as const }]).map((s) => ({
          value: (r: ShipmentRecord) => r[SHIPMENT_SQL[s.column]],
          direction: s.direction,
        }));
        const { ids, rowCount } = await allBlocks((startRow, endRow) => call(core.dispatch, 'shipments.page', { sort, filter, startRow, endRow }), size);
        expect(ids).toEqual(orderBy(kept, terms));
        expect(rowCount).toBe(kept.length);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('Exceptions: all blocks of the queue together are its parcels, each where its first open item falls in one ORDER BY, ties included', async () => {
    const queue = core.services.db.raw
      .prepare(
        `SELECT e.id, e.shipment_id, e.priority, e.opened_at, e.reason, s.carrier, s.warehouse, s.status, s.order_value_cents, s.last_event_at, s.expected_delivery_current
         FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE e.state IN ('open', 'in_progress')`,
      )
      .all() as {
      id: number;
      shipment_id: number;
      reason: ExceptionReason;
      carrier: string;
      warehouse: string | null;
      status: string;
      [column: string]: Value;
    }[];
    expect(queue.length).toBeGreaterThan(100);
    const column = {
      priority: 'priority',
      age: 'opened_at',
      reason: 'reason',
      carrier: 'carrier',
      orderValue: 'order_value_cents',
      lastEventAt: 'last_event_at',
      expectedDelivery: 'expected_delivery_current',
    } as const;
    const reasons = [...new Set(queue.map((r) => r.reason))];
    const filterArb = fc.record({
      carrier: sometimes(fc.subarray(['ups', 'fedex', 'usps', 'dhl'] as const, { minLength: 1 })),
      reason: sometimes(fc.subarray(reasons, { minLength: 1 })),
      warehouse: sometimes(fc.subarray(['east', 'west'], { minLength: 1 })),
      status: sometimes(fc.subarray(['in_transit', 'exception', 'created', 'out_for_delivery'] as const, { minLength: 1 })),
    });
    await fc.assert(
      fc.asyncProperty(sortArb(EXCEPTION_SORT_COLUMNS), filterArb, blockSizeArb, async (sort, filter, size) => {
        const kept = queue.filter(
          (r) =>
            (!filter.carrier || (filter.carrier as readonly string[]).includes(r.carrier)) &&
            (!filter.reason || filter.reason.includes(r.reason)) &&
            (!filter.warehouse || (r.warehouse !== null && filter.warehouse.includes(r.warehouse))) &&
            (!filter.status || (filter.status as readonly string[]).includes(r.status)),
        );
        // Older items have an earlier opened_at: "age descending" is opened_at ascending.
        const flip = (s: { column: string; direction: Direction }): Direction => (s.column === 'age' ? (s.direction === 'asc' ? 'desc' : 'asc') : s.direction);
        const terms = (sort.length ? sort : [{ column: 'priority' as const, direction: 'desc' as const }]).map((s) => ({
          value: (r: (typeof queue)[number]) => r[column[s.column]],
          direction: flip(s),
        }));
        // Under a shipment column, ties keep each shipment's items together.
        const byShipment = ['carrier', 'orderValue', 'lastEventAt', 'expectedDelivery'].includes(sort[0]?.column ?? 'priority');
        const { ids, rowCount } = await allBlocks(async (startRow, endRow) => {
          const page = await call(core.dispatch, 'exceptions.list', { sort, filter, startRow, endRow });
          return { ...page, rows: page.rows.map((r) => ({ id: r.shipmentId })) };
        }, size);
        // A parcel is placed by the first of all its open items, whichever of them the filter matched.
        const parcels = new Set(kept.map((r) => r.shipment_id));
        const shipmentOf = new Map(queue.map((r) => [r.id, r.shipment_id]));
        const ordered = orderBy(
          queue.filter((r) => parcels.has(r.shipment_id)),
          terms,
          byShipment ? [(r) => r.shipment_id] : [],
        ).map((id) => shipmentOf.get(id) as number);
        expect(ids).toEqual([...new Set(ordered)]);
        expect(rowCount).toBe(parcels.size);
        // The count the grid and the dashboard show is the same parcels.
        expect((await call(core.dispatch, 'exceptions.count', { filter })).count).toBe(parcels.size);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
