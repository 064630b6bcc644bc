import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExceptionRow } from '../../src-shared/api';
import { addShipment, auditOf, call, exceptionsCore, HOUR, itemsOf, ref, refused, type ExceptionsCore } from './testing';

let core: ExceptionsCore;
let damaged: ExceptionRow;
let lost: ExceptionRow;
const ANA = { operator: 'Ana Ruiz', station: 'Desk 2' };
const BEN = { operator: 'Ben Okafor', station: 'Pack 1' };

const list = (arg: object = {}, who = ANA) => call(core, 'exceptions.list', { startRow: 0, endRow: 100, ...arg }, who);
const row = async (id: number) => (await list({ filter: { state: ['open', 'in_progress', 'snoozed', 'resolved', 'auto_resolved'] }, ids: [id] })).rows[0];
const versionsOf = () => core.services.db.raw.prepare('SELECT id, state, version FROM exceptions ORDER BY id').all();

beforeEach(async () => {
  core = exceptionsCore();
  addShipment(core, {
    status: 'exception',
    substatus: 'damaged',
    order_value_cents: 25_000,
    warehouse: 'east',
    carrier: 'fedex',
    service: 'priority_overnight',
  });
  addShipment(core, { status: 'exception', substatus: 'lost', order_value_cents: 5_000, warehouse: 'west' });
  await core.services.exceptions.tick();
  [damaged, lost] = (await list()).rows;
});
afterEach(() => core.dispose());

describe('the queue through dispatch', () => {
  it('lists open items by priority with the shipment beside each, and explains the priority', async () => {
    const { rows, lastRow } = await list();
    expect(rows.map((r) => [r.reason, r.carrier, r.trackingNumber.startsWith('1ZTEST'), r.orderValue])).toEqual([
      ['damaged', 'fedex', true, 250],
      ['lost', 'ups', true, 50],
    ]);
    expect(lastRow).toBe(2);
    expect(rows[0].priorityExplanation).toBe('damaged: severity 10 × order value 250.00 × age 1.00 (0 h open) = 2,500');
  });

  it('filters by warehouse, carrier, service, reason, flag, order value, age, assignee and express service', async () => {
    const ids = async (filter: object) => (await list({ filter })).rows.map((r) => r.reason);
    expect(await ids({ warehouse: ['west'] })).toEqual(['lost']);
    expect(await ids({ carrier: ['fedex'] })).toEqual(['damaged']);
    expect(await ids({ service: ['ground'] })).toEqual(['lost']);
    expect(await ids({ reason: ['lost'] })).toEqual(['lost']);
    expect(await ids({ flag: ['stalled'] })).toEqual([]);
    expect(await ids({ orderValueMin: 100 })).toEqual(['damaged']);
    expect(await ids({ orderValueMax: 100 })).toEqual(['lost']);
    expect(await ids({ express: true })).toEqual(['damaged']);
    expect(await ids({ express: false })).toEqual(['lost']);
    expect(await ids({ ageHoursMin: 1 })).toEqual([]);
    core.clock.advance(2 * HOUR);
    expect(await ids({ ageHoursMin: 1 })).toEqual(['damaged', 'lost']);
    await call(core, 'exceptions.assign', { items: [ref(lost)], assignee: 'Ana Ruiz' });
    expect(await ids({ assignee: ['@me'] })).toEqual(['lost']);
    expect(await ids({ assignee: ['@none'] })).toEqual(['damaged']);
    expect(await ids({ assignee: ['Ben Okafor'] })).toEqual([]);
    expect((await list({ filter: { assignee: ['@me'] } }, { operator: '', station: 'x' })).rows).toEqual([]);
    expect(await call(core, 'exceptions.count', { filter: { warehouse: ['east', 'west'] } })).toEqual({ count: 2 });
  });

  it('refuses filters and sorts that are not in the contract', async () => {
    expect((await refused(core, 'exceptions.list', { filter: { reason: ['bored'] } })).code).toBe('invalid_argument');
    expect((await refused(core, 'exceptions.list', { sort: [{ column: 'id; DROP TABLE exceptions', direction: 'asc' }] })).code).toBe('invalid_argument');
  });
});

describe('staff actions', () => {
  it('assigns, recording operator, station, time and before → after in the audit log', async () => {
    const { rows } = await call(core, 'exceptions.assign', { items: [ref(damaged)], assignee: 'Ana Ruiz' }, ANA);
    expect(rows).toMatchObject([{ id: damaged.id, state: 'in_progress', assignee: 'Ana Ruiz', version: 2 }]);
    expect(auditOf(core, damaged.id).at(-1)).toEqual({
      action: 'assigned',
      operator: 'Ana Ruiz',
      station: 'Desk 2',
      at: new Date(core.clock.now()).toISOString(),
      before: { state: 'open', assignee: null, snoozedUntil: null, resolutionCode: null, resolutionNote: null },
      after: { state: 'in_progress', assignee: 'Ana Ruiz', snoozedUntil: null, resolutionCode: null, resolutionNote: null },
    });
  });

  it('acts on many items at once', async () => {
    const { rows } = await call(core, 'exceptions.snooze', { items: [ref(damaged), ref(lost)], until: new Date(core.clock.now() + HOUR).toISOString() });
    expect(rows.map((r) => r.state)).toEqual(['snoozed', 'snoozed']);
    expect((await list()).rows).toEqual([]);
    expect((await list({ filter: { state: ['snoozed'] } })).rows).toHaveLength(2);
  });

  it('refuses an item another station changed a moment ago, names who, and changes nothing in the batch', async () => {
    await call(core, 'exceptions.resolve', { items: [ref(damaged)], code: 'claim_filed', note: 'claim 991' }, BEN);
    const before = versionsOf();
    const error = await refused(core, 'exceptions.assign', { items: [ref(lost), ref(damaged)], assignee: 'Ana Ruiz' });
    expect(error).toEqual({
      code: 'conflict',
      message: `Exception #${damaged.id} was changed by Ben Okafor at Pack 1 (resolved) a moment ago; nothing was changed. Look at it again before acting.`,
    });
    expect(versionsOf()).toEqual(before);
    expect(auditOf(core, lost.id).map((a) => a.action)).toEqual(['opened']);
  });

  it('refuses invalid transitions with a clear message and changes nothing', async () => {
    const before = versionsOf();
    expect(await refused(core, 'exceptions.snooze', { items: [ref(damaged)], until: new Date(core.clock.now() - 60_000).toISOString() })).toEqual({
      code: 'invalid_argument',
      message: 'Snooze until a time in the future.',
    });
    const noCode = await refused(core, 'exceptions.resolve', { items: [ref(damaged)], note: 'done' });
    expect(noCode.code).toBe('invalid_argument');
    expect(noCode.message).toContain('choose a resolution code');
    expect(await refused(core, 'exceptions.reopen', { items: [ref(damaged)] })).toEqual({
      code: 'conflict',
      message: `Exception #${damaged.id} is still open; only a resolved item can be reopened.`,
    });
    expect(await refused(core, 'exceptions.assign', { items: [ref(damaged)], assignee: 'Ana Ruiz' }, { station: 'Desk 2' })).toEqual({
      code: 'invalid_argument',
      message: 'Choose who you are (operator) before changing exceptions.',
    });
    expect((await refused(core, 'exceptions.assign', { items: [{ id: 999, version: 1 }], assignee: 'Ana Ruiz' })).code).toBe('not_found');
    expect((await refused(core, 'exceptions.note', { items: [ref(damaged)], note: '   ' })).code).toBe('invalid_argument');
    expect(versionsOf()).toEqual(before);
  });

  it('resolves with a code and note, refuses acting on it again, and reopens it', async () => {
    const { rows } = await call(core, 'exceptions.resolve', { items: [ref(damaged)], code: 'claim_filed', note: 'claim 991' });
    expect(rows[0]).toMatchObject({ state: 'resolved', resolutionCode: 'claim_filed', resolutionNote: 'claim 991', closedBy: 'Ana Ruiz' });
    expect(await refused(core, 'exceptions.resolve', { items: [ref(rows[0])], code: 'refunded' })).toEqual({
      code: 'conflict',
      message: `Exception #${damaged.id} is already resolved.`,
    });
    core.clock.advance(3 * HOUR);
    const reopened = (await call(core, 'exceptions.reopen', { items: [ref(rows[0])], note: 'customer says box was empty' })).rows[0];
    expect(reopened).toMatchObject({ state: 'open', resolutionCode: null, closedBy: null, ageHours: 0, openedAt: new Date(core.clock.now()).toISOString() });
    expect(auditOf(core, damaged.id).at(-1)).toMatchObject({ action: 'reopened', after: { state: 'open', note: 'customer says box was empty' } });
  });

  it('keeps notes in the audit log and shows them in the shipment timeline with the carrier events', async () => {
    core.services.db.raw
      .prepare(
        "INSERT INTO tracking_events (shipment_id, event_key, occurred_at, status, substatus, raw_code, raw_text, location, recorded_at) VALUES (?, 'k1', ?, 'exception', 'damaged', 'DMG', 'Package damaged', 'MEMPHIS TN', ?)",
      )
      .run(damaged.shipmentId, new Date(core.clock.now() - HOUR).toISOString(), new Date(core.clock.now()).toISOString());
    core.clock.advance(60_000);
    await call(core, 'exceptions.note', { items: [ref(damaged)], note: 'photos requested' });
    const timeline = await call(core, 'exceptions.timeline', { shipmentId: damaged.shipmentId });
    expect(timeline.entries.map((e) => [e.kind, e.action, e.operator, e.text])).toEqual([
      ['audit', 'noted', 'Ana Ruiz', 'photos requested'],
      ['audit', 'opened', 'system', null],
      ['event', 'exception / damaged', null, 'Package damaged'],
    ]);
    expect((await refused(core, 'exceptions.timeline', { shipmentId: 4242 })).code).toBe('not_found');
  });

  it('tells every window which items changed', async () => {
    const seen: number[][] = [];
    core.events.subscribe((name, payload) => name === 'exceptions.changed' && seen.push((payload as { ids: number[] }).ids));
    await call(core, 'exceptions.assign', { items: [ref(damaged), ref(lost)], assignee: 'Ben Okafor' });
    expect(seen).toEqual([[damaged.id, lost.id]]);
  });
});

describe('dashboard, thresholds, views and operators', () => {
  it('counts open items by reason and moves when items are resolved', async () => {
    const before = await call(core, 'exceptions.dashboard', {});
    expect(before.openByReason).toEqual([
      { reason: 'damaged', count: 1 },
      { reason: 'lost', count: 1 },
    ]);
    await call(core, 'exceptions.resolve', { items: [ref(lost)], code: 'claim_filed' });
    const after = await call(core, 'exceptions.dashboard', {});
    expect(after.openByReason).toEqual([{ reason: 'damaged', count: 1 }]);
    expect(after.options).toEqual({ warehouses: ['east'], services: ['priority_overnight'], assignees: [] });
  });

  it('counts late deliveries by carrier, parcels in transit past their expected day and returns awaiting pickup', async () => {
    addShipment(core, { status: 'delivered', expected_delivery_original: '2026-11-12', delivered_at: '2026-11-14T15:00:00Z', carrier: 'usps' });
    addShipment(core, { status: 'delivered', expected_delivery_original: '2026-11-14', delivered_at: '2026-11-14T15:00:00Z', carrier: 'usps' });
    addShipment(core, { status: 'in_transit', expected_delivery_original: '2026-11-15' });
    core.services.db.raw
      .prepare(
        "INSERT INTO returns (source, external_id, state, created_at, updated_at) VALUES ('t', 'R1', 'awaiting_pickup', 'x', 'x'), ('t', 'R2', 'received', 'x', 'x')",
      )
      .run();
    await core.services.exceptions.tick();
    const dashboard = await call(core, 'exceptions.dashboard', {});
    expect(dashboard.lateDeliveriesByCarrier).toEqual([{ carrier: 'usps', count: 1 }]);
    expect(dashboard.inTransitPastExpected).toBe(1);
    expect(dashboard.returnsPendingPickup).toBe(1);
  });

  it('validates thresholds, stores them and re-evaluates with them', async () => {
    const bad = async (thresholds: object) => (await refused(core, 'exceptions.thresholds.set', thresholds)).message;
    const defaults = { stalledHours: 48, expressStalledHours: 24, noFirstScanHours: 24 };
    expect(await bad({ defaults: { ...defaults, stalledHours: 0 } })).toBe('exceptions.thresholds.set: defaults.stalledHours: hours must be more than 0');
    expect(await bad({ defaults: { ...defaults, noFirstScanHours: 1000 } })).toBe(
      'exceptions.thresholds.set: defaults.noFirstScanHours: hours must be at most 720',
    );
    expect(
      await bad({
        defaults,
        rules: [
          { carrier: 'ups', service: 'ground' },
          { carrier: 'ups', service: 'Ground' },
        ],
      }),
    ).toBe('exceptions.thresholds.set: rules: two rules for ups Ground');
    expect(await call(core, 'exceptions.thresholds.get', {})).toEqual({ defaults, rules: [] });

    const quiet = addShipment(core, { last_event_at: new Date(core.clock.now() - 13 * HOUR).toISOString() });
    const saved = await call(core, 'exceptions.thresholds.set', { defaults, rules: [{ carrier: 'ups', service: 'ground', stalledHours: 12 }] });
    expect(saved.rules).toEqual([{ carrier: 'ups', service: 'ground', stalledHours: 12 }]);
    await core.services.exceptions.settled();
    expect(itemsOf(core, quiet).map((i) => i.reason)).toEqual(['stalled']);
  });

  it('lists built-in views first, saves the staff own and protects the built-ins', async () => {
    const views = await call(core, 'exceptions.views.save', { name: 'West lost', filter: { warehouse: ['west'], reason: ['lost'] } });
    expect(views.map((v) => [v.name, v.builtIn])).toEqual([
      ['My queue', true],
      ['Late express', true],
      ['West lost', false],
    ]);
    expect((await refused(core, 'exceptions.views.save', { name: 'my queue', filter: {} })).code).toBe('invalid_argument');
    expect((await call(core, 'exceptions.views.delete', { name: 'West lost' })).map((v) => v.name)).toEqual(['My queue', 'Late express']);
  });

  it('keeps the operator list with unique names and badges', async () => {
    await call(core, 'operators.save', { operators: [{ name: 'Ana Ruiz', badge: '1001' }, { name: 'Ben Okafor' }] });
    expect(await call(core, 'operators.list', {})).toEqual([
      { name: 'Ana Ruiz', badge: '1001' },
      { name: 'Ben Okafor', badge: null },
    ]);
    expect((await refused(core, 'operators.save', { operators: [{ name: 'Ana', badge: '1' }, { name: 'ana' }] })).message).toBe(
      'Operator “ana” is listed twice.',
    );
    expect(
      (
        await refused(core, 'operators.save', {
          operators: [
            { name: 'A', badge: '1' },
            { name: 'B', badge: '1' },
          ],
        })
      ).message,
    ).toBe('Badge 1 belongs to two operators.');
  });

  it('re-reads only the changed items a view still shows', async () => {
    await call(core, 'exceptions.snooze', { items: [ref(damaged)], until: new Date(core.clock.now() + HOUR).toISOString() });
    expect((await list({ ids: [damaged.id, lost.id] })).rows.map((r) => r.id)).toEqual([lost.id]);
    expect((await row(damaged.id)).state).toBe('snoozed');
  });
});
