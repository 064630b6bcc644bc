import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core';
import { seedShipments } from '../demo/seed';
import { memorySecretStore, systemClock, type Logger } from '../platform/ports';
import type { BenchResult } from './measure';
import { benchShipmentsPage } from './shipments-page';

export interface BenchOptions {
  shipments: number;
  only?: string[];
  log: (line: string) => void;
}

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Every entry measures itself against a raw better-sqlite3 baseline in this same process. */
export async function runBenchmarks(options: BenchOptions): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-bench-'));
  const core = createCore({
    dbPath: join(dir, 'bench.db'),
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: 'bench', dataDir: dir },
    logger: quiet,
  });
  try {
    const started = Date.now();
    seedShipments(core.services.db, { shipments: options.shipments, now: systemClock.now(), withEvents: false });
    options.log(`seeded ${options.shipments} shipments in ${Date.now() - started} ms`);
    const entries: [string, () => Promise<BenchResult>][] = [['shipments.page', () => benchShipmentsPage(core)]];
    const results: BenchResult[] = [];
    for (const [name, run] of entries) {
      if (options.only && !options.only.includes(name)) continue;
      results.push(await run());
      options.log(`${name} done`);
    }
    return results;
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
