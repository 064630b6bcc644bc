import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../platform/ports';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { replicatedTables, stationFor } from './for-core';
import { tableShapes } from './replica';
import { hubChecksums, stationChecksums } from './testing/hub-checksum';

let pg: TempPostgres;
beforeAll(async () => void (pg = await startTempPostgres()));
afterAll(async () => pg?.stop());

const HOUR = 3_600_000;

async function call<T>(core: TempCore, method: string, arg: unknown, station: string): Promise<T> {
  const result = await core.dispatchUntrusted(method, arg, { transport: 'in-process', operator: 'Ana', station });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

describe('an 8-hour hub outage', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('two stations keep working offline (5,000 scans, 200 exception actions) and after reconnect they and the hub hold the same data', async () => {
    const url = `${await pg.createDatabase('hub_outage')}?sslmode=disable`;
    const [a, b] = [createTempCore(), createTempCore()];
    cores.push(a, b);
    const [hubA, hubB] = [a, b].map((core) =>
      stationFor(core, { secrets: memorySecretStore(), clock: core.clock, logger: quietLogger, connectTimeoutMs: 2_000 }),
    );
    await hubA.connect(url, { name: 'Pack 1' });
    await hubB.connect(url, { name: 'Pack 2' });
    await call(a, 'demo.load', { shipments: 1_500 }, 'Pack 1');
    await a.services.exceptions.evaluateAll();
    await hubA.syncOnce();
    await hubB.syncOnce();

    await pg.halt();
    const labels = (core: TempCore) => core.services.db.raw.prepare('SELECT tracking_number FROM shipments ORDER BY tracking_number').pluck().all() as string[];
    const work = async (core: TempCore, station: string, offset: number) => {
      const session = await call<{ id: number }>(core, 'reconcile.openSession', { station, operator: 'Ana', purpose: 'pack_verify' }, station);
      const known = labels(core);
      for (let i = 0; i < 2_500; i++) {
        // Eight hours of a shift: a scan every ~11.5 s, known labels and a few the store has never seen.
        core.clock.advance((8 * HOUR) / 2_500);
        const raw = i % 10 === 9 ? `1Z${String(offset + i).padStart(16, '0')}` : known[(offset + i) % known.length];
        await call(core, 'reconcile.scan', { sessionId: session.id, raw }, station);
      }
      // 100 actions on the queue, half of them on the items the other station is working too.
      const items = core.services.db.raw.prepare("SELECT id FROM exceptions WHERE state = 'open' ORDER BY shipment_id LIMIT 150").pluck().all() as number[];
      expect(items).toHaveLength(150);
      const mine = offset === 0 ? items.slice(0, 100) : items.slice(50, 150);
      for (const [n, id] of mine.entries()) {
        const { version } = core.services.db.raw.prepare('SELECT version FROM exceptions WHERE id = ?').get(id) as { version: number };
        const refs = { items: [{ id, version }] };
        if (n % 2) await call(core, 'exceptions.resolve', { ...refs, code: 'carrier_contacted', note: `called at ${station}` }, station);
        else await call(core, 'exceptions.note', { ...refs, note: `looked at ${station}` }, station);
      }
    };
    await work(a, 'Pack 1', 0);
    await work(b, 'Pack 2', 7);
    // Offline, a sync fails plainly and changes nothing here; everything waits in the outboxes.
    await expect(hubA.syncOnce()).rejects.toThrow();
    await pg.resume();

    // Rounds until nothing moves: the late station's conflict entries, and what the rules write on hearing of
    // the pulled rows, go out on the next push.
    for (let round = 0; round < 8; round++) {
      let moved = 0;
      for (const [core, hub] of [
        [a, hubA],
        [b, hubB],
      ] as const) {
        await core.services.exceptions.settled();
        const r = await hub.syncOnce();
        moved += r.pushed + r.applied;
      }
      if (!moved) break;
    }
    const shapes = tableShapes(a.services.db, replicatedTables(a));
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      const onHub = await hubChecksums(admin, shapes);
      expect(stationChecksums(a.services.db, shapes, hubA.identity().id)).toEqual(onHub);
      expect(stationChecksums(b.services.db, shapes, hubB.identity().id)).toEqual(onHub);
      const scans = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM rows WHERE tbl = 'scans'");
      expect(scans.rows[0].n).toBe(5_000);
      const conflicts = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM conflicts');
      expect(conflicts.rows[0].n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const count = (core: TempCore, sql: string) => core.services.db.raw.prepare(sql).pluck().get() as number;
    for (const core of [a, b]) {
      expect(count(core, 'SELECT count(*) FROM scans')).toBe(5_000);
      expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'hub_conflict_lost'")).toBeGreaterThan(0);
    }
  });
});
