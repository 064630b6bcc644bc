import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../platform/ports';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { stationFor, replicatedTables } from './for-core';
import { startStationOnHub, TIMERS_LED_BY_HUB } from './index';
import { rejoinReason } from './rejoin';
import { tableShapes } from './replica';
import { hubChecksums, stationChecksums } from './testing/hub-checksum';

describe('when a station must join its hub again', () => {
  const known = { hubId: 'hub-1', pulled: 120, pushed: 40 };
  it.each([
    ['the hub it joined, caught up', known, { hubId: 'hub-1', newest: 150, pushedHere: 40 }, null],
    ['a station that never saw a hub id (joined before hubs had one)', { ...known, hubId: null }, { hubId: 'hub-1', newest: 150, pushedHere: 40 }, null],
    ['a hub with another id (dropped and made again, another database)', known, { hubId: 'hub-2', newest: 150, pushedHere: 40 }, /replaced/],
    ['a hub behind what this station pulled (restored from an older copy)', known, { hubId: 'hub-1', newest: 90, pushedHere: 40 }, /behind this station/],
    ['a hub that lacks what this station sent', known, { hubId: 'hub-1', newest: 150, pushedHere: 30 }, /lacks changes/],
    ['an empty hub under a station with no id remembered', { ...known, hubId: null }, { hubId: 'hub-9', newest: 0, pushedHere: 0 }, /behind this station/],
    ['a new station on an empty hub', { hubId: null, pulled: 0, pushed: 0 }, { hubId: 'hub-9', newest: 0, pushedHere: 0 }, null],
  ])('%s', (_what, station, hub, expected) => {
    const reason = rejoinReason(station, hub);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});

let pg: TempPostgres;
beforeAll(async () => void (pg = await startTempPostgres()));
afterAll(async () => pg?.stop());

async function call<T>(core: TempCore, method: string, arg: unknown, station: string): Promise<T> {
  const result = await core.dispatchUntrusted(method, arg, { transport: 'in-process', operator: 'Ana', station });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}
const count = (core: TempCore, table: string) => (core.services.db.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('a hub dropped and made again under joined stations', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('the running station notices on reconnect and sends everything again; the other joins again on its next sync; all three agree', async () => {
    const name = 'hub_rebuilt';
    const url = `${await pg.createDatabase(name)}?sslmode=disable`;
    const [a, b] = [createTempCore(), createTempCore()];
    cores.push(a, b);
    const secretsA = memorySecretStore();
    const hubA = stationFor(a, { secrets: secretsA, clock: a.clock, logger: quietLogger });
    const hubB = stationFor(b, { secrets: memorySecretStore(), clock: b.clock, logger: quietLogger });
    await hubA.connect(url, { name: 'Pack 1' });
    await hubB.connect(url, { name: 'Returns desk' });
    await call(a, 'demo.load', { shipments: 20 }, 'Pack 1');
    await hubA.syncOnce();
    await hubB.syncOnce();
    // B scans one of A's labels: a row made at B about a row made at A.
    const session = await call<{ id: number }>(
      b,
      'reconcile.openSession',
      { station: 'Returns desk', operator: 'Ana', purpose: 'pack_verify' },
      'Returns desk',
    );
    const label = (b.services.db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 1').get() as { n: string }).n;
    await call(b, 'reconcile.scan', { sessionId: session.id, raw: label }, 'Returns desk');
    await hubB.syncOnce();
    await hubA.syncOnce();
    expect(count(a, 'scans')).toBe(1);

    const running = await startStationOnHub({
      core: a,
      secrets: secretsA,
      clock: a.clock,
      logger: quietLogger,
      timers: TIMERS_LED_BY_HUB,
      replication: { pushCheckMs: 50, slowPollMs: 100 },
    });
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    try {
      // The hub is lost and made again, empty: its sessions (A's replication connection) are cut.
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      // A reconnects on its own, sees a hub it does not know, and sends everything it holds (B's scan too).
      const onHub = async (tbl: string) => {
        const probe = new Client({ connectionString: url });
        await probe.connect();
        try {
          return Number(
            (await probe.query<{ n: string }>("SELECT count(*) AS n FROM rows WHERE tbl = $1 AND op = 'upsert'", [tbl]).catch(() => ({ rows: [{ n: '0' }] })))
              .rows[0].n,
          );
        } finally {
          await probe.end();
        }
      };
      await expect.poll(() => onHub('scans'), { timeout: 20_000, interval: 100 }).toBe(1);
      await expect.poll(() => onHub('shipments'), { timeout: 20_000, interval: 100 }).toBe(20);
    } finally {
      await running.stop();
      await admin.end();
    }

    const atB = await hubB.syncOnce();
    expect(atB.rejoined).toMatch(/replaced/);
    await hubA.syncOnce();
    // Nothing lost, nothing doubled, no race lost on the way: every store and the hub hold the same rows.
    for (const core of [a, b]) {
      expect(count(core, 'shipments')).toBe(20);
      expect(count(core, 'scans')).toBe(1);
      expect(count(core, 'scan_sessions')).toBe(1);
      expect(core.services.db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'hub_conflict_lost'").get()).toEqual({ n: 0 });
    }
    const shapes = tableShapes(a.services.db, replicatedTables(a));
    const check = new Client({ connectionString: url });
    await check.connect();
    try {
      const sums = await hubChecksums(check, shapes);
      expect(stationChecksums(a.services.db, shapes, hubA.identity().id)).toEqual(sums);
      expect(stationChecksums(b.services.db, tableShapes(b.services.db, replicatedTables(b)), hubB.identity().id)).toEqual(sums);
    } finally {
      await check.end();
    }
    // Once joined again, the next sync is an ordinary one.
    expect((await hubB.syncOnce()).rejoined).toBeUndefined();
  });
});

describe('a hub restored from an older copy', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('is behind both stations: each joins it again on its next sync and the scans made since the copy are on the hub again', async () => {
    const name = 'hub_restored';
    const url = `${await pg.createDatabase(name)}?sslmode=disable`;
    const [a, b] = [createTempCore(), createTempCore()];
    cores.push(a, b);
    const hubA = stationFor(a, { secrets: memorySecretStore(), clock: a.clock, logger: quietLogger });
    const hubB = stationFor(b, { secrets: memorySecretStore(), clock: b.clock, logger: quietLogger });
    await hubA.connect(url, { name: 'Pack 1' });
    await hubB.connect(url, { name: 'Pack 2' });
    await call(a, 'demo.load', { shipments: 10 }, 'Pack 1');
    await hubA.syncOnce();
    await hubB.syncOnce();
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    try {
      // The nightly copy, taken while no station is connected (a copy needs the database to itself).
      await admin.query(`CREATE DATABASE ${name}_copy TEMPLATE ${name}`);
      const session = await call<{ id: number }>(a, 'reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' }, 'Pack 1');
      const label = (a.services.db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 1').get() as { n: string }).n;
      await call(a, 'reconcile.scan', { sessionId: session.id, raw: label }, 'Pack 1');
      await hubA.syncOnce();
      await hubB.syncOnce();
      expect(count(b, 'scans')).toBe(1);
      // The hub is lost and put back from the copy: it has the same id, and none of the scan.
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${name}_copy`);
    } finally {
      await admin.end();
    }
    expect((await hubB.syncOnce()).rejoined).toMatch(/behind this station/);
    expect((await hubA.syncOnce()).rejoined).toMatch(/behind this station|lacks changes/);
    await hubB.syncOnce();
    const shapes = tableShapes(a.services.db, replicatedTables(a));
    const check = new Client({ connectionString: url });
    await check.connect();
    try {
      expect(Number((await check.query<{ n: string }>("SELECT count(*) AS n FROM rows WHERE tbl = 'scans'")).rows[0].n)).toBe(1);
      const sums = await hubChecksums(check, shapes);
      expect(stationChecksums(a.services.db, shapes, hubA.identity().id)).toEqual(sums);
      expect(stationChecksums(b.services.db, shapes, hubB.identity().id)).toEqual(sums);
    } finally {
      await check.end();
    }
    for (const core of [a, b]) expect(count(core, 'scans')).toBe(1);
  });
});
