import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodArg, MethodName, MethodResult, PickupRow, ReceivingStation, ReturnRow } from '../../src-shared/api';
import { createFakeCarrierServer, type FakeCarrierServer, type FakeEvent } from '../carriers/fake-server';
import { exampleTrackingNumber } from '../demo/tracking-numbers';
import { createTempCore, type TempCore } from '../testing/temp-core';

const MIN = 60_000;
const HOUR = 60 * MIN;
const start = Date.parse('2026-11-20T12:00:00Z');
const at = (minutes: number) => new Date(start + minutes * MIN).toISOString();

const ups = (n: number) => exampleTrackingNumber('ups', 7000 + n);

let core: TempCore;
beforeEach(() => {
  core = createTempCore(start);
});
afterEach(() => core.dispose());

async function call<N extends MethodName>(
  method: N,
  arg: MethodArg<N>,
  ctx = { transport: 'in-process' as const, operator: 'dana', station: 'dock-1' },
): Promise<MethodResult<N>> {
  const result = await core.dispatch(method, arg, ctx);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const returnsFile = (rows: string[]) => ['rma_number,order_number,return_tracking_number,carrier,reason,expected_items', ...rows].join('\n');

const GOOD_FILE = returnsFile([
  `RMA-1001,100001,${ups(1)},ups,Too small,1x Shirt M`,
  `rma-1002,100002,${ups(2)},UPS,Arrived damaged,2x Mug`,
  'RMA-1003,#100003,,,Changed mind,"1x Lamp, white"',
]);

const importFile = (content: string, name = 'returns.csv') => call('returns.importFile', { name, content });
const list = (arg: object = {}) => call('returns.list', arg).then((r) => r.rows);
const byRma = async (rma: string) => (await list()).find((r) => r.rmaNumber === rma) as ReturnRow;
const db = () => core.services.db.raw;

describe('returns file import', () => {
  it('creates expected returns with a tracked return-label shipment, keeps bad rows with reasons, and is idempotent', async () => {
    const content = returnsFile([
      `RMA-1001,100001,${ups(1)},ups,Too small,1x Shirt M`,
      `,100004,${ups(4)},ups,,`,
      `RMA-1005,100005,${ups(5)},pony express,,`,
      'RMA-1006,100006,NOT A NUMBER!,ups,,',
      `RMA-1007,100007,${ups(7)},,,`,
      `rma-1001,100001,${ups(1)},ups,Too small,1x Shirt M`,
      'RMA-1008,100008,,,Wrong size,',
    ]);
    const first = await importFile(content);
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: 5 });
    expect(first.rejects).toEqual([
      { rowNumber: 3, reason: 'missing RMA number' },
      { rowNumber: 4, reason: 'unknown carrier "pony express"' },
      { rowNumber: 5, reason: 'bad return tracking number: "NOT A NUMBER!"' },
      { rowNumber: 6, reason: 'missing carrier for the return tracking number' },
      { rowNumber: 7, reason: 'RMA-1001 is already on row 2' },
    ]);
    const stored = db()
      .prepare('SELECT s.source, r.row_number, r.reason FROM sync_rejects r JOIN sync_runs s ON s.id = r.run_id ORDER BY r.row_number')
      .all() as {
      source: string;
      row_number: number;
    }[];
    expect(stored.map((r) => [r.source, r.row_number])).toEqual([3, 4, 5, 6, 7].map((n) => ['returns-file', n]));

    const label = db().prepare('SELECT source, external_id, is_return, carrier, order_number FROM shipments WHERE tracking_number = ?').get(ups(1));
    expect(label).toEqual({ source: 'returns', external_id: 'RMA-1001', is_return: 1, carrier: 'ups', order_number: '100001' });
    const r1 = await byRma('RMA-1001');
    expect(r1).toMatchObject({ state: 'label_issued', orderNumber: '100001', trackingNumber: ups(1), reason: 'Too small', expectedItems: '1x Shirt M' });
    expect(r1.shipmentId).toBeGreaterThan(0);

    const again = await importFile(content);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 5 });
    expect((db().prepare('SELECT count(*) AS n FROM returns').get() as { n: number }).n).toBe(2);
    expect((db().prepare("SELECT count(*) AS n FROM shipments WHERE source = 'returns'").get() as { n: number }).n).toBe(1);

    const changed = await importFile(returnsFile([`RMA-1001,100001,${ups(1)},ups,Too big,`]));
    expect(changed).toMatchObject({ inserted: 0, updated: 1, rejected: 0 });
    // A blank cell keeps what the earlier file said.
    expect(await byRma('RMA-1001')).toMatchObject({ reason: 'Too big', expectedItems: '1x Shirt M' });
  });

  it('links to a shipment that already has the return tracking number instead of creating one', async () => {
    const now = at(0);
    const existing = Number(
      db()
        .prepare(
          "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, is_return, created_at, updated_at) VALUES ('shipstation', 'SS-9', ?, 'ups', ?, 1, ?, ?)",
        )
        .run(ups(1), now, now, now).lastInsertRowid,
    );
    await importFile(GOOD_FILE);
    expect((await byRma('RMA-1001')).shipmentId).toBe(existing);
    await core.services.returns.tick();
    // The synced return label is the same return as the file's RMA, not a second one.
    expect((await list()).filter((r) => r.trackingNumber === ups(1))).toHaveLength(1);
  });

  it('refuses a file without an RMA column and changes nothing', async () => {
    const result = await core.dispatch('returns.importFile', { name: 'orders.csv', content: 'order,tracking\n1,2\n' });
    expect(result).toEqual({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('needs an rma_number column') } });
    expect((db().prepare('SELECT count(*) AS n FROM sync_runs').get() as { n: number }).n).toBe(0);
  });

  it('turns return labels among synced shipments into expected returns', async () => {
    const now = at(0);
    db()
      .prepare(
        "INSERT INTO shipments (source, external_id, tracking_number, carrier, order_number, label_created_at, is_return, created_at, updated_at) VALUES ('shipstation', 'SS-1', ?, 'ups', '555', ?, 1, ?, ?)",
      )
      .run(ups(9), now, now, now);
    db()
      .prepare(
        "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, is_return, created_at, updated_at) VALUES ('shipstation', 'SS-2', ?, 'ups', ?, 0, ?, ?)",
      )
      .run(ups(10), now, now, now);
    expect(core.services.returns.tick()).toMatchObject({ adopted: 1 });
    expect(await list()).toEqual([
      expect.objectContaining({ source: 'label', externalId: 'shipstation:SS-1', orderNumber: '555', trackingNumber: ups(9), state: 'label_issued' }),
    ]);
    expect(core.services.returns.tick()).toMatchObject({ adopted: 0 });
  });
});

describe('receiving station', () => {
  let station: ReceivingStation;
  beforeEach(async () => {
    await importFile(GOOD_FILE);
    station = await call('returns.openStation', {});
  });
  const receive = (raw: string) => call('returns.receive', { sessionId: station.sessionId, raw });

  it('opens one returns_receive session per station and operator and reuses it', async () => {
    expect(station).toMatchObject({ station: 'dock-1', operator: 'dana' });
    expect(db().prepare('SELECT purpose FROM scan_sessions WHERE id = ?').get(station.sessionId)).toEqual({ purpose: 'returns_receive' });
    expect((await call('returns.openStation', {})).sessionId).toBe(station.sessionId);
  });

  it('matches by return tracking number, by RMA barcode and by order number', async () => {
    const byTracking = await receive(`${ups(1)}\r\n`);
    expect(byTracking).toMatchObject({
      verdict: 'matched',
      matchedBy: 'tracking_number',
      return: { rmaNumber: 'RMA-1001', state: 'received', receivedAt: at(0) },
    });
    const byRmaBarcode = await receive('rma-1002');
    expect(byRmaBarcode).toMatchObject({ verdict: 'matched', matchedBy: 'rma', return: { rmaNumber: 'RMA-1002', state: 'received' } });
    const byOrder = await receive('100003');
    expect(byOrder).toMatchObject({ verdict: 'matched', matchedBy: 'order_number', return: { rmaNumber: 'RMA-1003', state: 'received' } });
    expect(byOrder.message).toContain('1x Lamp, white');

    // Every scan is a row of the session, stamped with the receiving verdict before it was shown.
    const scans = db().prepare('SELECT raw, verdict, shipment_id FROM scans WHERE session_id = ? ORDER BY id').all(station.sessionId) as {
      raw: string;
      verdict: string;
      shipment_id: number | null;
    }[];
    expect(scans.map((s) => [s.raw, s.verdict])).toEqual([
      [`${ups(1)}\r\n`, 'matched'],
      ['rma-1002', 'matched'],
      ['100003', 'matched'],
    ]);
    expect(scans[0].shipment_id).toBe(byTracking.return?.shipmentId);

    const audit = db().prepare("SELECT operator, station, before, after FROM audit_log WHERE entity = 'return' AND action = 'received' ORDER BY id").all() as {
      operator: string;
      station: string;
      before: string;
      after: string;
    }[];
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ operator: 'dana', station: 'dock-1' });
    expect(JSON.parse(audit[0].before)).toMatchObject({ state: 'label_issued' });
    expect(JSON.parse(audit[0].after)).toMatchObject({ state: 'received', receivedAt: at(0) });
  });

  it('says duplicate for a parcel already received, and records condition with a note', async () => {
    const first = await receive(ups(2));
    expect((await receive('RMA-1002')).verdict).toBe('duplicate');
    const returnId = first.return?.id;
    if (returnId === undefined) throw new Error('the first receipt matched no return');
    const inspected = await call('returns.recordCondition', { returnId, condition: 'damaged', note: 'box crushed' });
    expect(inspected).toMatchObject({ state: 'inspected', condition: 'damaged', note: 'box crushed' });
    const corrected = await call('returns.recordCondition', { returnId, condition: 'resellable' });
    expect(corrected).toMatchObject({ state: 'inspected', condition: 'resellable', note: 'box crushed' });
    const early = await core.dispatch('returns.recordCondition', { returnId: (await byRma('RMA-1001')).id, condition: 'damaged' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('receive it at the dock') } });
  });

  it('turns a parcel that matches nothing into a triage item with its raw scan, once', async () => {
    const unknownLabel = exampleTrackingNumber('fedex', 4242);
    const unexpected = await receive(unknownLabel);
    expect(unexpected).toMatchObject({
      verdict: 'unexpected',
      return: { state: 'unexpected', source: 'dock', trackingNumber: unknownLabel, carrier: 'fedex' },
    });
    const unreadable = await receive('HANDWRITTEN-7');
    expect(unreadable).toMatchObject({ verdict: 'unexpected', return: { trackingNumber: null, externalId: 'HANDWRITTEN-7' } });
    expect((await receive(unknownLabel)).verdict).toBe('duplicate');

    const triage = await call('returns.triage.list', {});
    expect(triage.rows.map((t) => [t.raw, t.station, t.operator])).toEqual([
      ['HANDWRITTEN-7', 'dock-1', 'dana'],
      [unknownLabel, 'dock-1', 'dana'],
    ]);
    const described = await call('returns.triage.update', { returnId: triage.rows[1].id, description: 'Blue box, 2 jackets, no paperwork' });
    expect(described).toMatchObject({ description: 'Blue box, 2 jackets, no paperwork', state: 'unexpected' });
    const accepted = await call('returns.triage.update', { returnId: triage.rows[1].id, action: 'accept' });
    expect(accepted.state).toBe('received');
    expect((await call('returns.triage.list', {})).rows).toHaveLength(1);
    expect((await list({ view: 'received_today' })).map((r) => r.externalId)).toEqual(['HANDWRITTEN-7', unknownLabel].sort().reverse());
  });

  it('calls a misread scan invalid, stores it all the same, and makes no triage item', async () => {
    const result = await receive('   ');
    expect(result).toMatchObject({ verdict: 'invalid', return: null });
    expect(db().prepare('SELECT raw, verdict FROM scans WHERE session_id = ?').all(station.sessionId)).toEqual([{ raw: '   ', verdict: 'invalid' }]);
    expect((await call('returns.triage.list', {})).rows).toHaveLength(0);
  });

  it('refuses a session opened for packing', async () => {
    const packing = await call('reconcile.openSession', { station: 'pack-1', operator: 'sam', purpose: 'pack_verify' });
    const result = await core.dispatch('returns.receive', { sessionId: packing.id, raw: ups(1) });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((db().prepare('SELECT count(*) AS n FROM scans').get() as { n: number }).n).toBe(0);
  });

  it('exports what was received today as CSV', async () => {
    await receive(ups(1));
    await receive('=HYPERLINK("x")');
    const { filename, csv } = await call('returns.exportReceivedToday', { timeZone: 'UTC' });
    expect(filename).toBe('returns-received-2026-11-20.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('received_at (UTC),rma_number,order_number,tracking_number,carrier,state,condition,note,reason,expected_items,source,external_id');
    expect(lines).toHaveLength(3);
    // The dock's wall clock in the named zone, not a UTC ISO instant.
    const { csv: newYork } = await call('returns.exportReceivedToday', { timeZone: 'America/New_York' });
    const [header, first] = newYork.trim().split('\r\n');
    expect(header.startsWith('received_at (America/New_York),')).toBe(true);
    expect(first).toMatch(/^2026-11-20 0[67]:\d\d:\d\d,/);
    expect(csv).toContain(`RMA-1001,100001,${ups(1)},ups,received`);
    // Text a spreadsheet would run as a formula is kept as text.
    expect(csv).toContain(`"'=HYPERLINK(""X"")"`);
  });
});

describe('pickups in fake time', () => {
  let fake: FakeCarrierServer;
  beforeEach(async () => {
    fake = await createFakeCarrierServer({ now: core.clock.now });
    const saved = await core.dispatch('carriers.save', {
      carrier: 'ups',
      environment: 'custom',
      baseUrl: fake.url,
      credentials: { clientId: 'id-123', clientSecret: 'secret-456' },
    });
    expect(saved.ok).toBe(true);
    await importFile(GOOD_FILE);
  });
  afterEach(() => fake.close());

  const createPickup = async (rmas: string[], minutesFrom = 60, minutesTo = 300) =>
    call('returns.pickups.create', {
      carrier: 'ups',
      confirmationNumber: 'PU-77',
      windowStart: at(minutesFrom),
      windowEnd: at(minutesTo),
      location: 'Customer porch, 12 Elm St',
      returnIds: await Promise.all(rmas.map(async (r) => (await byRma(r)).id)),
    });
  const pickup = async (id: number) => (await call('returns.pickups.list', {})).rows.find((p) => p.id === id) as PickupRow;
  const journey = (pickupMinute: number): FakeEvent[] => [
    { at: start - HOUR, code: 'MP', description: 'Shipper created a label', location: null, status: 'created' },
    { at: start + pickupMinute * MIN, code: 'PU', description: 'Pickup Scan', location: null, status: 'in_transit' },
    { at: start + (pickupMinute + 24 * 60) * MIN, code: 'KB', description: 'Delivered', location: null, status: 'delivered' },
  ];

  it('attaches parcels: they await pickup, grouped under it in Pending pickup', async () => {
    const p = await createPickup(['RMA-1001', 'RMA-1002']);
    expect(p).toMatchObject({ state: 'scheduled', parcelCount: 2, carrier: 'ups', confirmationNumber: 'PU-77' });
    const pending = await list({ view: 'pending_pickup' });
    expect(pending.map((r) => [r.rmaNumber, r.state, r.pickupId])).toEqual([
      ['RMA-1001', 'awaiting_pickup', p.id],
      ['RMA-1002', 'awaiting_pickup', p.id],
      ['RMA-1003', 'label_issued', null],
    ]);
    const refused = await core.dispatch('returns.pickups.create', { carrier: 'fedex', windowStart: at(60), windowEnd: at(120), returnIds: [pending[2].id] });
    expect(refused.ok).toBe(true); // RMA-1003 has no label carrier yet
    const wrong = await core.dispatch('returns.pickups.update', { pickupId: p.id, carrier: 'fedex' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'RMA-1001 goes back with ups; this pickup is fedex.' } });
  });

  it('is picked up automatically when the first carrier scan falls inside the window', async () => {
    const p = await createPickup(['RMA-1001']);
    fake.script('ups', ups(1), journey(130));
    core.clock.set(start + 150 * MIN);
    await core.services.tracking.poller.runOnce();
    expect(await pickup(p.id)).toMatchObject({ state: 'picked_up' });
    expect(await byRma('RMA-1001')).toMatchObject({ state: 'in_transit', shipmentStatus: 'in_transit' });
    expect((await list({ view: 'inbound' })).map((r) => r.rmaNumber)).toEqual(['RMA-1001']);

    // Delivered to us: arrived, waiting for the dock scan.
    core.clock.set(start + 27 * HOUR);
    const { shipmentId } = await byRma('RMA-1001');
    if (shipmentId === null) throw new Error('RMA-1001 has no shipment');
    await core.dispatch('tracking.refresh', { shipmentIds: [shipmentId] });
    await core.services.tracking.poller.runOnce();
    expect(await byRma('RMA-1001')).toMatchObject({ state: 'arrived' });
    core.services.returns.tick();
    expect(await pickup(p.id)).toMatchObject({ state: 'picked_up' });

    const moves = db().prepare("SELECT action, operator FROM audit_log WHERE entity = 'pickup' AND entity_id = ? ORDER BY id").all(p.id);
    expect(moves).toEqual([
      { action: 'created', operator: 'dana' },
      { action: 'picked_up', operator: 'system:tracking' },
    ]);
  });

  it('becomes missed at the window end with no scan, and opens a pickup_missed exception', async () => {
    const p = await createPickup(['RMA-1001', 'RMA-1002']);
    core.clock.set(start + 299 * MIN);
    expect(core.services.returns.tick().missed).toEqual([]);
    expect((await list({ view: 'pending_pickup' }))[0].overdue).toBe(false);

    core.clock.set(start + 300 * MIN);
    expect(core.services.returns.tick().missed).toEqual([p.id]);
    expect(await pickup(p.id)).toMatchObject({ state: 'missed', overdue: true });
    const exceptions = db().prepare("SELECT shipment_id, state FROM exceptions WHERE reason = 'pickup_missed' ORDER BY shipment_id").all();
    const shipmentIds = [(await byRma('RMA-1001')).shipmentId, (await byRma('RMA-1002')).shipmentId];
    expect(exceptions).toEqual(shipmentIds.map((id) => ({ shipment_id: id, state: 'open' })));
    const pending = await list({ view: 'pending_pickup' });
    expect(pending.slice(0, 2).map((r) => [r.rmaNumber, r.overdue])).toEqual([
      ['RMA-1001', true],
      ['RMA-1002', true],
    ]);

    // A carrier scan after the window does not make a missed pickup on time.
    fake.script('ups', ups(1), journey(330));
    core.clock.set(start + 340 * MIN);
    await core.services.tracking.poller.runOnce();
    expect(await pickup(p.id)).toMatchObject({ state: 'missed' });

    // Rescheduling puts it back on the calendar; missing again reopens the same exception, not a second one.
    const rescheduled = await call('returns.pickups.reschedule', { pickupId: p.id, windowStart: at(24 * 60), windowEnd: at(28 * 60) });
    expect(rescheduled).toMatchObject({ state: 'scheduled', overdue: false, windowEnd: at(28 * 60) });
    db().prepare("UPDATE exceptions SET state = 'resolved' WHERE reason = 'pickup_missed'").run();
    const missed = await call('returns.pickups.markMissed', { pickupId: p.id });
    expect(missed.state).toBe('missed');
    expect(db().prepare("SELECT count(*) AS n, min(state) AS s FROM exceptions WHERE reason = 'pickup_missed'").get()).toEqual({ n: 2, s: 'open' });
  });

  it('cancels a pickup: its parcels go back to waiting for a label carrier run', async () => {
    const p = await createPickup(['RMA-1001']);
    const cancelled = await call('returns.pickups.update', { pickupId: p.id, state: 'cancelled' });
    expect(cancelled).toMatchObject({ state: 'cancelled', returnIds: [] });
    expect(await byRma('RMA-1001')).toMatchObject({ state: 'label_issued', pickupId: null });
  });
});

describe('contract', () => {
  it('validates windows and conditions before anything runs', async () => {
    const backwards = await core.dispatch('returns.pickups.create', { carrier: 'ups', windowStart: at(60), windowEnd: at(0) });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('windowEnd') } });
    const noOffset = await core.dispatchUntrusted('returns.pickups.create', { carrier: 'ups', windowStart: '2026-11-20T10:00:00', windowEnd: at(0) });
    expect(noOffset.ok).toBe(false);
    const condition = await core.dispatchUntrusted('returns.recordCondition', { returnId: 1, condition: 'meh' });
    expect(condition.ok).toBe(false);
  });
});
