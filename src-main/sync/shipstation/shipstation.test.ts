import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../../src-shared/api';
import { createCore } from '../../core';
import { createDb, type Db } from '../../db/create-db';
import { createEventBus } from '../../dispatch/events';
import { fileSecretStore } from '../../platform/file-secret-store';
import { memorySecretStore, systemClock } from '../../platform/ports';
import { spawnCli } from '../../testing/spawn-cli';
import { fakeClock, quietLogger } from '../../testing/temp-core';
import { createSyncService, type SyncService } from '../service';
import { startFakeShipStation, type FakeShipStation } from './fake-server';
import { createShipStationSource } from './source';

const NOW = Date.parse('2026-11-20T20:00:00Z');
const FIRST_LABEL = Date.parse('2026-11-10T16:00:00Z');

interface Harness {
  dir: string;
  db: Db;
  clock: ReturnType<typeof fakeClock>;
  fake: FakeShipStation;
  sync: SyncService;
  waits: number[];
}

let h: Harness;

/** The service over a real SQLite file, the fake on loopback, and one fake clock that waits move instead of time. */
async function harness(fakeOptions: Parameters<typeof startFakeShipStation>[0] = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-ss-'));
  const clock = fakeClock(NOW);
  const fake = await startFakeShipStation({ now: clock.now, ...fakeOptions });
  const db = createDb(join(dir, 'waybill.db'));
  const waits: number[] = [];
  const sync = createSyncService({
    db,
    clock,
    fetch,
    secrets: memorySecretStore(),
    events: createEventBus(),
    logger: quietLogger,
    dataDir: dir,
    sources: [createShipStationSource(fake.url)],
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
  });
  await sync.setCredentials('shipstation', { apiKey: fake.apiKey, apiSecret: fake.apiSecret });
  sync.settings.save({ ...sync.settings.get(), intervalMinutes: 15, sources: { shipstation: { enabled: true, backfillDays: 30 } } });
  return { dir, db, clock, fake, sync, waits };
}

afterEach(async () => {
  h?.sync.close();
  h?.db.close();
  await h?.fake.close();
  if (h) rmSync(h.dir, { recursive: true, force: true });
});

const runOnce = async () => await (await h.sync.runNow('shipstation'))[0].finished;
const count = (where = '1') => (h.db.raw.prepare(`SELECT count(*) AS n FROM shipments WHERE ${where}`).get() as { n: number }).n;
const shipmentRequests = () => h.fake.log.filter((l) => l.path === '/shipments');

describe('ShipStation V1 sync against the loopback fake', () => {
  beforeEach(async () => {
    h = await harness();
    h.fake.seed(1200, FIRST_LABEL);
  });

  it('pages through orders, created labels and voided labels, and stores every label once with its order value', async () => {
    const run = await runOnce();
    expect(run).toMatchObject({ status: 'succeeded', inserted: 1200, rejected: 0 });
    expect(shipmentRequests().map((l) => [l.query.page, l.query.createDateStart ?? null, l.query.voidDateStart ?? null, l.query.sortBy ?? null])).toEqual([
      ['1', '2026-10-21 12:58:00', null, 'CreateDate'],
      ['2', '2026-10-21 12:58:00', null, 'CreateDate'],
      ['3', '2026-10-21 12:58:00', null, 'CreateDate'],
      ['1', null, '2026-10-21 12:58:00', null],
    ]);
    expect(h.fake.log.filter((l) => l.path === '/orders').map((l) => [l.query.page, l.query.sortBy, l.query.orderStatus])).toEqual([
      ['1', 'ModifyDate', 'shipped'],
      ['2', 'ModifyDate', 'shipped'],
      ['3', 'ModifyDate', 'shipped'],
    ]);
    expect(count()).toBe(1200);
    expect(count("status = 'cancelled'")).toBe(48);
    expect(count('is_return = 1')).toBe(30);
    expect(count('order_value_cents IS NULL')).toBe(0);
    const first = h.db.raw.prepare("SELECT * FROM shipments WHERE external_id = '9000001'").get() as Record<string, unknown>;
    expect(first).toMatchObject({
      source: 'shipstation',
      carrier: 'fedex',
      service: '2day',
      warehouse: '1002',
      order_number: '200001',
      order_value_cents: 2199,
      label_created_at: '2026-11-10T16:01:00.000Z',
      weight_oz: 11,
      ship_to_name: 'Customer 1',
    });
  });

  it('reads only what changed since the last run, including labels voided later', async () => {
    await runOnce();
    h.fake.seed(10, FIRST_LABEL + 1300 * 60_000);
    h.fake.void(9_000_000 + 5, FIRST_LABEL + 1400 * 60_000);
    h.fake.log.length = 0;
    const run = await runOnce();
    expect(run).toMatchObject({ status: 'succeeded', inserted: 10, updated: 1 });
    expect(shipmentRequests()[0].query.createDateStart).toBe('2026-11-11 03:57:00');
    expect(count()).toBe(1210);
    expect(count("external_id = '9000005' AND status = 'cancelled'")).toBe(1);
  });

  it('waits out X-Rate-Limit-Reset when X-Rate-Limit-Remaining reaches 0 instead of running into 429s', async () => {
    h.sync.close();
    await h.fake.close();
    h = await harness({ limitPerMinute: 4 });
    h.fake.seed(1200, FIRST_LABEL);
    const run = await runOnce();
    expect(run.status).toBe('succeeded');
    expect(h.fake.log.filter((l) => l.status === 429)).toEqual([]);
    expect(h.fake.log).toHaveLength(7);
    expect(h.waits).toEqual([60_000]);
    expect(count()).toBe(1200);
  });

  it('retries after a 429 for as long as the reset header says, and after 5xx with growing back-off', async () => {
    h.fake.inject({ path: '/shipments', page: 2, status: 429, times: 2 });
    h.fake.inject({ path: '/orders', page: 1, status: 503, times: 2 });
    const run = await runOnce();
    expect(run).toMatchObject({ status: 'succeeded', inserted: 1200 });
    expect(h.fake.log.map((l) => l.status).filter((s) => s !== 200)).toEqual([503, 503, 429, 429]);
    expect(h.waits.slice(0, 2)).toEqual([2000, 4000]);
    expect(h.waits.slice(2).every((w) => w > 0 && w <= 60_000)).toBe(true);
  });

  it('keeps the pages stored before a mid-run failure, says since when upstream is unreachable, and resumes without duplicates', async () => {
    h.fake.inject({ path: '/shipments', page: 3, status: 500, times: Infinity });
    const failed = await runOnce();
    expect(failed).toMatchObject({ status: 'failed', inserted: 1000, error: 'ShipStation is failing (HTTP 500).' });
    expect(count()).toBe(1000);
    expect(h.sync.unreachableSince()).toBe(new Date(h.clock.now()).toISOString());
    const since = h.sync.unreachableSince();
    const cursor = JSON.parse(h.sync.store.cursor('shipstation') as string) as { created: string };
    expect(cursor.created).toBe('2026-11-11 00:39:00');

    // Still down at the next attempt (it now starts past the stored pages, so the outage must be elsewhere).
    h.fake.inject({ path: '/orders', status: 503, times: Infinity });
    h.clock.advance(10_000);
    await h.sync.tick();
    expect((await h.sync.status()).running).toBeNull();
    h.clock.advance(30_000);
    expect(await tickRuns()).toMatchObject([{ status: 'failed', trigger: 'schedule' }]);
    expect(h.sync.unreachableSince()).toBe(since);

    h.fake.heal();
    h.fake.log.length = 0;
    h.clock.advance(120_000);
    expect(await tickRuns()).toMatchObject([{ status: 'succeeded', trigger: 'schedule' }]);
    expect(h.sync.unreachableSince()).toBeNull();
    expect(shipmentRequests()[0].query.createDateStart).toBe('2026-11-11 00:37:00');
    expect(count()).toBe(1200);
    expect((h.db.raw.prepare('SELECT count(DISTINCT tracking_number) AS n FROM shipments').get() as { n: number }).n).toBe(1200);
    const runs = h.sync.store.runs(10, 'shipstation');
    expect(runs.reduce((sum, r) => sum + r.inserted, 0)).toBe(1200);
    expect(runs.map((r) => r.trigger)).toEqual(['schedule', 'schedule', 'manual']);
  });

  it('stops and asks for credentials when ShipStation refuses them, without calling it unreachable', async () => {
    await h.sync.setCredentials('shipstation', { apiKey: 'wrong', apiSecret: 'nope' });
    const run = await runOnce();
    expect(run).toMatchObject({ status: 'failed', error: 'ShipStation refused the API key and secret; enter them again in Sync settings.' });
    const [state] = await h.sync.sourceStates();
    expect(state).toMatchObject({ problem: run.error, unreachableSince: null, nextRunAt: null, hasCredentials: true });
    h.clock.advance(3_600_000);
    h.fake.log.length = 0;
    await h.sync.tick();
    expect(h.fake.log).toEqual([]);
  });

  it('runs on schedule from the injected clock and not before', async () => {
    expect(await tickRuns()).toMatchObject([{ status: 'succeeded', trigger: 'schedule' }]);
    expect(count()).toBe(1200);
    h.fake.log.length = 0;
    h.clock.advance(14 * 60_000);
    expect(await tickRuns()).toEqual([]);
    expect(h.fake.log).toEqual([]);
    h.clock.advance(60_000);
    expect(await tickRuns()).toMatchObject([{ status: 'succeeded', trigger: 'schedule' }]);
    expect(h.fake.log.length).toBeGreaterThan(0);
    expect((await h.sync.sourceStates())[0].nextRunAt).toBe(new Date(h.clock.now() + 15 * 60_000).toISOString());
  });
});

/** One tick, then every run it queued, finished; the service is idle again after them. */
async function tickRuns(): Promise<SyncRun[]> {
  const runs = await Promise.all(await h.sync.tick());
  expect(await h.sync.status()).toMatchObject({ running: null, queued: 0 });
  return runs;
}

describe('a kill in the middle of a sync', () => {
  it('loses nothing and duplicates nothing when the process is SIGKILLed and the sync runs again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-kill-'));
    const fake = await startFakeShipStation();
    try {
      fake.seed(1500, Date.now() - 5 * 86_400_000);
      const dbPath = join(dir, 'waybill.db');
      const setup = createDb(dbPath);
      setup.raw
        .prepare("INSERT INTO settings (key, value) VALUES ('sync.settings', ?)")
        .run(JSON.stringify({ sources: { shipstation: { enabled: true, backfillDays: 30 } } }));
      setup.close();
      const secrets = fileSecretStore(join(dir, 'secrets.browser-mode.json'), quietLogger);
      await secrets.set('sync.shipstation.apiKey', fake.apiKey);
      await secrets.set('sync.shipstation.apiSecret', fake.apiSecret);

      const held = fake.hold((path, page) => path === '/shipments' && page === 3);
      const { child, exited } = spawnCli(['sync', '--once', '--db', dbPath, '--shipstation-url', fake.url]);
      await held;
      child.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');

      const core = createCore({
        dbPath,
        clock: systemClock,
        fetch,
        secrets,
        config: { version: 'test', dataDir: dir, shipstationBaseUrl: fake.url },
        logger: quietLogger,
      });
      try {
        const [killed] = core.services.sync.store.runs(5);
        expect(killed).toMatchObject({ status: 'interrupted', inserted: 1000, trigger: 'cli' });
        const db = core.services.db.raw;
        expect((db.prepare('SELECT count(*) AS n FROM shipments').get() as { n: number }).n).toBe(1000);

        const [again] = await core.services.sync.runNow('shipstation');
        const run = await again.finished;
        expect(run).toMatchObject({ status: 'succeeded', inserted: 500 });
        expect(db.prepare('SELECT count(*) AS n, count(DISTINCT external_id) AS ids, count(DISTINCT tracking_number) AS numbers FROM shipments').get()).toEqual(
          { n: 1500, ids: 1500, numbers: 1500 },
        );
        const status = await core.dispatch('system.status', {});
        expect(status.ok && status.value).toMatchObject({ upstreamUnreachableSince: null, shipmentCount: 1500 });
      } finally {
        core.close();
      }
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
