import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { createFakeCarrierServer, type FakeCarrierServer } from '../carriers/fake-server';
import { createCore, type Core } from '../core';
import { memorySecretStore, systemClock, type Logger } from '../platform/ports';
import { GENERIC_HEADER, genericRow, writeCsv } from '../sync/testing/files';
import { spawnCli } from '../testing/spawn-cli';
import { quietLogger } from '../testing/temp-core';

/**
 * The store's real life: the console's core with its timers running and a poller asking the fake carrier
 * server, scans arriving through the dispatcher, and three CLI processes importing into the same file.
 */

const ROWS_PER_FILE = 1000;
const FILES_PER_WORKER = 3;
const WORKERS = 3;
/** How long the workers keep starting commands: on a slow machine fewer run, and the serial run replays just those. */
const WRITING_MS = 30_000;

let dir: string;
let fake: FakeCarrierServer;
const files: string[][] = [];

const shipmentsFile = (worker: number, file: number) => {
  const first = (worker * FILES_PER_WORKER + file) * ROWS_PER_FILE;
  const path = join(dir, `labels-${worker}-${file}.csv`);
  writeCsv(path, [GENERIC_HEADER, ...Array.from({ length: ROWS_PER_FILE }, (_, i) => genericRow(first + i))]);
  return path;
};

const returnsFile = (worker: number) => {
  const path = join(dir, `returns-${worker}.csv`);
  const rows = Array.from({ length: 400 }, (_, i) => `RMA-${worker}-${i},${800_000 + worker * 10_000 + i}`);
  writeFileSync(path, ['rma_number,order_number', ...rows].join('\n'));
  return path;
};

/** Two events for each parcel of the worker's first file: imported after that file, by the same process. */
const eventsFile = (worker: number) => {
  const path = join(dir, `events-${worker}.jsonl`);
  const first = worker * FILES_PER_WORKER * ROWS_PER_FILE;
  const lines = Array.from({ length: ROWS_PER_FILE }, (_, i) => {
    const [, trackingNumber, carrier] = genericRow(first + i);
    return [
      { trackingNumber, carrier, occurredAt: '2026-11-02T10:00:00Z', status: 'in_transit', code: 'AR', description: 'Arrived at facility' },
      { trackingNumber, carrier, occurredAt: '2026-11-03T16:00:00Z', status: 'out_for_delivery', code: 'OD', description: 'Out for delivery' },
    ].map((e) => JSON.stringify(e));
  });
  writeFileSync(path, `${lines.flat().join('\n')}\n`);
  return path;
};

/** What each worker runs, in order; the serial run replays the same commands one after another. */
const workerCommands = (worker: number, db: string): string[][] => [
  ...files[worker].slice(0, 1).map((f) => ['import', 'shipments', '--db', db, f]),
  ['import', 'events', '--db', db, eventsFile(worker)],
  ['import', 'returns', '--db', db, returnsFile(worker)],
  ...files[worker].slice(1).map((f) => ['import', 'shipments', '--db', db, f]),
  // The rules pass runs before the list: the CLI's own writer, as in the run that failed in the field.
  ['exceptions', 'list', '--json', '--db', db],
];

const counts = (path: string) => {
  const raw = new Database(path, { readonly: true });
  try {
    const one = (sql: string) => (raw.prepare(sql).get() as { n: number }).n;
    return {
      shipments: one('SELECT count(*) AS n FROM shipments'),
      distinctShipments: one('SELECT count(DISTINCT external_id) AS n FROM shipments'),
      trackingEvents: one('SELECT count(*) AS n FROM tracking_events'),
      returns: one('SELECT count(*) AS n FROM returns'),
      scans: one('SELECT count(*) AS n FROM scans'),
      rejects: one('SELECT count(*) AS n FROM sync_rejects'),
      integrity: (raw.pragma('integrity_check', { simple: true }) as string) === 'ok' ? 1 : 0,
    };
  } finally {
    raw.close();
  }
};

/** Scans labels of the first worker's first file, then numbers no label has, until told to stop. */
async function scanUntil(core: Core, done: () => boolean, limit: number, failures: string[]): Promise<number> {
  const opened = await core.dispatch('reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' });
  if (!opened.ok) throw new Error(opened.error.message);
  const sessionId = opened.value.id;
  let scanned = 0;
  while ((limit < 0 ? !done() : scanned < limit) && scanned < 100_000) {
    const raw = genericRow(scanned % ROWS_PER_FILE)[1];
    const result = await core.dispatch('reconcile.scan', { sessionId, raw });
    if (!result.ok) {
      failures.push(`${result.error.code}: ${result.error.message}`);
      // A busy store is worth another try, as the window would; anything else is a failure already counted.
      if (result.error.code === 'unavailable') continue;
    }
    scanned++;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return scanned;
}

const recordingLogger = (errors: string[]): Logger => ({
  info: () => undefined,
  warn: (message, detail) => errors.push(`warn ${message} ${String(detail)}`),
  error: (message, detail) => errors.push(`error ${message} ${String(detail)}`),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'waybill-writers-'));
  fake = await createFakeCarrierServer({ now: () => Date.now() });
  for (let w = 0; w < WORKERS; w++) files.push(Array.from({ length: FILES_PER_WORKER }, (_, f) => shipmentsFile(w, f)));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one store, many writers', () => {
  it('the app with its timers and three CLI importers share one file: nothing internal, every row once, the same counts as one after another', async () => {
    const shared = join(dir, 'shared.db');
    const errors: string[] = [];
    const core = createCore({
      dbPath: shared,
      clock: systemClock,
      fetch,
      secrets: memorySecretStore(),
      config: { version: 'test', dataDir: dir, pollIntervalMs: 250, rulesTickMs: 1000, syncTickMs: 500, checkpointIntervalMs: 500 },
      logger: recordingLogger(errors),
    });
    const saved = await core.dispatch('carriers.save', {
      carrier: 'ups',
      environment: 'custom',
      baseUrl: fake.url,
      credentials: { clientId: 'id-123', clientSecret: 'secret-456' },
      quotaPerMinute: 600,
    });
    expect(saved.ok).toBe(true);

    const scanFailures: string[] = [];
    let childrenDone = false;
    // Each worker starts commands for WRITING_MS; what it ran is what the serial run replays.
    const ran: string[][][] = [];
    const deadline = Date.now() + WRITING_MS;
    const children = Array.from({ length: WORKERS }, async (_, w) => {
      const outcomes: { code: number | null; err: string }[] = [];
      ran[w] = [];
      for (const args of workerCommands(w, shared)) {
        if (Date.now() > deadline && ran[w].length > 0) break;
        ran[w].push(args);
        outcomes.push(await spawnCli(args).exited);
      }
      return outcomes;
    });
    const scanning = scanUntil(core, () => childrenDone, -1, scanFailures);
    const outcomes = (await Promise.all(children)).flat();
    childrenDone = true;
    const scanned = await scanning;
    // The poller really ran against the store while the importers wrote.
    expect(fake.requests.length).toBeGreaterThan(0);
    core.close();

    expect(outcomes.filter((o) => o.code !== 0).map((o) => o.err)).toEqual([]);
    expect(scanFailures.filter((f) => f.startsWith('internal'))).toEqual([]);
    expect(errors).toEqual([]);
    expect(scanned).toBeGreaterThan(0);

    const serial = join(dir, 'serial.db');
    const quiet = { out: () => undefined, err: () => undefined };
    for (const args of ran.flat())
      expect(
        await runCli(
          args.map((a) => (a === shared ? serial : a)),
          quiet,
        ),
      ).toBe(0);
    const alone = createCore({
      dbPath: serial,
      clock: systemClock,
      fetch,
      secrets: memorySecretStore(),
      config: { version: 'test', dataDir: dir },
      logger: quietLogger,
    });
    expect(await scanUntil(alone, () => true, scanned, [])).toBe(scanned);
    alone.close();

    const together = counts(shared);
    expect(together).toEqual(counts(serial));
    const labels = ran.flat().filter((args) => args[1] === 'shipments').length * ROWS_PER_FILE;
    const rmaRows = ran.flat().filter((args) => args[1] === 'returns').length * 400;
    // Every RMA row, plus the return labels among the imported shipments (genericRow marks one in fifty).
    expect(together).toMatchObject({ shipments: labels, distinctShipments: labels, returns: rmaRows + labels / 50, integrity: 1 });
  }, 300_000);
});
