import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flagBit } from '../../src-shared/domain/tracking/flags';
import { addShipment, auditOf, call, carrierUpdate, exceptionsCore, HOUR, itemsOf, type ExceptionsCore } from './testing';

let core: ExceptionsCore;
beforeEach(() => {
  core = exceptionsCore();
});
afterEach(() => core.dispose());

const now = () => new Date(core.clock.now()).toISOString();
const flagsOf = (id: number) =>
  core.services.db.raw.prepare('SELECT flags, flags_seen FROM shipments WHERE id = ?').get(id) as { flags: number; flags_seen: number };
const STALLED = flagBit('stalled');

describe('flags and items from the rules, in fake time', () => {
  it('flags stalled only after strictly more than 48 h without an event, and opens one item', async () => {
    const id = addShipment(core, { last_event_at: now() });
    core.clock.advance(48 * HOUR);
    await core.services.exceptions.tick();
    expect(itemsOf(core, id)).toEqual([]);
    expect(flagsOf(id).flags).toBe(0);

    core.clock.advance(1);
    await core.services.exceptions.tick();
    await core.services.exceptions.tick();
    const items = itemsOf(core, id);
    expect(items).toMatchObject([{ reason: 'stalled', state: 'open', version: 1 }]);
    expect(flagsOf(id)).toEqual({ flags: STALLED, flags_seen: STALLED });
    expect(auditOf(core, items[0].id)).toMatchObject([
      { action: 'opened', operator: 'system', station: null, before: null, after: { state: 'open', reason: 'stalled' } },
    ]);
  });

  it('uses 24 h for an express service', async () => {
    const id = addShipment(core, { service: 'next_day_air', last_event_at: now() });
    core.clock.advance(24 * HOUR + 1);
    await core.services.exceptions.tick();
    expect(itemsOf(core, id).map((i) => i.reason)).toEqual(['stalled']);
  });

  it('auto-resolves when the carrier speaks again, keeping who and when, and reopens the same item on a re-trigger', async () => {
    const id = addShipment(core, { last_event_at: now() });
    core.clock.advance(49 * HOUR);
    await core.services.exceptions.tick();
    const [opened] = itemsOf(core, id);

    core.clock.advance(HOUR);
    await carrierUpdate(core, id, { last_event_at: now(), last_event_text: 'Departed facility' });
    expect(itemsOf(core, id)).toMatchObject([{ id: opened.id, state: 'auto_resolved', closed_by: 'system', closed_at: now(), version: 2 }]);
    expect(flagsOf(id)).toEqual({ flags: 0, flags_seen: STALLED });

    core.clock.advance(49 * HOUR);
    await core.services.exceptions.tick();
    expect(itemsOf(core, id)).toMatchObject([{ id: opened.id, state: 'open', closed_by: null, closed_at: null, version: 3 }]);
    expect(auditOf(core, opened.id).map((a) => a.action)).toEqual(['opened', 'auto_resolved', 'reopened']);
  });

  it('re-evaluates after every ingest batch through the tracking.updated event', async () => {
    const id = addShipment(core);
    core.services.db.raw.prepare("UPDATE shipments SET status = 'exception', substatus = 'damaged' WHERE id = ?").run(id);
    core.events.emit('tracking.updated', { shipmentIds: [id] });
    await core.services.exceptions.settled();
    expect(itemsOf(core, id).map((i) => i.reason)).toEqual(['damaged']);
  });

  it('opens carrier exceptions by substatus, unknown ones as other, and a return to sender', async () => {
    const damaged = addShipment(core, { status: 'exception', substatus: 'damaged' });
    const odd = addShipment(core, { status: 'exception', substatus: 'goat_ate_label' });
    const rts = addShipment(core, { status: 'return_initiated', substatus: 'carrier_rts' });
    const customerReturn = addShipment(core, { status: 'return_initiated', substatus: 'customer_return', is_return: 1 });
    await core.services.exceptions.tick();
    expect(itemsOf(core, damaged).map((i) => i.reason)).toEqual(['damaged']);
    expect(itemsOf(core, odd).map((i) => i.reason)).toEqual(['other']);
    expect(itemsOf(core, rts).map((i) => i.reason)).toEqual(['returned_to_sender']);
    expect(itemsOf(core, customerReturn)).toEqual([]);
  });

  it('closes a failed attempt when the parcel moves on, but an address issue only on delivery and a damaged parcel never', async () => {
    const attempt = addShipment(core, { status: 'exception', substatus: 'attempt_failed' });
    const address = addShipment(core, { status: 'exception', substatus: 'address_issue' });
    const damaged = addShipment(core, { status: 'exception', substatus: 'damaged' });
    await core.services.exceptions.tick();
    core.clock.advance(HOUR);
    for (const id of [attempt, address, damaged]) await carrierUpdate(core, id, { status: 'out_for_delivery', substatus: null, last_event_at: now() });
    expect([attempt, address, damaged].map((id) => itemsOf(core, id)[0].state)).toEqual(['auto_resolved', 'open', 'open']);
    for (const id of [address, damaged]) await carrierUpdate(core, id, { status: 'delivered', delivered_at: now(), last_event_at: now() });
    expect([address, damaged].map((id) => itemsOf(core, id)[0].state)).toEqual(['auto_resolved', 'open']);
  });

  it('does not reopen what staff resolved while the parcel is still late', async () => {
    const id = addShipment(core, { expected_delivery_original: '2026-11-15', expected_delivery_current: '2026-11-15' });
    await core.services.exceptions.tick();
    const [late] = itemsOf(core, id);
    expect(late.reason).toBe('late');
    await call(core, 'exceptions.resolve', { items: [{ id: late.id, version: late.version }], code: 'customer_contacted', note: 'told them Tuesday' });
    core.clock.advance(HOUR);
    await core.services.exceptions.tick();
    expect(itemsOf(core, id)).toMatchObject([{ state: 'resolved', resolution_code: 'customer_contacted' }]);
  });

  it('counts no_first_scan in the warehouse business hours', async () => {
    core.services.db.raw
      .prepare("INSERT INTO warehouses (code, name, time_zone, business_hours) VALUES ('east', 'East', 'America/New_York', ?)")
      .run(JSON.stringify({ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }));
    // Friday 17:00 New York: 1 h on Friday, 10 h Monday, 10 h Tuesday, 3 h Wednesday → Wednesday 11:00 (16:00 UTC).
    core.clock.set(Date.parse('2026-11-20T22:00:00Z'));
    const id = addShipment(core, { warehouse: 'east', status: 'created', label_created_at: now(), last_event_at: now(), first_scan_at: null });
    core.clock.set(Date.parse('2026-11-25T15:59:00Z'));
    await core.services.exceptions.tick();
    expect(itemsOf(core, id)).toEqual([]);
    core.clock.set(Date.parse('2026-11-25T16:00:00Z'));
    await core.services.exceptions.tick();
    expect(itemsOf(core, id).map((i) => i.reason)).toEqual(['no_first_scan']);
  });

  it('wakes a snoozed item when its time comes, back to its assignee', async () => {
    const id = addShipment(core, { status: 'exception', substatus: 'lost' });
    await core.services.exceptions.tick();
    const [item] = itemsOf(core, id);
    await call(core, 'exceptions.assign', { items: [{ id: item.id, version: 1 }], assignee: 'Ana Ruiz' });
    await call(core, 'exceptions.snooze', { items: [{ id: item.id, version: 2 }], until: new Date(core.clock.now() + 2 * HOUR).toISOString() });
    core.clock.advance(2 * HOUR - 1);
    await core.services.exceptions.tick();
    expect(itemsOf(core, id)[0].state).toBe('snoozed');
    core.clock.advance(1);
    await core.services.exceptions.tick();
    expect(itemsOf(core, id)[0]).toMatchObject({ state: 'in_progress', assignee: 'Ana Ruiz', snoozed_until: null });
    expect(auditOf(core, item.id).at(-1)).toMatchObject({ action: 'woke', operator: 'system' });
  });

  it('evaluates everything after a demo load, without being asked', async () => {
    await call(core, 'demo.load', { shipments: 300 });
    const withoutItem = () =>
      (
        core.services.db.raw
          .prepare(
            "SELECT count(*) AS n FROM shipments s WHERE status = 'exception' AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.shipment_id = s.id AND e.reason = s.substatus)",
          )
          .get() as { n: number }
      ).n;
    await core.services.exceptions.settled();
    expect(withoutItem()).toBe(0);
    expect((core.services.db.raw.prepare("SELECT count(*) AS n FROM shipments WHERE status = 'exception'").get() as { n: number }).n).toBeGreaterThan(5);
  });

  it('yields between slices, so a window is answered while a long pass runs', async () => {
    await call(core, 'demo.load', { shipments: 3000 });
    const order: string[] = [];
    const pass = core.services.exceptions.evaluateAll().then((stats) => {
      order.push('pass');
      return stats;
    });
    await new Promise((resolve) => setImmediate(resolve));
    await call(core, 'exceptions.count', {}).then(() => order.push('count'));
    const stats = await pass;
    expect(order).toEqual(['count', 'pass']);
    expect(stats.slices).toBeGreaterThan(1);
  });
});

describe('steady passes: what changed and what came due', () => {
  it('after the first pass, a tick reads only the shipment the change log names, and still opens its item', async () => {
    for (let i = 0; i < 40; i++) addShipment(core, { last_event_at: now() });
    const first = await core.services.exceptions.tick();
    expect(first.shipments).toBe(40);

    // Written the way an import or a pull from the hub writes: no tracking event, only the change log.
    const id = addShipment(core, { last_event_at: now() });
    core.services.db.write(() => core.services.db.raw.prepare("UPDATE shipments SET status = 'exception', substatus = 'damaged' WHERE id = ?").run(id));
    const steady = await core.services.exceptions.tick();
    expect(steady.shipments).toBe(1);
    expect(itemsOf(core, id).map((i) => i.reason)).toEqual(['damaged']);
  });

  it('comes back to an untouched shipment when its deadline passes, and not before', async () => {
    const id = addShipment(core, { last_event_at: now() });
    for (let i = 0; i < 20; i++) addShipment(core, { last_event_at: new Date(core.clock.now() + HOUR).toISOString() });
    await core.services.exceptions.tick();
    core.clock.advance(48 * HOUR);
    expect((await core.services.exceptions.tick()).shipments).toBe(0);
    core.clock.advance(1);
    const due = await core.services.exceptions.tick();
    expect(due.shipments).toBe(1);
    expect(itemsOf(core, id).map((i) => i.reason)).toEqual(['stalled']);
  });
});

describe('notifications for new high-severity exceptions', () => {
  it('sends one summary at once, holds later ones for the interval, then sums them up', async () => {
    addShipment(core, { status: 'exception', substatus: 'damaged' });
    addShipment(core, { status: 'exception', substatus: 'lost' });
    addShipment(core, { status: 'exception', substatus: 'delayed_weather' });
    await core.services.exceptions.tick();
    expect(core.notifier.sent).toEqual([{ title: '2 new high-severity exceptions', body: '1 damaged, 1 lost' }]);

    const refused = addShipment(core, { status: 'exception', substatus: 'refused' });
    core.clock.advance(60_000);
    await carrierUpdate(core, refused, { last_event_at: now() });
    expect(core.notifier.sent).toHaveLength(1);

    core.clock.advance(4 * 60_000);
    await core.services.exceptions.tick();
    expect(core.notifier.sent.at(-1)).toEqual({ title: 'New high-severity exception', body: '1 refused' });
  });

  it('can be switched off or narrowed to chosen reasons', async () => {
    await call(core, 'exceptions.notifications.set', { enabled: true, minIntervalMinutes: 5, reasons: ['lost'] });
    addShipment(core, { status: 'exception', substatus: 'damaged' });
    await core.services.exceptions.tick();
    expect(core.notifier.sent).toEqual([]);
    await call(core, 'exceptions.notifications.set', { enabled: false, minIntervalMinutes: 5, reasons: ['lost'] });
    addShipment(core, { status: 'exception', substatus: 'lost' });
    await core.services.exceptions.tick();
    expect(core.notifier.sent).toEqual([]);
  });
});
