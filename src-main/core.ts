import { dirname, join } from 'node:path';
import type { PollCadence } from '../src-shared/domain/tracking/cadence';
import { auditCapability } from './audit';
import { pruneChanges } from './db/changes';
import { createDb, type Db } from './db/create-db';
import { combineHandlers, tableOwners, type Capability, type CoreContext } from './dispatch/capability';
import { createDispatcher, typedDispatch, type Dispatch, type UntrustedDispatch } from './dispatch/dispatcher';
import { createEventBus, type EventBus } from './dispatch/events';
import { exceptionsCapability, type ExceptionsService } from './exceptions';
import { exportsCapability } from './exports';
import { hubCapability, stampStationName } from './hub';
import type { Exports } from './exports/jobs';
import { consoleLogger, silentNotifier, type Clock, type Logger, type Notifier, type SecretStore } from './platform/ports';
import { reconcileCapability } from './reconcile';
import { reportsCapability, type ReportsService } from './reports';
import type { ReportPrinter } from './reports/schedule/printer';
import type { ReportScheduler } from './reports/schedule/service';
import { returnsCapability, type ReturnsService } from './returns';
import { shipmentsCapability, type ShipmentsService } from './shipments';
import { syncCapability, type SyncService } from './sync';
import { systemCapability } from './system';
import { trackingCapability, type TrackingOptions, type TrackingService } from './tracking';
import type { ScanRecorder } from './reconcile';
import { updatesCapability, type UpdatesOptions, type UpdatesService } from './updates';

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
  /** How often the change log drops what every reader took while the console runs; 0 or unset prunes only on open. */
  changePruneIntervalMs?: number;
  /**
   * On a hub: the rules that write on events (exceptions, returns) and a person's manual poll wait for the hub to
   * say this station leads them.
   */
  jobsLedByHub?: boolean;
}

/** The timers of a running console (the app and browser mode); the CLI and tests start none they do not use. */
export const CONSOLE_TIMERS = {
  pollIntervalMs: 60_000,
  checkpointIntervalMs: 2_000,
  reportScheduleTickMs: 60_000,
  syncTickMs: 10_000,
  rulesTickMs: 5 * 60_000,
  changePruneIntervalMs: 15 * 60_000,
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
  createCarrierClient?: TrackingOptions['createClient'];
  /** The desktop shell's printToPDF for scheduled reports; browser mode has none and writes CSV only. */
  reportPrinter?: ReportPrinter;
}

export interface Core {
  /** Calls from this process (CLI, benchmarks, tests): typed by the contract. */
  dispatch: Dispatch;
  /** Calls from a transport (IPC, HTTP): any name and argument, checked against the contract before a handler runs. */
  dispatchUntrusted: UntrustedDispatch;
  events: EventBus;
  /** Direct access for the CLI and benchmarks, which run in the same process as the core. */
  services: {
    db: Db;
    /** The bench reads the grid views ahead, as the app does when it opens a big store. */
    shipments: ShipmentsService;
    tracking: TrackingService;
    updates: UpdatesService;
    reconcile: { recorder: ScanRecorder };
    sync: SyncService;
    exceptions: ExceptionsService;
    returns: Pick<ReturnsService, 'tick' | 'ledBy'>;
    reports: { service: ReportsService; exports: Exports; scheduler: ReportScheduler };
  };
  /** Every capability, in the order they start; the list a new capability joins. */
  capabilities: readonly Capability<unknown>[];
  close(): void;
}

/** A busy store skips this round; the next one takes what is left. */
function pruneChangesQuietly(db: Db, logger: Logger): void {
  try {
    pruneChanges(db);
  } catch (error) {
    logger.warn('change log prune skipped', error instanceof Error ? error.message : String(error));
  }
}

/** Plain Node: no electron import, no module state; everything arrives through options. */
export function createCore(options: CoreOptions): Core {
  const logger = options.logger ?? consoleLogger;
  const config = options.config;
  const dataDir = config.dataDir ?? dirname(options.dbPath);
  // A store older than this code is backed up before migrating; a failed migration leaves it as it was.
  const db = createDb(options.dbPath, {
    backup: { dir: join(dataDir, 'backups'), now: () => options.clock.now() },
    backgroundCheckpoint: config.checkpointIntervalMs
      ? { intervalMs: config.checkpointIntervalMs, onError: (message) => logger.warn('WAL checkpoint failed', message) }
      : undefined,
  });
  // With no hub reading it, the change log only grows: what every reader has taken is dropped on open.
  pruneChanges(db);
  const ctx: CoreContext = {
    db,
    dbPath: options.dbPath,
    dataDir: config.dataDir,
    clock: options.clock,
    fetch: options.fetch,
    secrets: options.secrets,
    events: createEventBus((name, error) => logger.error(`a ${name} listener failed`, error)),
    logger,
    notifier: options.notifier ?? silentNotifier,
  };

  const tracking = trackingCapability(ctx, {
    cadence: config.cadence,
    pollIntervalMs: config.pollIntervalMs ?? 0,
    createClient: options.createCarrierClient,
    ledByHub: config.jobsLedByHub,
  });
  const sync = syncCapability(ctx, { shipstationBaseUrl: config.shipstationBaseUrl, tickMs: config.syncTickMs ?? 0 });
  const reconcile = reconcileCapability(ctx);
  const shipments = shipmentsCapability(ctx);
  const reports = reportsCapability(ctx, { printer: options.reportPrinter, scheduleTickMs: config.reportScheduleTickMs ?? 0 });
  const exports = exportsCapability(ctx, reports.service.service);
  const exceptions = exceptionsCapability(ctx, { rulesTickMs: config.rulesTickMs ?? 0, ledByHub: config.jobsLedByHub });
  const updates = updatesCapability(ctx, config.version, dataDir, options.updates);
  // Pickup windows are judged on the poller's cadence: the running app polls, tests and the CLI call tick().
  const returns = returnsCapability(ctx, { recorder: reconcile.service.recorder, tickIntervalMs: config.pollIntervalMs ?? 0, ledByHub: config.jobsLedByHub });
  const capabilities: readonly Capability<unknown>[] = [
    auditCapability(),
    systemCapability(ctx, {
      version: config.version,
      allowDemo: config.allowDemo ?? true,
      // Connectivity is learned from carrier calls: offline when every carrier fails at the network level.
      isOnline: () => !tracking.service.poller.isOffline(),
      upstreamUnreachableSince: sync.service.unreachableSince,
    }),
    shipments,
    sync,
    tracking,
    updates,
    reconcile,
    returns,
    exceptions,
    reports,
    exports,
    hubCapability(ctx),
  ];
  const dispatchUntrusted = stampStationName(db, createDispatcher(combineHandlers(capabilities), logger));
  // Refuses a table with two owners: its writes, and their change records, belong to one place.
  tableOwners(capabilities);
  for (const capability of capabilities) capability.start?.();
  // A console left running for days would otherwise keep a change record per event until it restarts.
  const pruneTimer = config.changePruneIntervalMs ? setInterval(() => pruneChangesQuietly(db, logger), config.changePruneIntervalMs) : undefined;
  pruneTimer?.unref();

  return {
    dispatch: typedDispatch(dispatchUntrusted),
    dispatchUntrusted,
    events: ctx.events,
    capabilities,
    services: {
      db,
      shipments: shipments.service,
      tracking: tracking.service,
      updates: updates.service,
      reconcile: reconcile.service,
      sync: sync.service,
      exceptions: exceptions.service,
      returns: returns.service,
      reports: { ...reports.service, exports: exports.service },
    },
    close: () => {
      clearInterval(pruneTimer);
      for (const capability of [...capabilities].reverse()) capability.dispose?.();
      db.close();
    },
  };
}
