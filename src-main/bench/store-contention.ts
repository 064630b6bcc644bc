import { join } from 'node:path';
import { createCore, type Core } from '../core';
import { memorySecretStore, systemClock, type Logger } from '../platform/ports';
import { genericRow, writeLargeGenericCsv } from '../sync/testing/files';
import { spawnCli } from '../testing/spawn-cli';
import { percentile, result, round, type BenchResult } from './measure';

const IMPORT_ROWS = 100_000;
const KNOWN_LABELS = 5_000;

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface ScanRun {
  scans: number;
  seconds: number;
  failed: number;
  latenciesMs: number[];
}

/** Scans through the dispatcher, as a packing station does, while `keepGoing` says so. */
async function scanWhile(core: Core, keepGoing: (scans: number) => boolean): Promise<ScanRun> {
  const opened = await core.dispatch('reconcile.openSession', { station: 'Bench', operator: 'bench', purpose: 'pack_verify' });
  if (!opened.ok) throw new Error(opened.error.message);
  const sessionId = opened.value.id;
  const run: ScanRun = { scans: 0, seconds: 0, failed: 0, latenciesMs: [] };
  const started = process.hrtime.bigint();
  while (keepGoing(run.scans)) {
    const t = process.hrtime.bigint();
    const envelope = await core.dispatch('reconcile.scan', { sessionId, raw: genericRow(run.scans % KNOWN_LABELS)[1] });
    run.latenciesMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!envelope.ok) run.failed++;
    run.scans++;
    // A station waits for its scanner; yielding lets the event loop breathe as it does in the app.
    await new Promise((resolve) => setImmediate(resolve));
  }
  run.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  run.latenciesMs.sort((a, b) => a - b);
  return run;
}

/**
 * Scans per second through the dispatcher while `waybill import shipments` of 100k rows writes the same store
 * from another process, against the same scans with the store to itself. Counting starts once the import's run
 * is open (the child has booted) and stops when it closes, so only contended time is measured.
 */
export async function benchStoreContention(dir: string): Promise<BenchResult> {
  const dbPath = join(dir, 'contention.db');
  const labels = join(dir, 'contention-labels.csv');
  const big = join(dir, 'contention-import.csv');
  await writeLargeGenericCsv(labels, KNOWN_LABELS);
  await writeLargeGenericCsv(big, IMPORT_ROWS, KNOWN_LABELS);
  const core = createCore({
    dbPath,
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: 'bench', dataDir: dir, checkpointIntervalMs: 2_000 },
    logger: quiet,
  });
  try {
    const seeded = await core.services.sync.importFile(labels, 'labels.csv', 'generic', 'cli').finished;
    if (seeded.status !== 'succeeded') throw new Error(`could not seed the contention store: ${seeded.error}`);
    const importRunning = core.services.db.prepare("SELECT count(*) AS n FROM sync_runs WHERE status = 'running'");
    const running = () => (importRunning.get() as { n: number }).n > 0;

    const { exited } = spawnCli(['import', 'shipments', '--db', dbPath, big]);
    let childDone = false;
    void exited.then(() => (childDone = true));
    while (!running() && !childDone) await new Promise((resolve) => setTimeout(resolve, 5));
    const contended = await scanWhile(core, () => !childDone && running());
    const imported = await exited;
    if (imported.code !== 0) throw new Error(`the import in the other process failed: ${imported.err}`);

    const alone = await scanWhile(core, (scans) => scans < contended.scans);
    const value = contended.scans / contended.seconds;
    const baseline = alone.scans / alone.seconds;
    return result('store.contention', 'scans/s', value, baseline, {
      scans: contended.scans,
      imported: (JSON.parse(imported.out) as { inserted: number }).inserted,
      failedScans: contended.failed + alone.failed,
      importSeconds: round(contended.seconds, 1),
      p99Ms: round(percentile(contended.latenciesMs, 99)),
      baselineP99Ms: round(percentile(alone.latenciesMs, 99)),
      goal: 'ratio >= 0.5, no scan fails',
    });
  } finally {
    core.close();
  }
}
