import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURN_SORT_COLUMNS, RETURN_VIEWS, type MethodArg, type ReturnRow, type ReturnSortColumn, type ReturnView } from '../../src-shared/api';
import { RETURN_STATES } from '../../src-shared/domain/returns/lifecycle';
import { exampleTrackingNumber } from '../demo/tracking-numbers';
import { createTempCore, type TempCore } from '../testing/temp-core';

/**
 * Returns lists page like every big grid (issue 15): the blocks a grid asks for, concatenated, are the list in
 * its one order (the whole list read at once), and the row count comes with the first block. Every filter and
 * column sort the Returns screen offers is the same list a person would make by hand from all the returns.
 */
let core: TempCore;
const CARRIER_OF = ['ups', 'usps', 'fedex'] as const;
const REASONS = ['Too small', 'Damaged in transit', '', 'Changed mind'];
const db = () => core.services.db.raw;

beforeAll(async () => {
  core = createTempCore(Date.parse('2026-11-20T12:00:00Z'));
  // Two in three with a return label (on their way), the rest without (waiting for a pickup or a drop-off).
  const rows = Array.from({ length: 300 }, (_, i) => {
    const carrier = i % 3 ? CARRIER_OF[i % 3] : '';
    return `RMA-${5000 + i},${600_000 + (i % 250)},${carrier ? exampleTrackingNumber(carrier, 8000 + i) : ''},${carrier},${REASONS[i % 4]},1x Shirt`;
  });
  const envelope = await core.dispatch(
    'returns.importFile',
    { name: 'returns.csv', content: ['rma_number,order_number,return_tracking_number,carrier,reason,expected_items', ...rows].join('\n') },
    { transport: 'in-process', operator: 'dana', station: 'dock-1' },
  );
  expect(envelope.ok).toBe(true);
  const pickup = await core.dispatch('returns.pickups.create', {
    carrier: 'ups',
    windowStart: '2026-11-21T09:00:00Z',
    windowEnd: '2026-11-21T17:00:00Z',
    returnIds: db().prepare("SELECT id FROM returns WHERE carrier = 'ups' ORDER BY id LIMIT 20").pluck().all() as number[],
  });
  if (!pickup.ok) throw new Error(pickup.error.message);
  // A few weeks at the dock: returns announced on different days, some on their way, in the building, received or inspected.
  const spread = db().prepare(
    "UPDATE returns SET created_at = ?, state = ?, received_at = ?, condition = ?, note = ? WHERE id = ? AND pickup_id IS NULL AND state <> 'unexpected'",
  );
  // Return labels the carrier tracks: some with a promised day (a date or an instant), moved for a few, and a status.
  db()
    .prepare(
      `UPDATE shipments SET expected_delivery_original = CASE WHEN id % 7 = 0 THEN NULL WHEN id % 4 = 1 THEN '2026-11-' || (10 + id % 12) ELSE '2026-11-' || (10 + id % 9) || 'T18:00:00.000Z' END,
         expected_delivery_current = CASE WHEN id % 5 = 0 THEN '2026-11-2' || (id % 8) END, status = CASE id % 3 WHEN 0 THEN 'in_transit' WHEN 1 THEN 'out_for_delivery' ELSE status END
       WHERE id IN (SELECT shipment_id FROM returns)`,
    )
    .run();
  const ids = db().prepare('SELECT id FROM returns ORDER BY id').pluck().all() as number[];
  ids.forEach((id, i) => {
    const day = `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`;
    const state = (['label_issued', 'in_transit', 'arrived', 'received', 'inspected', 'unexpected'] as const)[i % 6];
    const received = state === 'received' || state === 'inspected' || state === 'unexpected' ? `${day}T1${i % 10}:00:00.000Z` : null;
    spread.run(
      `${day}T08:00:00.000Z`,
      state,
      received,
      state === 'inspected' ? (['resellable', 'damaged'] as const)[i % 2] : null,
      i % 5 ? null : `note ${i % 7}`,
      id,
    );
  });
}, 60_000);
afterAll(() => core.dispose());

type ListArg = Partial<MethodArg<'returns.list'>>;
async function list(arg: ListArg): Promise<{ rows: ReturnRow[]; rowCount?: number }> {
  const envelope = await core.dispatch('returns.list', { limit: 5000, timeZone: 'UTC', ...arg });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}

/** What a sorted column compares, as the person reads the list (blanks last either way). */
const sortKey: Record<ReturnSortColumn, (r: ReturnRow) => (string | number | null)[]> = {
  rmaNumber: (r) => [r.rmaNumber],
  orderNumber: (r) => [r.orderNumber],
  trackingNumber: (r) => [r.trackingNumber],
  carrier: (r) => [r.carrier],
  state: (r) => [RETURN_STATES.indexOf(r.state)],
  shipmentStatus: (r) => [r.shipmentStatus],
  expectedArrival: (r) => [r.state === 'arrived' ? 0 : 1, r.expectedArrival],
  reason: (r) => [r.reason],
  receivedAt: (r) => [r.receivedAt],
  condition: (r) => [r.condition],
  note: (r) => [r.note],
};
// As SQLite compares: nothing before anything (blanks are put last before this is asked).
const compareValues = (a: string | number | null, b: string | number | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
function byColumn(column: ReturnSortColumn, direction: 'asc' | 'desc') {
  const sign = direction === 'asc' ? 1 : -1;
  return (a: ReturnRow, b: ReturnRow) => {
    const [x, y] = [sortKey[column](a), sortKey[column](b)];
    // Blanks last whichever way; a parcel in the building is not blank for want of a date.
    const blank = (r: ReturnRow, key: (string | number | null)[]) =>
      column === 'expectedArrival' ? r.state !== 'arrived' && r.expectedArrival === null : key[0] === null;
    const blanks = compareValues(blank(a, x) ? 1 : 0, blank(b, y) ? 1 : 0);
    if (blanks) return blanks;
    for (let i = 0; i < x.length; i++) {
      const c = compareValues(x[i], y[i]);
      if (c) return c * sign;
    }
    return (a.id - b.id) * sign;
  };
}

const searchTerms = () =>
  fc.constantFrom(
    ...(
      db().prepare('SELECT rma_number, order_number, tracking_number FROM returns WHERE tracking_number IS NOT NULL LIMIT 40').raw().all() as string[][]
    ).flatMap(([rma, order, tracking]) => [rma, order.slice(-4), tracking.slice(-6).toLowerCase(), rma.slice(0, 6)]),
  );
const matchesSearch = (r: ReturnRow, search: string) => {
  const s = search.toUpperCase();
  return [r.rmaNumber, r.orderNumber, r.trackingNumber].some((v) => !!v && (v.toUpperCase().startsWith(s) || (s.length >= 4 && v.toUpperCase().endsWith(s))));
};

describe('returns.list', () => {
  it('all blocks together are the list in its one order, with the row count up front, under every sort and filter', async () => {
    const tracked = (await list({})).rows;
    expect(tracked.filter((r) => r.expectedArrival !== null && r.state === 'arrived').length).toBeGreaterThan(0);
    expect(tracked.filter((r) => r.expectedArrival === null && r.state === 'arrived').length).toBeGreaterThan(0);
    expect(new Set(tracked.map((r) => r.shipmentStatus)).size).toBeGreaterThan(2);
    const viewArb = fc.constantFrom<ReturnView | undefined>(undefined, ...RETURN_VIEWS);
    const sortArb = fc.option(fc.record({ column: fc.constantFrom(...RETURN_SORT_COLUMNS), direction: fc.constantFrom<'asc' | 'desc'>('asc', 'desc') }), {
      nil: undefined,
    });
    const filterArb = fc.record(
      {
        carrier: fc.constantFrom(...CARRIER_OF),
        search: searchTerms(),
        hasPickup: fc.boolean(),
        dates: fc.constantFrom(['2026-11-03', '2026-11-09'], ['2026-11-10', '2026-11-10'], ['2026-11-15', undefined], [undefined, '2026-11-04']),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(viewArb, sortArb, filterArb, fc.integer({ min: 1, max: 120 }), async (view, sort, f, size) => {
        const filter: ListArg = { view, sort, carrier: f.carrier, search: f.search, hasPickup: f.hasPickup, dateFrom: f.dates?.[0], dateTo: f.dates?.[1] };
        const whole = await list(filter);
        const ids: number[] = [];
        let rowCount: number | undefined;
        for (let start = 0; start < 10_000; start += size) {
          const page = await list({ ...filter, startRow: start, endRow: start + size });
          rowCount ??= page.rowCount;
          ids.push(...page.rows.map((r) => r.id));
          if (page.rows.length < size) break;
        }
        expect(ids).toEqual(whole.rows.map((r) => r.id));
        expect(rowCount).toBe(whole.rows.length);

        // The same list made by hand from the whole view.
        const everything = (await list({ view })).rows;
        const [from, to] = f.dates ?? [];
        const dayOf = (r: ReturnRow) =>
          (view === 'inbound' ? r.expectedArrival : view === 'received_today' || view === 'triage' ? r.receivedAt : r.createdAt)?.slice(0, 10);
        const kept = everything.filter(
          (r) =>
            (!f.carrier || r.carrier === f.carrier) &&
            (!f.search || matchesSearch(r, f.search)) &&
            (f.hasPickup === undefined || (r.pickupId !== null) === f.hasPickup) &&
            (!f.dates || ((!from || (dayOf(r) ?? '') >= from) && (!to || ((dayOf(r) ?? '') <= to && dayOf(r) !== undefined)))),
        );
        const expected = sort ? [...kept].sort(byColumn(sort.column, sort.direction)) : kept;
        expect(whole.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('sorts every column both ways as a person reads it, blanks last, over the whole list and the inbound one', async () => {
    for (const view of [undefined, 'inbound'] as const) {
      const everything = (await list({ view })).rows;
      for (const column of RETURN_SORT_COLUMNS)
        for (const direction of ['asc', 'desc'] as const) {
          const sorted = (await list({ view, sort: { column, direction } })).rows.map((r) => r.id);
          expect(sorted, `${view ?? 'all'} by ${column} ${direction}`).toEqual([...everything].sort(byColumn(column, direction)).map((r) => r.id));
        }
    }
  });

  it('finds a return by the last four or more characters of its tracking, order or RMA number, in any case', async () => {
    const [rma, tracking] = db()
      .prepare('SELECT rma_number, tracking_number FROM returns WHERE tracking_number IS NOT NULL ORDER BY id DESC LIMIT 1')
      .raw()
      .get() as string[];
    expect((await list({ search: ` ${tracking.slice(-5).toLowerCase()} ` })).rows.map((r) => r.trackingNumber)).toEqual([tracking]);
    expect((await list({ search: rma.slice(-4) })).rows.map((r) => r.rmaNumber)).toContain(rma);
    // Three characters are too few to mean the end of a number: they only match its start.
    expect((await list({ search: tracking.slice(-3) })).rows.filter((r) => r.trackingNumber === tracking && !tracking.startsWith(tracking.slice(-3)))).toEqual(
      [],
    );
    expect((await list({ search: '50%' })).rows).toEqual([]);
  });

  it('refuses a date that is not a day, a range that ends before it starts, and a column it cannot sort, changing nothing', async () => {
    const before = db().prepare('SELECT count(*) FROM audit_log').pluck().get();
    for (const arg of [
      { dateFrom: '2026-02-30' },
      { dateFrom: '2026-11-10', dateTo: '2026-11-09' },
      { sort: { column: 'expectedItems', direction: 'asc' } },
      { sort: { column: 'reason', direction: 'up' } },
      { carrier: 'pigeon' },
    ]) {
      const envelope = await core.dispatch('returns.list', arg as never);
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(envelope.error.code).toBe('invalid_argument');
    }
    expect(db().prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before);
  });
});

describe('returns.triage.list', () => {
  it('pages the parcels that matched nothing, newest first, with the row count up front, open ones or all', async () => {
    const open = await core.dispatch('returns.openStation', { station: 'dock-2', operator: 'kim' });
    if (!open.ok) throw new Error(open.error.message);
    for (let i = 0; i < 40; i++) {
      core.clock.advance(1000);
      const received = await core.dispatch('returns.receive', { sessionId: open.value.sessionId, raw: exampleTrackingNumber('dhl', 90_000 + i) });
      expect(received.ok && received.value.verdict).toBe('unexpected');
    }
    const whole = async (includeClosed: boolean) => {
      const envelope = await core.dispatch('returns.triage.list', { includeClosed });
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.value.rows;
    };
    // Three of them sorted out: they leave the open list and stay in the whole one.
    for (const { id } of (await whole(false)).slice(5, 8))
      expect((await core.dispatch('returns.triage.update', { returnId: id, action: 'accept' })).ok).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.integer({ min: 1, max: 30 }), async (includeClosed, size) => {
        const expected = await whole(includeClosed);
        const ids: number[] = [];
        let rowCount: number | undefined;
        for (let start = 0; start < 1000; start += size) {
          const page = await core.dispatch('returns.triage.list', { includeClosed, startRow: start, endRow: start + size });
          if (!page.ok) throw new Error(page.error.message);
          rowCount ??= page.value.rowCount;
          ids.push(...page.value.rows.map((r) => r.id));
          if (page.value.rows.length < size) break;
        }
        expect(ids).toEqual(expected.map((r) => r.id));
        expect(rowCount).toBe(expected.length);
        expect(expected.length).toBe(includeClosed ? 40 : 37);
        expect(expected[0].raw).toBe(exampleTrackingNumber('dhl', 90_039));
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
