import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';
import { PROJECT_ROOT } from '../testing/spawn-cli';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { memorySecretStore } from '../platform/ports';
import { Client } from 'pg';
import { HUB_MIGRATIONS, HubTooNewError, migrateHub } from './schema';
import { stationFor } from './for-core';
import type { HubStatus } from './service';

let pg: TempPostgres;
let dir: string;
beforeAll(async () => {
  pg = await startTempPostgres();
  dir = mkdtempSync(join(tmpdir(), 'waybill-hub-cli-'));
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('hub schema', () => {
  it('is migrated once by whichever station comes first, even when several connect at once', async () => {
    const url = await pg.createDatabase('hub_schema_race');
    const clients = await Promise.all(
      [1, 2, 3].map(async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    const versions = await Promise.all(clients.map((c) => migrateHub(c)));
    expect(versions).toEqual([1, 1, 1].map(() => HUB_MIGRATIONS.at(-1)?.version));
    const { rows } = await clients[0].query('SELECT version FROM hub_schema');
    expect(rows).toHaveLength(HUB_MIGRATIONS.length);
    // A hub migrated by a newer Waybill is left alone.
    await clients[0].query("INSERT INTO hub_schema (version, name) VALUES (999, 'from the future')");
    await expect(migrateHub(clients[1])).rejects.toBeInstanceOf(HubTooNewError);
    await Promise.all(clients.map((c) => c.end()));
  });
});

describe('hub commands', () => {
  it('connect, status and disconnect from two stations, never printing the password', async () => {
    const url = `${await pg.createDatabase('hub_cli')}?sslmode=disable`;
    const a = join(dir, 'a', 'waybill.db');
    const b = join(dir, 'b', 'waybill.db');
    const alone = await cli('hub', 'status', '--json', '--db', a);
    expect(JSON.parse(alone.out)).toMatchObject({ configured: false, connected: false, hub: null, leaders: [] });

    const joined = await cli('hub', 'connect', url, '--name', 'Pack 3', '--role', 'packing', '--db', a);
    expect(joined.code, joined.err).toBe(0);
    expect(JSON.parse(joined.out)).toMatchObject({ connected: true, station: { name: 'Pack 3', role: 'packing' }, schemaVersion: HUB_MIGRATIONS.length });
    expect((await cli('hub', 'connect', url, '--name', 'Returns desk', '--role', 'returns', '--db', b)).code).toBe(0);

    const status = await cli('hub', 'status', '--json', '--db', a);
    const parsed = JSON.parse(status.out) as HubStatus;
    expect(parsed).toMatchObject({ configured: true, connected: true, lastError: null });
    expect(parsed.stations.map((s) => [s.name, s.role])).toEqual([
      ['Pack 3', 'packing'],
      ['Returns desk', 'returns'],
    ]);
    // The station id is made once and kept: asking again gives the same one.
    expect(JSON.parse((await cli('hub', 'status', '--json', '--db', a)).out).station.id).toBe(parsed.station.id);
    for (const text of [joined.out, status.out, (await cli('hub', 'status', '--db', a)).out]) expect(text).not.toContain('waybill-test');

    const refused = await cli('hub', 'connect', url.replace(/:\d+\//, ':1/'), '--db', a);
    expect(refused.code).toBe(1);
    expect(refused.err).not.toContain('waybill-test');
    // The good address stays: a failed connect changes nothing.
    expect(JSON.parse((await cli('hub', 'status', '--json', '--db', a)).out).connected).toBe(true);

    expect(JSON.parse((await cli('hub', 'disconnect', '--db', a)).out)).toEqual({ connected: false });
    expect(JSON.parse((await cli('hub', 'status', '--json', '--db', a)).out)).toMatchObject({ configured: false });
    expect((await cli('hub', 'connect', '--db', a)).code).toBe(2);
  });
});

describe('a station on the hub', () => {
  let cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('leads everything alone, only what it holds on a hub, and the hub reports who leads what', async () => {
    const url = `${await pg.createDatabase('hub_station')}?sslmode=disable`;
    cores = [createTempCore(), createTempCore()];
    const stations = cores.map((core) => {
      const secrets = memorySecretStore();
      return {
        secrets,
        hub: stationFor(core, { secrets, clock: core.clock, logger: quietLogger, retryMs: 60_000 }),
      };
    });
    const [a, b] = stations;
    expect(await a.hub.start()).toBe(false);
    expect(a.hub.isLeader('rules')).toBe(true);
    expect(a.hub.isLeader('carrier:ups')).toBe(true);

    await a.hub.connect(url, { name: 'Pack 1' });
    await b.hub.connect(url, { name: 'Pack 2' });
    expect(await a.hub.start()).toBe(true);
    expect(a.hub.isLeader('rules')).toBe(false);
    await a.hub.contend();
    // No carrier has credentials here, so only the rules pass is this station's to lead.
    expect(a.hub.isLeader('rules')).toBe(true);
    expect(a.hub.isLeader('carrier:ups')).toBe(false);
    await b.hub.start();
    await b.hub.contend();
    expect(b.hub.isLeader('rules')).toBe(false);

    const status = await b.hub.status();
    expect(status.leaders).toEqual([{ job: 'rules', stationId: a.hub.identity().id, stationName: 'Pack 1' }]);
    await a.hub.stop();
    await b.hub.contend();
    expect(b.hub.isLeader('rules')).toBe(true);
    await b.hub.stop();
  });
});

describe('the README’s least-privilege role', () => {
  it('is enough for a station to migrate the hub, join, replicate, lead and report', async () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('(a least-privilege role)')).match(/```sql\n([\s\S]*?)```/)?.[1];
    if (!block) throw new Error('the README has no role SQL');
    const [onServer, onHub] = block.split('\\connect waybill_hub\n');
    // Statement by statement, as psql sends them: CREATE DATABASE cannot share a transaction.
    for (const [database, sql] of [
      ['postgres', onServer],
      ['waybill_hub', onHub],
    ]) {
      const admin = new Client({ connectionString: pg.url.replace(/\/postgres$/, `/${database}`) });
      await admin.connect();
      try {
        for (const statement of sql.split(';\n').filter((t) => t.trim())) await admin.query(statement);
      } finally {
        await admin.end();
      }
    }

    const url = `postgres://waybill_station:choose-a-long-password@127.0.0.1:${pg.port}/waybill_hub?sslmode=disable`;
    const [a, b] = [createTempCore(), createTempCore()];
    try {
      const stations = [a, b].map((core) => stationFor(core, { secrets: memorySecretStore(), clock: core.clock, logger: quietLogger, retryMs: 60_000 }));
      await stations[0].connect(url, { name: 'Pack 1' });
      await stations[1].connect(url, { name: 'Pack 2' });
      await a.dispatch('demo.load', { shipments: 5 });
      expect((await stations[0].syncOnce()).pushed).toBeGreaterThan(5);
      expect((await stations[1].syncOnce()).applied).toBeGreaterThan(5);
      await stations[0].start();
      await stations[0].contend();
      const status = await stations[1].status();
      expect(status).toMatchObject({ connected: true, lastError: null, outbox: 0, cursorLag: 0 });
      expect(status.leaders.map((l) => [l.job, l.stationName])).toEqual([['rules', 'Pack 1']]);
      await stations[0].stop();
      // The tables are the role's own, in its own schema; nothing landed in public.
      const check = new Client({ connectionString: url });
      await check.connect();
      const { rows } = await check.query<{ schemaname: string }>("SELECT DISTINCT schemaname FROM pg_tables WHERE tableowner = 'waybill_station'");
      expect(rows).toEqual([{ schemaname: 'waybill' }]);
      await check.end();
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
