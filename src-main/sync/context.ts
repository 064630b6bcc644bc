import type { SyncProgress, SyncRun, SyncTrigger } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { createDropFolderWatch } from './drop-folder';
import type { SourceSchedule } from './schedule';
import { createSyncSettings, type SyncSettingsStore } from './settings';
import { createSyncStore, type SyncStore } from './store';
import { createZoneClock, type ZoneClock } from './times';
import type { CandidateRow, RowRules, SourceBatch, UpstreamSource } from './types';

export interface SyncServiceOptions {
  db: Db;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  secrets: SecretStore;
  events: EventBus;
  logger: Logger;
  /** Uploaded files wait here until imported; a temp folder when the core has no data folder. */
  dataDir: string | null;
  sources: readonly UpstreamSource[];
  /** Waits in rate-limit windows and back-offs; tests pass one that moves a fake clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Rows from a stored reject carry its id, so a replay can mark it resolved in the same transaction. */
type RunRow = CandidateRow & { rejectId?: number };
export type RunBatch = Omit<SourceBatch, 'rows'> & { rows: RunRow[]; rules?: RowRules };

export interface Job {
  runId: number;
  source: string;
  trigger: SyncTrigger;
  fileName: string | null;
  controller: AbortController;
  rules: RowRules;
  batches(signal: AbortSignal): AsyncIterable<RunBatch>;
  /** What the run's outcome means for the scheduler or the drop folder. */
  settle?(run: SyncRun, error: unknown): void;
  done: (run: SyncRun) => void;
  finished: Promise<SyncRun>;
}
export type JobSpec = Omit<Job, 'runId' | 'controller' | 'done' | 'finished'>;

/** Everything the sync service remembers between calls, in one object the parts share instead of loose closure variables. */
interface SyncState {
  /** Runs opened and waiting their turn, in order. */
  queue: Job[];
  running: { job: Job; progress: SyncProgress } | null;
  /** True while one drain loop works through the queue, so a second never starts. */
  draining: boolean;
  closed: boolean;
  timer: NodeJS.Timeout | null;
  /** `shipments.changed` is throttled: when it last went out and the rows written since. */
  changed: { lastEventAt: number; sinceEvent: number };
  /** Per platform source: when it is due, its failures and whether it is unreachable. */
  schedules: Map<string, SourceSchedule>;
  /** Uploads whose last part has not arrived yet. */
  uploads: Map<string, { path: string; bytes: number }>;
  zones: Map<string, ZoneClock>;
  dropWatch: ReturnType<typeof createDropFolderWatch>;
}

/** What every part of the sync service works with: its options, store, settings and the one state object. */
export interface SyncContext {
  options: SyncServiceOptions;
  db: Db;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  store: SyncStore;
  settings: SyncSettingsStore;
  sources: Map<string, UpstreamSource>;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  state: SyncState;
}

const realSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export function createSyncContext(options: SyncServiceOptions): SyncContext {
  const { db, clock, events, logger } = options;
  return {
    options,
    db,
    clock,
    events,
    logger,
    store: createSyncStore(db, clock),
    settings: createSyncSettings(db),
    sources: new Map(options.sources.map((s) => [s.id, s])),
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    state: {
      queue: [],
      running: null,
      draining: false,
      closed: false,
      timer: null,
      changed: { lastEventAt: 0, sinceEvent: 0 },
      schedules: new Map(),
      uploads: new Map(),
      zones: new Map(),
      dropWatch: createDropFolderWatch(),
    },
  };
}

/** Intl formatters are costly to build; one clock per zone serves every row of every run. */
export function zoneClock(ctx: SyncContext, zone: string): ZoneClock {
  let z = ctx.state.zones.get(zone);
  if (!z) ctx.state.zones.set(zone, (z = createZoneClock(zone)));
  return z;
}

/** A source never run yet is due now. */
export const scheduleOf = (ctx: SyncContext, id: string): SourceSchedule =>
  ctx.state.schedules.get(id) ?? { nextDueAt: ctx.clock.now(), failures: 0, unreachableSince: null, problem: null };

export const secretKey = (source: string, field: string) => `sync.${source}.${field}`;

/** A source's credentials, or null while any is missing. */
export async function sourceSecrets(ctx: SyncContext, source: UpstreamSource): Promise<Record<string, string> | null> {
  const values: Record<string, string> = {};
  for (const field of source.credentialFields) {
    const value = await ctx.options.secrets.get(secretKey(source.id, field));
    if (!value) return null;
    values[field] = value;
  }
  return values;
}
