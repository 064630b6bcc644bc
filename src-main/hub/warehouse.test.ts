import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DailyHealthReport, HubConflict } from '../../src-shared/api';
import { memorySecretStore } from '../platform/ports';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { stationFor } from './for-core';
import { createPresence } from './presence';
import type { HubStation } from './service';

let pg: TempPostgres;
let url: string;
let a: TempCore;
let b: TempCore;
let hubA: HubStation;
let hubB: HubStation;
beforeAll(async () => {
  pg = await startTempPostgres();
  url = `${await pg.createDatabase('hub_warehouse')}?sslmode=disable`;
  // Clocks near the hub's: the winner's audit entry is matched to the hub's time of the win.
  a = createTempCore(Date.now());
  b = createTempCore(Date.now());
  hubA = stationFor(a, { secrets: memorySecretStore(), clock: a.clock, logger: quietLogger });
  hubB = stationFor(b, { secrets: memorySecretStore(), clock: b.clock, logger: quietLogger });
  await hubA.connect(url, { name: 'Pack 3' });
  await hubB.connect(url, { name: 'Returns desk', role: 'returns' });
  await hubA.start();
  await hubB.start();
}, 60_000);
afterAll(async () => {
  a?.dispose();
  b?.dispose();
  await pg?.stop();
});

async function call<T>(core: TempCore, method: string, arg: unknown, station: string, operator = 'Ana'): Promise<T> {
  const result = await core.dispatchUntrusted(method, arg, { transport: 'in-process', operator, station });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

const exceptionOf = (core: TempCore, tracking: string) =>
  core.services.db.raw
    .prepare('SELECT e.id, e.version, e.state FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ?')
    .get(tracking) as { id: number; version: number; state: string };

describe('a warehouse of stations on one hub', () => {
  let tracking: string;

  it('audits every change under the name set in Settings, whatever the window sent', async () => {
    await call(a, 'demo.load', { shipments: 30 }, 'typed in a window');
    await a.services.exceptions.evaluateAll();
    await hubA.syncOnce();
    await hubB.syncOnce();
    tracking = (
      a.services.db.raw
        .prepare("SELECT s.tracking_number AS n FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE e.state = 'open' ORDER BY e.id LIMIT 1")
        .get() as { n: string }
    ).n;
    const item = exceptionOf(a, tracking);
    await call(a, 'exceptions.note', { items: [{ id: item.id, version: item.version }], note: 'looking' }, 'typed in a window');
    expect(a.services.db.raw.prepare("SELECT station FROM audit_log WHERE action = 'noted'").all()).toEqual([{ station: 'Pack 3' }]);

    // Renamed once in Settings: the next entry, and the hub's list of stations on the next connection, say so.
    expect(await call(b, 'hub.setStation', { name: 'Returns 1', role: 'returns' }, 'x')).toMatchObject({ name: 'Returns 1', role: 'returns' });
    expect(await call(b, 'hub.setStation', { name: 'Returns desk', role: 'returns' }, 'x')).toMatchObject({ name: 'Returns desk' });
    const bad = await b.dispatch('hub.setStation', { name: 'x', role: 'boss' as 'office' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('lists a lost race where it happened, with who won, where and when, and today’s conflicts at every station', async () => {
    await hubA.syncOnce();
    await hubB.syncOnce();
    const atA = exceptionOf(a, tracking);
    const atB = exceptionOf(b, tracking);
    await call(a, 'exceptions.resolve', { items: [{ id: atA.id, version: atA.version }], code: 'carrier_contacted' }, 'Pack 3', 'Ana');
    await call(b, 'exceptions.resolve', { items: [{ id: atB.id, version: atB.version }], code: 'refunded' }, 'Returns desk', 'Bo');
    await hubA.syncOnce();
    expect((await hubB.syncOnce()).conflicts).toBe(1);

    const here = await call<HubConflict[]>(b, 'hub.conflicts', { entity: 'exception', entityId: atB.id }, 'x');
    expect(here).toEqual([
      expect.objectContaining({
        entity: 'exception',
        entityId: atB.id,
        lostBy: 'Returns desk',
        wonBy: 'Pack 3',
        wonOperator: 'Ana',
        wonAction: 'resolved',
        keptState: 'resolved',
        trackingNumber: tracking,
      }),
    ]);
    expect(Date.parse(here[0].wonAt)).toBeGreaterThan(Date.now() - 60_000);
    // Nothing at A lost: its own exception shows no conflict, but the manager's list there has B's.
    expect(await call(a, 'hub.conflicts', { entity: 'exception', entityId: atA.id }, 'x')).toEqual([]);
    await hubB.syncOnce();
    await hubA.syncOnce();
    const today = new Date(Date.now() - 3_600_000).toISOString();
    expect(await call(a, 'hub.conflicts', { since: today }, 'x')).toEqual([
      expect.objectContaining({ entityId: null, lostBy: 'Returns desk', wonBy: 'Pack 3', wonOperator: 'Ana', trackingNumber: tracking }),
    ]);
    expect(await call(a, 'hub.conflicts', { since: new Date(Date.now() + 3_600_000).toISOString() }, 'x')).toEqual([]);
  });

  it('shows who has a record open at another station, under this station’s own id, until it is closed or lapses', async () => {
    const presenceA = createPresence({ db: a.services.db, stationId: () => hubA.identity().id, open: () => hubA.openSession(), logger: quietLogger });
    const presenceB = createPresence({ db: b.services.db, stationId: () => hubB.identity().id, open: () => hubB.openSession(), logger: quietLogger });
    const admin = new Client({ connectionString: url });
    // The hub stops below: the admin's lost connection is expected, not a failure.
    admin.on('error', () => undefined);
    await admin.connect();
    try {
      const atA = exceptionOf(a, tracking);
      const atB = exceptionOf(b, tracking);
      expect(await presenceA.set('exception', atA.id, 'Ana')).toBe(true);
      expect(await presenceB.list('exception')).toEqual([expect.objectContaining({ entity: 'exception', id: atB.id, operator: 'Ana', station: 'Pack 3' })]);
      // A station does not see itself; renewing moves the one record, never adds another.
      expect(await presenceA.list('exception')).toEqual([]);
      await presenceA.set('exception', atA.id, 'Ana');
      expect((await admin.query('SELECT count(*)::int AS n FROM presence')).rows[0].n).toBe(1);
      expect(await presenceB.list('return')).toEqual([]);

      // A station that crashed renews nothing: its record lapses.
      await admin.query("UPDATE presence SET expires_at = now() - interval '1 second'");
      expect(await presenceB.list('exception')).toEqual([]);
      await presenceA.set('exception', atA.id, 'Ana');
      expect(await presenceB.list('exception')).toHaveLength(1);
      expect(await presenceA.clear('Ana')).toBe(true);
      expect(await presenceB.list('exception')).toEqual([]);

      // With the hub down presence is simply not shared; nothing throws, and it comes back with the hub.
      await pg.halt();
      expect(await presenceA.set('exception', atA.id, 'Ana')).toBe(false);
      expect(await presenceB.list('exception')).toEqual([]);
      await pg.resume();
      expect(await presenceA.set('exception', atA.id, 'Ana')).toBe(true);
      expect(await presenceB.list('exception')).toHaveLength(1);
    } finally {
      await admin.end().catch(() => undefined);
      await presenceA.close();
      await presenceB.close();
    }
  }, 60_000);

  it('groups the day by station in the daily health report, every station’s work at every station', async () => {
    const session = await call<{ id: number }>(a, 'reconcile.openSession', { station: 'Pack 3', operator: 'Ana', purpose: 'carrier_handoff' }, 'Pack 3');
    const labels = a.services.db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 2').all() as { n: string }[];
    for (const { n } of labels) await call(a, 'reconcile.scan', { sessionId: session.id, raw: n }, 'Pack 3');
    await hubA.syncOnce();
    await hubB.syncOnce();
    const health = await call<DailyHealthReport>(b, 'reports.dailyHealth', {}, 'x');
    // The late resolution at the returns desk was made there too: the conflict says it did not stay.
    expect(health.byStation).toEqual([
      { station: 'Pack 3', scans: 2, exceptionsResolved: 1, returnsReceived: 0 },
      { station: 'Returns desk', scans: 0, exceptionsResolved: 1, returnsReceived: 0 },
    ]);
  });

  it('lists a pickup edited at both stations at once on the late one, under its own id', async () => {
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const end = new Date(Date.now() + 7_200_000).toISOString();
    const made = await call<{ id: number }>(a, 'returns.pickups.create', { carrier: 'ups', windowStart: start, windowEnd: end }, 'Pack 3');
    await hubA.syncOnce();
    await hubB.syncOnce();
    const atB = (b.services.db.raw.prepare('SELECT id FROM pickups').get() as { id: number }).id;
    await call(a, 'returns.pickups.update', { pickupId: made.id, confirmationNumber: 'CONF-A' }, 'Pack 3', 'Ana');
    await call(b, 'returns.pickups.update', { pickupId: atB, location: 'Dock B' }, 'Returns desk', 'Bo');
    await hubA.syncOnce();
    expect((await hubB.syncOnce()).conflicts).toBe(1);
    const today = new Date(Date.now() - 3_600_000).toISOString();
    expect(await call(b, 'hub.conflicts', { entity: 'pickup', since: today }, 'x')).toEqual([
      expect.objectContaining({ entity: 'pickup', entityId: atB, wonBy: 'Pack 3', wonOperator: 'Ana', wonAction: 'edited', keptState: 'scheduled' }),
    ]);
    expect(b.services.db.raw.prepare('SELECT confirmation_number AS c, location AS l FROM pickups').get()).toEqual({ c: 'CONF-A', l: null });
  });
});
