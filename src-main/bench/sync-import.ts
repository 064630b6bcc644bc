import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCore, type Core } from '../core';
import { memorySecretStore, systemClock, type Logger } from '../platform/ports';
import { genericRow, writeLargeGenericCsv } from '../sync/testing/files';
import { result, round, type BenchResult } from './measure';

const ROWS = 100_000;
const SMALL_ROWS = 25_000;
const ROUNDS = 2;
const BASELINE_BATCH = 5000;

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const mb = (bytes: number) => bytes / 1024 / 1024;
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** A forced collection, so "heap" means what the import still holds, not garbage V8 has not collected yet. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Waits until no capability has announced anything for a moment: an import ends with `shipments.changed`,
 * and the rules passes it starts must not run inside the next measured section (the import's or the baseline's).
 */
async function settled(core: Core, quietMs = 300, maxMs = 60_000): Promise<void> {
  let last = Date.now();
  const unsubscribe = core.events.subscribe(() => (last = Date.now()));
  const started = Date.now();
  while (Date.now() - last < quietMs && Date.now() - started < maxMs) await new Promise((resolve) => setTimeout(resolve, 50));
  unsubscribe();
}

interface Pass {
  rowsPerSecond: number;
  peakRssMb: number;
  retainedHeapMb: number | null;
}

/** One file through the real path (read, parse, validate, upsert, record the run), sampling memory at each batch. */
async function importPass(core: Core, path: string, expectRows: number, gc: (() => void) | null): Promise<Pass> {
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let rssPeak = rssBefore;
  let heapPeak = heapBefore;
  const unsubscribe = core.events.subscribe((name) => {
    if (name !== 'sync.progressed') return;
    gc?.();
    const now = process.memoryUsage();
    rssPeak = Math.max(rssPeak, now.rss);
    heapPeak = Math.max(heapPeak, now.heapUsed);
  });
  const started = process.hrtime.bigint();
  const run = await core.services.sync.importFile(path, 'bench.csv', 'generic', 'cli').finished;
  const took = seconds(started);
  unsubscribe();
  if (run.status !== 'succeeded' || run.inserted + run.unchanged !== expectRows)
    throw new Error(`sync.import bench run ended ${run.status}: ${run.error ?? JSON.stringify(run)}`);
  return {
    rowsPerSecond: expectRows / took,
    peakRssMb: mb(Math.max(rssPeak, process.memoryUsage().rss) - rssBefore),
    retainedHeapMb: gc ? mb(heapPeak - heapBefore) : null,
  };
}

/** The same rows, already parsed and in memory, through one prepared INSERT in batches of the same size. */
function baselinePass(core: Core, source: string, from: number): number {
  const db = core.services.db.raw;
  const insert = db.prepare(`INSERT INTO shipments (source, external_id, tracking_number, carrier, service, warehouse, order_number,
    order_value_cents, currency, label_created_at, ship_date, expected_delivery_original, expected_delivery_current, is_return, status,
    ship_to_name, ship_to_city, ship_to_region, ship_to_postal_code, ship_to_country, weight_oz, created_at, updated_at)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const now = new Date().toISOString();
  const params = Array.from({ length: ROWS }, (_, i) => {
    const r = genericRow(from + i);
    return [
      source,
      r[0],
      r[1],
      r[2],
      r[3],
      r[4],
      r[5],
      Math.round(Number(r[6]) * 100),
      r[7],
      r[8],
      r[9],
      r[10],
      r[10],
      r[11] === 'true' ? 1 : 0,
      'created',
      r[13],
      r[14],
      r[15],
      r[16],
      r[17],
      Number(r[18]),
      now,
      now,
    ];
  });
  const insertBatch = db.transaction((batch: unknown[][]) => {
    for (const p of batch) insert.run(p);
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < params.length; i += BASELINE_BATCH) insertBatch(params.slice(i, i + BASELINE_BATCH));
  return ROWS / seconds(started);
}

/**
 * `sync.import`: a 100,000-row generic CSV through the real import path, in rows per second, against raw
 * prepared INSERTs of the same rows (already parsed, in memory) into the same table in the same run; best of
 * two interleaved rounds each, on a quiet store, so a neighbour's load spike does not decide the ratio.
 * Memory: `peakRssMb` is the timed import's RSS growth, which includes SQLite's page cache filling as the
 * store grows (bounded by cache_size, 64 MB); `retainedHeapMb` is what the import path itself holds at its
 * peak (forced GC, on an untimed pass of the same file), flat against `retainedHeapMbAt25k`.
 * Its own store, so the rows it adds never skew the entries that share the seeded one.
 */
export async function benchSyncImport(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-bench-sync-'));
  const core = createCore({
    dbPath: join(dir, 'sync.db'),
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: 'bench', dataDir: dir },
    logger: quiet,
  });
  try {
    const small = join(dir, 'small.csv');
    await writeLargeGenericCsv(small, SMALL_ROWS, 10 * ROWS);
    const files = await Promise.all(
      Array.from({ length: ROUNDS }, async (_, round) => {
        const path = join(dir, `big-${round}.csv`);
        await writeLargeGenericCsv(path, ROWS, round * ROWS);
        return path;
      }),
    );
    const gc = collector();
    const smallPass = await importPass(core, small, SMALL_ROWS, gc);
    const imports: Pass[] = [];
    const baselines: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await settled(core);
      imports.push(await importPass(core, files[round], ROWS, null));
      await settled(core);
      baselines.push(baselinePass(core, `bench-raw-${round}`, round * ROWS));
    }
    await settled(core);
    const heapPass = await importPass(core, files[0], ROWS, gc);
    const best = imports.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));

    return result('sync.import', 'rows/s', best.rowsPerSecond, Math.max(...baselines), {
      rows: ROWS,
      peakRssMb: round(imports[0].peakRssMb, 1),
      peakRssMbAt25k: round(smallPass.peakRssMb, 1),
      retainedHeapMb: round(heapPass.retainedHeapMb ?? NaN, 1),
      retainedHeapMbAt25k: round(smallPass.retainedHeapMb ?? NaN, 1),
      unchangedReimportRowsPerSecond: round(heapPass.rowsPerSecond, 0),
    });
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
