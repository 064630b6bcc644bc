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
import { startWebHost } from './host';

const RENDERER_DIR = resolve(__dirname, '../../dist/renderer');

/** `npm run start:web`: the whole console in a browser tab, on this machine only. */
export async function serveBrowserMode(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const dataDir = resolve(optionString(args, 'data-dir') ?? defaultDataDir());
  const demo = args.options.demo === true;
  ensurePrivateDataDir(dataDir);
  keepRunningOnStrayFailures(process, consoleLogger);
  const secrets = fileSecretStore(join(dataDir, 'secrets.browser-mode.json'), consoleLogger);
  const timers = { ...CONSOLE_TIMERS, pollIntervalMs: demo ? 10_000 : CONSOLE_TIMERS.pollIntervalMs };
  // On a hub, each job's timer runs at its leader only (hub/leader-jobs.ts) instead of in the core.
  const onHub = await hubConfigured(secrets);
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
  const station = onHub ? await startStationOnHub({ core, secrets, clock: systemClock, logger: consoleLogger, timers }) : null;
  if (demo && rowCount(core.services.db, 'shipments') === 0) {
    seedShipments(core.services.db, { shipments: 5000, now: systemClock.now(), withEvents: true });
  }
  // The demo's first look is a full queue: its first rules pass runs before the window can open, not at the first tick.
  if (demo) await core.services.exceptions.evaluateAll();
  const demoCarriers = demo ? await startDemoCarriers(core, systemClock) : null;
  const port = optionString(args, 'port');
  const host = await startWebHost({ core, staticDir: RENDERER_DIR, port: port ? Number(port) : undefined, exportsDir: join(dataDir, 'exports') });
  console.log(`Waybill (browser mode) is serving on this machine only.\nData: ${dataDir}\nOpen: ${host.launchUrl}`);
  const stop = async () => {
    await host.close();
    await demoCarriers?.close();
    await station?.stop();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void serveBrowserMode(process.argv.slice(2));
