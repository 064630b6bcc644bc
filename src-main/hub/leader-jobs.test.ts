import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeCarrierServer, type FakeCarrierServer } from '../carriers/fake-server';
import { memorySecretStore } from '../platform/ports';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { startLeaderJobs } from './leader-jobs';
import { stationFor } from './for-core';
import { spawnTs } from '../testing/spawn-cli';
import { startStationOnHub, TIMERS_LED_BY_HUB } from '.';
import { keepFakeUpsAccount } from './testing/fake-ups';

let pg: TempPostgres;
let fake: FakeCarrierServer;
beforeAll(async () => {
  pg = await startTempPostgres();
  fake = await createFakeCarrierServer({ now: () => Date.parse('2026-11-20T12:00:00Z') });
});
afterAll(async () => {
  await fake?.close();
  await pg?.stop();
});

interface Call {
  station: string;
  from: number;
  to: number;
}

describe('jobs run only at their leader', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('one station polls a carrier account at a time; when its hub session dies the other takes over within 30 s', async () => {
    const url = `${await pg.createDatabase('hub_jobs')}?sslmode=disable`;
    const calls: Call[] = [];
    const stations = await Promise.all(
      ['A', 'B'].map(async (name) => {
        // Every carrier request this station makes, with when it started and ended.
        const logged: typeof fetch = async (input, init) => {
          const call = { station: name, from: performance.now(), to: Number.POSITIVE_INFINITY };
          calls.push(call);
          try {
            return await fetch(input, init);
          } finally {
            call.to = performance.now();
          }
        };
        const core = createTempCore(undefined, logged);
        cores.push(core);
        await keepFakeUpsAccount(core, fake.url);
        const stamp = '2026-11-20T07:00:00.000Z';
        core.services.db.raw
          .prepare(
            `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, created_at, updated_at) VALUES ('test', 'x1', '1Z999AA10123456784', 'ups', ?, 'in_transit', ?, ?)`,
          )
          .run(stamp, stamp, stamp);
        const hub = stationFor(core, { secrets: memorySecretStore(), clock: core.clock, logger: quietLogger, retryMs: 100 });
        await hub.connect(url, { name: `Pack ${name}` });
        await hub.start();
        const jobs = startLeaderJobs(core.services, hub.isLeader, { pollIntervalMs: 20, syncTickMs: 0, rulesTickMs: 0, reportScheduleTickMs: 0 }, quietLogger);
        // The parcel stays due, so whichever station leads polls it on every tick.
        const due = setInterval(() => core.services.db.raw.prepare("UPDATE shipments SET next_poll_at = '2000-01-01T00:00:00.000Z'").run(), 10);
        return { name, core, hub, stop: async () => (clearInterval(due), jobs.stop(), await hub.stop()) };
      }),
    );
    try {
      await expect.poll(() => calls.length, { timeout: 10_000 }).toBeGreaterThan(10);
      const first = calls[0].station;
      const leader = stations.find((s) => s.name === first);
      const follower = stations.find((s) => s.name !== first);
      if (!leader || !follower) throw new Error('no leader');
      expect(new Set(calls.map((c) => c.station))).toEqual(new Set([first]));

      // The leader's hub session ends as in a crash, and the station stays gone (alive, it could win the lock back).
      const admin = new Client({ connectionString: pg.url });
      await admin.connect();
      const killedAt = performance.now();
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`waybill ${leader.hub.identity().id}`]);
      await admin.end();
      await leader.stop();
      await expect.poll(() => calls.some((c) => c.station === follower.name), { timeout: 30_000, interval: 50 }).toBe(true);
      const takeover = calls.find((c) => c.station === follower.name) as Call;
      expect(takeover.from - killedAt).toBeLessThan(30_000);
      // Never both at once: no request of one station overlaps a request of the other.
      const byA = calls.filter((c) => c.station === 'A');
      const byB = calls.filter((c) => c.station === 'B');
      for (const a of byA) for (const b of byB) expect(a.to <= b.from || b.to <= a.from, 'two stations polled UPS at once').toBe(true);
    } finally {
      for (const s of stations) await s.stop();
    }
  });
});

describe('a station process killed while it polls', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('another station polls the account within 30 s, and never while the killed one still did', async () => {
    const url = `${await pg.createDatabase('hub_jobs_killed')}?sslmode=disable`;
    const childDir = mkdtempSync(join(tmpdir(), 'waybill-polling-'));
    const child = spawnTs('src-main/hub/testing/polling-station.ts', [join(childDir, 'child.db'), url, fake.url, 'Pack K']);
    const out: string[] = [];
    child.child.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    const seenBefore = fake.requests.length;
    try {
      await expect.poll(() => out.join(''), { timeout: 20_000 }).toContain('started');
      // The child leads UPS (it was first): the carrier hears from it.
      await expect.poll(() => fake.requests.length - seenBefore, { timeout: 20_000 }).toBeGreaterThan(5);

      const ours: Call[] = [];
      const logged: typeof fetch = async (input, init) => {
        const call = { station: 'B', from: performance.now(), to: Number.POSITIVE_INFINITY };
        ours.push(call);
        try {
          return await fetch(input, init);
        } finally {
          call.to = performance.now();
        }
      };
      const core = createTempCore(undefined, logged, undefined, TIMERS_LED_BY_HUB);
      cores.push(core);
      await keepFakeUpsAccount(core, fake.url);
      const secrets = memorySecretStore();
      await stationFor(core, { secrets, clock: core.clock, logger: quietLogger }).connect(url, { name: 'Pack B' });
      const running = await startStationOnHub({
        core,
        secrets,
        clock: core.clock,
        logger: quietLogger,
        timers: { pollIntervalMs: 50, syncTickMs: 0, rulesTickMs: 0, reportScheduleTickMs: 0 },
      });
      // The child's parcel reaches B through the hub; B keeps it due, so B would poll at once if it led UPS.
      await expect.poll(() => core.services.db.raw.prepare('SELECT count(*) FROM shipments').pluck().get(), { timeout: 15_000 }).toBe(1);
      const due = setInterval(() => core.services.db.raw.prepare("UPDATE shipments SET next_poll_at = '2000-01-01T00:00:00.000Z'").run(), 20);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(ours, 'B polled while the child led UPS').toEqual([]);
        const killedAt = performance.now();
        child.child.kill('SIGKILL');
        expect((await child.exited).signal).toBe('SIGKILL');
        await expect.poll(() => ours.length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
        expect(ours[0].from - killedAt).toBeLessThan(30_000);
        expect(ours[0].from).toBeGreaterThan(killedAt);
      } finally {
        clearInterval(due);
        await running.stop();
      }
    } finally {
      child.child.kill('SIGKILL');
      await child.exited;
      rmSync(childDir, { recursive: true, force: true });
    }
  });
});
