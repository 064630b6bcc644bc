import { createDb, type Db } from './db/create-db';
import { createDispatcher, type Dispatch } from './dispatch/dispatcher';
import { createEventBus, type EventBus } from './dispatch/events';
import type { Handlers } from './dispatch/handlers';
import { createExceptionsService, type ExceptionsService } from './exceptions/service';
import { consoleLogger, silentNotifier, type Clock, type Logger, type Notifier, type SecretStore } from './platform/ports';
import { createReconcileService, type ReconcileService } from './reconcile/handlers';
import { createReports, type Reports } from './reports/handlers';
import type { ReportPrinter } from './reports/schedule/printer';
import { createReturnsService, type ReturnsService } from './returns/service';
import { shipmentsHandlers } from './shipments/handlers';
import { systemHandlers } from './system/handlers';
import { syncHandlers } from './sync/handlers';
import { createSyncService, type SyncService } from './sync/service';
import { upstreamSources } from './sync/sources';
import type { PollCadence } from '../src-shared/domain/tracking/cadence';
import { createTrackingService, type TrackingService, type TrackingServiceOptions } from './tracking/service';
import { dirname, join } from 'node:path';
import { createUpdates, type UpdatesOptions, type UpdatesService } from './updates';

export interface CoreConfig {
  version: string;
  dataDir: string | null;
  /** False in packaged builds: sample data never lands in a real warehouse's store. Default true. */
  allowDemo?: boolean;
  /** How often the poller looks for due parcels; 0 leaves polling to explicit calls (tests, CLI). */
  pollIntervalMs?: number;
  /** Checkpoint the WAL from a worker every so many ms (the app and bench); unset keeps SQLite's inline checkpoints. */
  checkpointIntervalMs?: number;
  cadence?: PollCadence;
  /** How often sync looks at its schedule and drop folder; 0 leaves it to explicit calls (tests, CLI). */
  syncTickMs?: number;
  /** ShipStation's address; tests and demos point it at the loopback fake. */
  shipstationBaseUrl?: string;
  /** How often exception rules re-run as time passes; 0 or unset leaves it to explicit ticks (tests, CLI). */
  rulesTickMs?: number;
  /** How often scheduled reports are checked (the app passes 60 000); 0 or unset leaves it to explicit ticks. */
  reportScheduleTickMs?: number;
}

/** The timers of a running console (the app and browser mode); the CLI and tests start none they do not use. */
export const CONSOLE_TIMERS = {
  pollIntervalMs: 60_000,
  checkpointIntervalMs: 2_000,
  reportScheduleTickMs: 60_000,
  syncTickMs: 10_000,
  rulesTickMs: 5 * 60_000,
} as const satisfies Partial<CoreConfig>;

export interface CoreOptions {
  dbPath: string;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  secrets: SecretStore;
  config: CoreConfig;
  notifier?: Notifier;
  logger?: Logger;
  /** The packaged app's updater (shell/updater.ts); without it the console reports that it does not update itself. */
  updates?: UpdatesOptions;
  /** Replaces the HTTP carrier clients, for simulations that run a whole day in seconds. */
  createCarrierClient?: TrackingServiceOptions['createClient'];
  /** The desktop shell's printToPDF for scheduled reports; browser mode has none and writes CSV only. */
  reportPrinter?: ReportPrinter;
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  /** Direct access for the CLI and benchmarks, which run in the same process as the core. */
  services: { db: Db; tracking: TrackingService; updates: UpdatesService; reconcile: Pick<ReconcileService, 'recorder'>; sync: SyncService; exceptions: ExceptionsService; returns: Pick<ReturnsService, 'tick'>; reports: Pick<Reports, 'service' | 'exports' | 'scheduler'> };
  close(): void;
}

/** Plain Node: no electron import, no module state; everything arrives through options. */
export function createCore(options: CoreOptions): Core {
  const logger = options.logger ?? consoleLogger;
  const dataDir = options.config.dataDir ?? dirname(options.dbPath);
  // A store older than this code is backed up before migrating, and restored if a migration fails.
  const db = createDb(options.dbPath, {
    backup: { dir: join(dataDir, 'backups'), now: () => options.clock.now() },
    backgroundCheckpoint: options.config.checkpointIntervalMs
      ? { intervalMs: options.config.checkpointIntervalMs, onError: (message) => logger.warn('WAL checkpoint failed', message) }
      : undefined,
  });
  const events = createEventBus((name, error) => logger.error(`a ${name} listener failed`, error));
  const tracking = createTrackingService({
    db,
    clock: options.clock,
    fetch: options.fetch,
    secrets: options.secrets,
    events,
    notifier: options.notifier ?? silentNotifier,
    logger,
    cadence: options.config.cadence,
    pollIntervalMs: options.config.pollIntervalMs ?? 0,
    createClient: options.createCarrierClient,
  });
  const sync = createSyncService({
    db,
    clock: options.clock,
    fetch: options.fetch,
    secrets: options.secrets,
    events,
    logger,
    dataDir: options.config.dataDir,
    sources: upstreamSources({ shipstationBaseUrl: options.config.shipstationBaseUrl }),
  });
  sync.start(options.config.syncTickMs ?? 0);
  const reconcile = createReconcileService({ db, clock: options.clock, events });
  // Pickup windows are judged on the poller's cadence: the running app polls, tests and the CLI call tick().
  const returns = createReturnsService({ db, clock: options.clock, events, logger, recorder: reconcile.recorder, tickIntervalMs: options.config.pollIntervalMs ?? 0 });
  const updates = createUpdates({ db, clock: options.clock, logger, version: options.config.version, dataDir, options: options.updates });
  const exceptions = createExceptionsService({
    db,
    clock: options.clock,
    events,
    notifier: options.notifier ?? silentNotifier,
    logger,
    tickMs: options.config.rulesTickMs ?? 0,
  });
  exceptions.start();
  const reports = createReports({
    db,
    dbPath: options.dbPath,
    dataDir: options.config.dataDir,
    clock: options.clock,
    events,
    logger,
    printer: options.reportPrinter,
    scheduleTickMs: options.config.reportScheduleTickMs,
  });

  const handlers: Handlers = {
    ...systemHandlers({
      db,
      dbPath: options.dbPath,
      dataDir: options.config.dataDir,
      clock: options.clock,
      events,
      version: options.config.version,
      allowDemo: options.config.allowDemo ?? true,
      // Connectivity is learned from carrier calls: offline when every carrier fails at the network level.
      isOnline: () => !tracking.poller.isOffline(),
      upstreamUnreachableSince: sync.unreachableSince,
      credentialStorage: options.secrets.storage?.bind(options.secrets),
    }),
    ...shipmentsHandlers(db),
    ...syncHandlers(db, sync),
    ...tracking.handlers,
    ...updates.handlers,
    ...reconcile.handlers,
    ...returns.handlers,
    ...exceptions.handlers,
    ...reports.handlers,
  };

  return {
    dispatch: createDispatcher(handlers, logger),
    events,
    services: { db, tracking, updates: updates.service, reconcile: { recorder: reconcile.recorder }, sync, exceptions, returns: { tick: returns.tick }, reports },
    close: () => {
      reports.close();
      returns.stop();
      exceptions.stop();
      sync.close();
      tracking.stop();
      updates.service.stop();
      db.close();
    },
  };
}
