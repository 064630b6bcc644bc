import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONSOLE_TIMERS, createCore } from '../core';
import { rowCount } from '../db/counts';
import { DEMO_CADENCE, startDemoCarriers } from '../demo/carriers';
import { hubConfigured, startStationOnHub, TIMERS_LED_BY_HUB } from '../hub';
import { seedShipments } from '../demo/seed';
import { optionString, parseArgs } from '../platform/args';
import { defaultDataDir, ensurePrivateDataDir, storePath } from '../platform/data-dir';
import { fileSecretStore } from '../platform/file-secret-store';
import { keepRunningOnStrayFailures } from '../platform/last-resort';
import { consoleLogger, systemClock } from '../platform/ports';
import { startWebHost, type WebHost } from './host';

const RENDERER_DIR = resolve(__dirname, '../../dist/renderer');

interface BrowserStation {
  host: WebHost;
  stop(): Promise<void>;
}

/**
 * One console in browser mode over one data folder: on its hub when one is configured there (or `join` names
 * one to connect to first), with demo data and moving parcels when asked.
 */
async function startBrowserStation(options: {
  dataDir: string;
  demo: boolean;
  /** Seeds 5,000 shipments into an empty store (the demo's first station; others receive them from the hub). */
  seed: boolean;
  port?: number;
  join?: { url: string; name: string; role: 'packing' | 'returns' | 'office' };
}): Promise<BrowserStation> {
  const { dataDir, demo } = options;
  ensurePrivateDataDir(dataDir);
  const secrets = fileSecretStore(join(dataDir, 'secrets.browser-mode.json'), consoleLogger);
  const timers = { ...CONSOLE_TIMERS, pollIntervalMs: demo ? 10_000 : CONSOLE_TIMERS.pollIntervalMs };
  // On a hub, each job's timer runs at its leader only (hub/leader-jobs.ts) instead of in the core.
  const onHub = options.join !== undefined || (await hubConfigured(secrets));
  const core = createCore({
    dbPath: storePath(dataDir),
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets,
    config: {
      version: process.env.npm_package_version ?? 'dev',
      dataDir,
      ...timers,
      ...(onHub ? TIMERS_LED_BY_HUB : {}),
      cadence: demo ? DEMO_CADENCE : undefined,
    },
  });
  if (options.join) {
    const joined = await core.dispatch('hub.connect', { address: { url: options.join.url }, station: { name: options.join.name, role: options.join.role } });
    if (!joined.ok) throw new Error(`${options.join.name} could not join the hub: ${joined.error.message}`);
  }
  const station = onHub ? await startStationOnHub({ core, secrets, clock: systemClock, logger: consoleLogger, timers }) : null;
  if (options.seed && rowCount(core.services.db, 'shipments') === 0) {
    seedShipments(core.services.db, { shipments: 5000, now: systemClock.now(), withEvents: true });
  }
  // The demo's first look is a full queue: its first rules pass runs before the window can open, not at the first tick.
  if (demo) await core.services.exceptions.evaluateAll();
  const demoCarriers = demo ? await startDemoCarriers(core, systemClock) : null;
  const host = await startWebHost({ core, staticDir: RENDERER_DIR, port: options.port, exportsDir: join(dataDir, 'exports') });
  return {
    host,
    stop: async () => {
      await host.close();
      await demoCarriers?.close();
      await station?.stop();
      core.close();
    },
  };
}

/**
 * `--demo --hub`: a throw-away PostgreSQL on this machine and two stations on it, "Pack 1" (with the demo's
 * shipments and moving parcels) and "Returns desk" (which receives everything through the hub). All of it,
 * data folders included, lives in a temp folder removed on exit.
 */
async function serveHubDemo(port: number | undefined): Promise<(() => Promise<void>)[]> {
  // The embedded server is a development dependency: loaded only for this demo, never by the app.
  const { startTempPostgres } = await import('../testing/temp-postgres');
  const pg = await startTempPostgres();
  const url = `${await pg.createDatabase('waybill_demo')}?sslmode=disable`;
  const root = mkdtempSync(join(tmpdir(), 'waybill-hub-demo-'));
  const pack = await startBrowserStation({
    dataDir: join(root, 'pack-1'),
    demo: true,
    seed: true,
    port,
    join: { url, name: 'Pack 1', role: 'packing' },
  });
  const desk = await startBrowserStation({
    dataDir: join(root, 'returns-desk'),
    demo: false,
    seed: false,
    port: port ? port + 1 : undefined,
    join: { url, name: 'Returns desk', role: 'returns' },
  });
  console.log(
    `Waybill hub demo: two stations on one hub (an embedded PostgreSQL at ${url.replace(/:[^:@/]+@/, ':…@')}), on this machine only.\n` +
      `Pack 1:       ${pack.host.launchUrl}\nReturns desk: ${desk.host.launchUrl}\n` +
      'Scan at one and watch the other’s board; Ctrl+C stops both and removes the demo data.',
  );
  return [
    pack.stop,
    desk.stop,
    async () => {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    },
  ];
}

/** `npm run start:web`: the whole console in a browser tab, on this machine only. */
export async function serveBrowserMode(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const demo = args.options.demo === true;
  keepRunningOnStrayFailures(process, consoleLogger);
  const port = optionString(args, 'port');
  let running: (() => Promise<void>)[];
  if (demo && args.options.hub === true) running = await serveHubDemo(port ? Number(port) : undefined);
  else {
    const dataDir = resolve(optionString(args, 'data-dir') ?? defaultDataDir());
    const station = await startBrowserStation({ dataDir, demo, seed: demo, port: port ? Number(port) : undefined });
    console.log(`Waybill (browser mode) is serving on this machine only.\nData: ${dataDir}\nOpen: ${station.host.launchUrl}`);
    running = [station.stop];
  }
  const stop = async () => {
    // In order: the stations leave the hub before the demo's hub stops.
    for (const stopOne of running) await stopOne();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void serveBrowserMode(process.argv.slice(2));
