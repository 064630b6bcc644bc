import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createCore, type Core } from '../core';
import { seedShipments } from '../demo/seed';
import { startStationOnHub, TIMERS_LED_BY_HUB } from '../hub';
import { parseHubUrl } from '../hub/config';
import { openHubClient } from '../hub/connection';
import { replicatedTables, stationFor } from '../hub/for-core';
import { tableShapes } from '../hub/replica';
import { copyBatches, copyJsonb } from '../hub/copy-rows';
import { outboxSize, pushBatch } from '../hub/replication';
import { memorySecretStore, systemClock, type Logger } from '../platform/ports';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { percentile, result, round, type BenchResult } from './measure';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const PROPAGATION_SCANS = 120;
const WARM_UP_SCANS = 5;
const PUSH_SCANS = 20_000;
/** The engine's own push batch: the baseline inserts in batches of the same size. */
const PUSH_BATCH = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const elapsedMs = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

interface BenchStation {
  core: Core;
  secrets: ReturnType<typeof memorySecretStore>;
}

/** A station as the app makes one: its own SQLite file, the core's job timers left to the hub, joined to the hub under `name`. */
async function joinedStation(dir: string, name: string, url: string): Promise<BenchStation> {
  const core = createCore({
    dbPath: join(dir, `${name}.db`),
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: 'bench', dataDir: dir, checkpointIntervalMs: 2_000, ...TIMERS_LED_BY_HUB },
    logger: quiet,
  });
  const secrets = memorySecretStore();
  await stationFor(core, { secrets, clock: systemClock, logger: quiet }).connect(url, { name });
  return { core, secrets };
}

/** One hub, started for this entry alone, in a database of its own; torn down with its stations whatever happens. */
async function withHub<T>(run: (url: string, dir: string, stations: BenchStation[]) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-bench-hub-'));
  let pg: TempPostgres | null = null;
  const stations: BenchStation[] = [];
  try {
    pg = await startTempPostgres();
    const url = `${await pg.createDatabase('bench_hub')}?sslmode=disable`;
    return await run(url, dir, stations);
  } finally {
    stations.forEach((s) => s.core.close());
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const count = (core: Core, table: string): number => (core.services.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function waitFor(what: string, done: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

async function openSession(core: Core, station: string): Promise<number> {
  const opened = await core.dispatch('reconcile.openSession', { station, operator: 'bench', purpose: 'pack_verify' });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value.id;
}

/** The floor under any propagation: one client INSERTs and NOTIFYs in one statement, another LISTENs; ms until it hears. */
async function insertNotifyRoundTrips(url: string, samples: number): Promise<number[]> {
  const [writer, listener] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
  await writer.connect();
  await listener.connect();
  try {
    await writer.query('CREATE TABLE bench_ping (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
    await listener.query('LISTEN bench_ping');
    const times: number[] = [];
    for (let i = 0; i < samples + WARM_UP_SCANS; i++) {
      const heard = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
      const started = process.hrtime.bigint();
      await writer.query('INSERT INTO bench_ping DEFAULT VALUES; NOTIFY bench_ping');
      await heard;
      if (i >= WARM_UP_SCANS) times.push(elapsedMs(started));
    }
    return times.sort((a, b) => a - b);
  } finally {
    await writer.end();
    await listener.end();
  }
}

/**
 * p95 ms from a scan committed at station A to the same scan in station B's store, both running replication as
 * the app does (startStationOnHub: LISTEN/NOTIFY, the outbox check, leadership), against a bare INSERT + NOTIFY
 * round trip on the same hub. Scans come one every 100–300 ms, as at a packing station.
 */
export async function benchHubPropagation(): Promise<BenchResult> {
  return withHub(async (url, dir, stations) => {
    const baseline = await insertNotifyRoundTrips(url, PROPAGATION_SCANS);
    const [a, b] = [await joinedStation(dir, 'Pack A', url), await joinedStation(dir, 'Pack B', url)];
    stations.push(a, b);
    const labels = PROPAGATION_SCANS + WARM_UP_SCANS;
    seedShipments(a.core.services.db, { shipments: labels, now: systemClock.now(), withEvents: false });
    const running = await Promise.all(
      [a, b].map((s) => startStationOnHub({ core: s.core, secrets: s.secrets, clock: systemClock, logger: quiet, timers: TIMERS_LED_BY_HUB })),
    );
    try {
      // The labels reach B before any scan is timed, so each timed scan carries only itself.
      await waitFor('the seeded shipments at B', () => count(b.core, 'shipments') === labels);
      const sessionId = await openSession(a.core, 'Pack A');
      const trackingNumbers = (a.core.services.db.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id').all() as { n: string }[]).map((r) => r.n);
      const latencies: number[] = [];
      for (const [i, raw] of trackingNumbers.entries()) {
        const scanned = await a.core.dispatch('reconcile.scan', { sessionId, raw });
        if (!scanned.ok) throw new Error(scanned.error.message);
        const committed = process.hrtime.bigint();
        await waitFor(`scan ${i + 1} at B`, () => count(b.core, 'scans') > i);
        if (i >= WARM_UP_SCANS) latencies.push(elapsedMs(committed));
        // The next scan comes 100–300 ms after this one, however long this one took to arrive.
        await sleep(100 + Math.random() * 200 - elapsedMs(committed));
      }
      latencies.sort((x, y) => x - y);
      return result('hub.propagation', 'ms', percentile(latencies, 95), percentile(baseline, 95), {
        scans: latencies.length,
        p50Ms: round(percentile(latencies, 50)),
        maxMs: round(latencies[latencies.length - 1]),
        baselineP50Ms: round(percentile(baseline, 50)),
        goal: 'p95 <= 500 ms',
      });
    } finally {
      for (const station of running) await station.stop();
    }
  });
}

/** Rows per second of one INSERT per batch into the hub's `rows`, with the same payloads the push sent. */
async function bareBatchedInsert(url: string, rows: { tbl: string; key: string; op: string; data: unknown }[], writtenBy: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i += PUSH_BATCH) {
      await client.query(
        `INSERT INTO rows (tbl, origin, key, op, data, written_by)
         SELECT r.tbl, 'baseline', r.key, r.op, r.data, $2 FROM jsonb_to_recordset($1::jsonb) AS r(tbl text, key text, op text, data jsonb)`,
        [JSON.stringify(rows.slice(i, i + PUSH_BATCH)), writtenBy],
      );
    }
    return rows.length / (elapsedMs(started) / 1000);
  } finally {
    await client.end();
  }
}

/**
 * Scans per second from one station's outbox to the hub: 20,000 scans recorded while no replication runs (a
 * station offline), then one push, batch after batch, until the outbox is empty; against a bare batched INSERT
 * of as many rows, with the same payloads, into the hub's `rows` table.
 */
export async function benchHubPush(): Promise<BenchResult> {
  return withHub(async (url, dir, stations) => {
    const station = await joinedStation(dir, 'Pack A', url);
    stations.push(station);
    const { core } = station;
    seedShipments(core.services.db, { shipments: PUSH_SCANS, now: systemClock.now(), withEvents: false });
    const hub = stationFor(core, { secrets: station.secrets, clock: systemClock, logger: quiet });
    const identity = hub.identity();
    // The labels go up first: what is timed is the scans alone.
    await hub.syncOnce();
    const sessionId = await openSession(core, 'Pack A');
    const labels = core.services.db.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id').all() as { n: string }[];
    for (const { n } of labels) {
      const scanned = await core.dispatch('reconcile.scan', { sessionId, raw: n });
      if (!scanned.ok) throw new Error(scanned.error.message);
    }
    const outbox = outboxSize(core.services.db);

    const client = await openHubClient(parseHubUrl(url));
    try {
      const shapes = tableShapes(core.services.db, replicatedTables(core));
      const started = process.hrtime.bigint();
      let batches = 0;
      while ((await pushBatch(core.services.db, client, shapes, identity, systemClock.now)).pushed) batches++;
      const seconds = elapsedMs(started) / 1000;
      if (outboxSize(core.services.db) !== 0) throw new Error('the push left changes in the outbox');

      // The same payloads, inserted bare into the same table under another origin, so they do not collide.
      const { rows: pushed } = await client.query<{ tbl: string; key: string; op: string; data: unknown }>(
        "SELECT tbl, key, op, data FROM rows WHERE written_by = $1 AND tbl = 'scans' ORDER BY change_no",
        [identity.id],
      );
      const baseline = await bareBatchedInsert(url, pushed, identity.id);
      return result('hub.push', 'scans/s', PUSH_SCANS / seconds, baseline, {
        scans: PUSH_SCANS,
        outboxChanges: outbox,
        batches,
        seconds: round(seconds, 2),
        goal: 'ratio >= 0.3',
      });
    } finally {
      await client.end();
    }
  });
}

/** Rows per page when the hub is filled, and per transaction in the baseline (as in the join). */
const JOIN_PAGE = 5_000;

/** Puts a store's shipments on the hub as pushes would have left them (one `rows` entry each, under the store's station). */
async function fillHub(url: string, core: Core, stationId: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const read = core.services.db.prepare('SELECT * FROM shipments WHERE id > ? ORDER BY id LIMIT ?');
    for (let after = 0; ;) {
      const rows = read.all(after, JOIN_PAGE) as Record<string, unknown>[];
      if (!rows.length) break;
      after = rows[rows.length - 1].id as number;
      await client.query(
        `INSERT INTO rows (tbl, origin, key, op, data, written_by)
         SELECT 'shipments', $2, r.key, 'upsert', r.data, $2 FROM jsonb_to_recordset($1::jsonb) AS r(key text, data jsonb)`,
        [JSON.stringify(rows.map(({ id, ...data }) => ({ key: String(id), data }))), stationId],
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * The floor under a join: the hub's shipment rows read bare with one binary `COPY (SELECT …) TO STDOUT`, and
 * inserted into a SQLite table of the same shape (no change triggers) with one prepared INSERT per batch's
 * transaction; the table's secondary indexes are built after the load, as the fastest bare load would, so that
 * both end with the same indexed table.
 */
async function bareCopyAndInsert(url: string, template: Core, path: string): Promise<{ seconds: number; rows: number }> {
  const schema = (sql: string) => template.services.db.raw.prepare(sql).pluck().all() as string[];
  const [table] = schema("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'shipments'");
  const indexes = schema("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'shipments' AND sql IS NOT NULL");
  const columns = (template.services.db.raw.prepare('PRAGMA table_info(shipments)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
  const { default: Database } = await import('better-sqlite3');
  const target = new Database(path);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    target.pragma('journal_mode = WAL');
    target.pragma('synchronous = NORMAL');
    target.pragma('cache_size = -65536');
    target.exec(table);
    const insert = target.prepare(`INSERT INTO shipments (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const started = process.hrtime.bigint();
    let rows = 0;
    for await (const batch of copyBatches(client, "SELECT data FROM rows WHERE tbl = 'shipments'", JOIN_PAGE)) {
      target.transaction(() =>
        batch.forEach(([data]) => {
          const row = copyJsonb(data) as Record<string, unknown>;
          insert.run(...columns.map((c) => row[c] ?? null));
        }),
      )();
      rows += batch.length;
    }
    for (const sql of indexes) target.exec(sql);
    return { seconds: elapsedMs(started) / 1000, rows };
  } finally {
    await client.end();
    target.close();
  }
}

/**
 * Seconds for a new station (an empty store) to join a hub holding `shipments` shipments: `hub sync --once`'s
 * whole join (the snapshot in batches, then the feed), until its store holds them all; against the bare COPY
 * and bulk insert above. Goal: <= 120 s for 1M.
 */
export async function benchHubBootstrap(shipments: number): Promise<BenchResult> {
  return withHub(async (url, dir, stations) => {
    const origin = await joinedStation(dir, 'Origin', url);
    stations.push(origin);
    seedShipments(origin.core.services.db, { shipments, now: systemClock.now(), withEvents: false });
    const originId = stationFor(origin.core, { secrets: origin.secrets, clock: systemClock, logger: quiet }).identity().id;
    await fillHub(url, origin.core, originId);

    const baseline = await bareCopyAndInsert(url, origin.core, join(dir, 'baseline.db'));
    const joining = await joinedStation(dir, 'New station', url);
    stations.push(joining);
    const hub = stationFor(joining.core, { secrets: joining.secrets, clock: systemClock, logger: quiet });
    const started = process.hrtime.bigint();
    const synced = await hub.syncOnce();
    const seconds = elapsedMs(started) / 1000;
    if (count(joining.core, 'shipments') !== shipments) throw new Error(`the join left ${count(joining.core, 'shipments')} of ${shipments} shipments`);
    return result('hub.bootstrap', 's', seconds, baseline.seconds, {
      shipments,
      applied: synced.applied,
      rowsPerSecond: Math.round(shipments / seconds),
      baselineRowsPerSecond: Math.round(baseline.rows / baseline.seconds),
      goal: '<= 120 s for 1,000,000 shipments',
    });
  });
}
