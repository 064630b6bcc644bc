import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, type ImportPreset, type SyncCounts, type SyncProgress, type SyncRun, type SyncRunStatus, type SyncSourceState, type SyncStatus, type SyncTrigger } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import { writeWhenStoreFree } from '../db/transaction';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { createDropFolderWatch, moveAside, PROCESSED_DIR, REJECTED_DIR } from './drop-folder';
import { sniffFile } from './files/decode';
import { PRESETS } from './files/presets';
import { FileProblem, readFileRows } from './files/read';
import { afterRun, type RunOutcome, type SourceSchedule } from './schedule';
import { createSyncSettings } from './settings';
import { createSyncStore, type OpenReject } from './store';
import { createZoneClock, type ZoneClock } from './times';
import { UpstreamError, type CandidateRow, type Reject, type RowRules, type ShipmentInput, type SourceBatch, type UpstreamSource } from './types';
import { toShipment } from './validate';

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
type RunBatch = Omit<SourceBatch, 'rows'> & { rows: RunRow[]; rules?: RowRules };

interface Job {
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
}

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Other capabilities re-read the whole store on `shipments.changed`; a long run announces rarely, progress events keep screens moving. */
const CHANGED_EVENT_EVERY_MS = 15_000;
/** Rows per write transaction: a scan waiting on an import waits for one slice (~20 ms), not a whole read batch. */
const WRITE_SLICE_ROWS = 1000;

const realSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

const secretKey = (source: string, field: string) => `sync.${source}.${field}`;

/**
 * Brings shipments from upstream platforms and files into the store. One run at a time, in order:
 * each run's batches commit one transaction each (rows, rejects, counts and cursor together), so a kill
 * anywhere loses nothing and the next run repeats nothing it had committed.
 */
export function createSyncService(options: SyncServiceOptions) {
  const { db, clock, events, logger } = options;
  const store = createSyncStore(db, clock);
  const settings = createSyncSettings(db);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const iso = (ms: number) => new Date(ms).toISOString();
  const sources = new Map(options.sources.map((s) => [s.id, s]));
  const schedules = new Map<string, SourceSchedule>();
  const uploads = new Map<string, { path: string; bytes: number }>();
  const dropWatch = createDropFolderWatch();
  const zones = new Map<string, ZoneClock>();
  const queue: Job[] = [];
  let running: { job: Job; progress: SyncProgress } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let lastChangedEvent = 0;
  let changedSinceEvent = 0;

  store.markInterrupted();

  const zoneClock = (zone: string) => {
    let z = zones.get(zone);
    if (!z) zones.set(zone, (z = createZoneClock(zone)));
    return z;
  };
  const schedule = (id: string): SourceSchedule => schedules.get(id) ?? { nextDueAt: clock.now(), failures: 0, unreachableSince: null, problem: null };

  const uploadDir = () => {
    const dir = join(options.dataDir ?? tmpdir(), 'imports');
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  function announceChanged(count: number, force: boolean) {
    changedSinceEvent += count;
    const now = clock.now();
    if (changedSinceEvent > 0 && (force || now - lastChangedEvent >= CHANGED_EVENT_EVERY_MS)) {
      events.emit('shipments.changed', { reason: 'sync', count: changedSinceEvent });
      changedSinceEvent = 0;
      lastChangedEvent = now;
    }
  }

  async function execute(job: Job): Promise<SyncRun> {
    const progress: SyncProgress = { runId: job.runId, source: job.source, trigger: job.trigger, fileName: job.fileName, status: 'running', done: 0, total: null, error: null, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
    running = { job, progress };
    // The first announcement waits a full interval: short runs announce once, at their end.
    lastChangedEvent = clock.now();
    events.emit('sync.progressed', { ...progress });
    const mapping = settings.mapping();
    let error: unknown = null;
    try {
      for await (const batch of job.batches(job.controller.signal)) {
        if (job.controller.signal.aborted) break;
        const rules = batch.rules ?? job.rules;
        const shipments: ShipmentInput[] = [];
        const rejects: Reject[] = [];
        const resolves: number[] = [];
        for (const row of batch.rows) {
          const result = toShipment(row, rules, mapping, clock.now());
          if (result.ok) {
            shipments.push(result.shipment);
            if (row.rejectId !== undefined) resolves.push(row.rejectId);
          } else if (row.rejectId === undefined) rejects.push(result.reject);
        }
        const counts: SyncCounts = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
        const slices = Math.max(1, Math.ceil(shipments.length / WRITE_SLICE_ROWS));
        for (let i = 0; i < slices; i++) {
          const last = i === slices - 1;
          // The cursor, rejects and order values commit with the batch's last rows, so a kill never skips a page.
          const written = await writeWhenStoreFree(() => store.writeBatch({
            runId: job.runId,
            source: job.source,
            shipments: shipments.slice(i * WRITE_SLICE_ROWS, (i + 1) * WRITE_SLICE_ROWS),
            rejects: last ? rejects : [],
            orderValues: last ? batch.orderValues : undefined,
            cursor: last ? batch.cursor : undefined,
            resolvesRejectIds: last ? resolves : [],
            rules: { zone: rules.zone?.zone ?? null, stripServicePrefix: rules.stripServicePrefix },
          }));
          for (const k of ['inserted', 'updated', 'unchanged', 'rejected'] as const) counts[k] += written[k];
          // Let a scan waiting in this process, or another process's writer, take the lock between slices.
          if (!last) await new Promise((resolve) => setImmediate(resolve));
        }
        for (const k of ['inserted', 'updated', 'unchanged', 'rejected'] as const) progress[k] += counts[k];
        if (batch.progress) Object.assign(progress, batch.progress);
        events.emit('sync.progressed', { ...progress });
        announceChanged(counts.inserted + counts.updated, false);
      }
    } catch (e) {
      error = e;
    }
    const cancelled = job.controller.signal.aborted;
    const status: Exclude<SyncRunStatus, 'running'> = cancelled ? 'cancelled' : error ? 'failed' : 'succeeded';
    const message = cancelled ? 'Cancelled before the end; the rows already stored are kept.' : error ? describe(error) : null;
    if (error && !(error instanceof FileProblem) && !(error instanceof UpstreamError) && !cancelled) logger.error(`sync run ${job.runId} failed`, error);
    running = null;
    if (closed || !db.raw.open) return { ...progress, id: job.runId, status, error: message, startedAt: '', finishedAt: null };
    const run = store.finishRun(job.runId, status, message);
    if (progress.total !== null && status === 'succeeded') progress.done = progress.total;
    events.emit('sync.progressed', { ...progress, status, error: message });
    announceChanged(0, true);
    job.settle?.(run, cancelled ? null : error);
    return run;
  }

  const describe = (error: unknown): string =>
    error instanceof FileProblem || error instanceof UpstreamError ? error.message : `The run stopped on an unexpected error: ${(error as Error).message}`;

  let draining = false;
  async function drain() {
    if (draining) return;
    draining = true;
    try {
      while (queue.length > 0 && !closed) {
        const job = queue.shift() as Job;
        job.done(await execute(job));
      }
    } finally {
      draining = false;
    }
  }

  /** Opens the run at once (the caller gets its id) and runs it after those already queued. */
  function enqueue(spec: Omit<Job, 'runId' | 'controller' | 'done'>): { runId: number; finished: Promise<SyncRun> } {
    if (closed) throw new ApiError('unavailable', 'The console is shutting down.');
    const runId = store.openRun(spec.source, spec.trigger, spec.fileName);
    let done!: (run: SyncRun) => void;
    const finished = new Promise<SyncRun>((resolve) => (done = resolve));
    queue.push({ ...spec, runId, controller: new AbortController(), done });
    void drain().catch((error: unknown) => logger.error('sync queue failed', error));
    return { runId, finished };
  }

  function fileJob(path: string, name: string, preset: ImportPreset, trigger: SyncTrigger, settle?: Job['settle']) {
    const spec = PRESETS[preset];
    const zoneName = settings.get().timeZone;
    const rules: RowRules = { source: spec.source, zone: spec.localTimes ? zoneClock(zoneName) : null, stripServicePrefix: spec.stripServicePrefix };
    return enqueue({
      source: spec.source,
      trigger,
      fileName: name,
      rules,
      async *batches(signal) {
        const sniffed = await sniffFile(path);
        // Spreadsheet date cells have no zone, whatever the preset: they are read in the configured one.
        const fileRules = sniffed.kind === 'xlsx' ? { ...rules, zone: zoneClock(zoneName) } : rules;
        for await (const batch of readFileRows(path, spec, sniffed, signal)) yield { ...batch, rules: fileRules };
      },
      settle,
    });
  }

  async function sourceSecrets(source: UpstreamSource): Promise<Record<string, string> | null> {
    const values: Record<string, string> = {};
    for (const field of source.credentialFields) {
      const value = await options.secrets.get(secretKey(source.id, field));
      if (!value) return null;
      values[field] = value;
    }
    return values;
  }

  function outcomeOf(error: unknown, cancelled: boolean): RunOutcome {
    if (cancelled) return { kind: 'cancelled' };
    if (!error) return { kind: 'ok' };
    if (error instanceof UpstreamError && error.kind !== 'unreachable') return { kind: 'needs_person', message: error.message };
    return { kind: 'unreachable', message: describe(error) };
  }

  async function sourceJob(source: UpstreamSource, trigger: SyncTrigger) {
    const secrets = (await sourceSecrets(source)) ?? {};
    const config = settings.get().sources[source.id] ?? { enabled: false, backfillDays: 30 };
    return enqueue({
      source: source.id,
      trigger,
      fileName: null,
      rules: { ...source.rules, source: source.id },
      batches: (signal) =>
        source.pull({
          cursor: store.cursor(source.id),
          settings: { backfillDays: config.backfillDays },
          secrets,
          fetch: options.fetch,
          clock,
          sleep,
          signal,
          knownOrderValues: (numbers) => store.knownOrderValues(source.id, numbers),
        }),
      settle(run, error) {
        const interval = settings.get().intervalMinutes * 60_000;
        const before = schedule(source.id);
        const after = afterRun(before, outcomeOf(error, run.status === 'cancelled'), clock.now(), interval, random);
        schedules.set(source.id, after);
        if ((before.unreachableSince === null) !== (after.unreachableSince === null)) events.emit('system.statusChanged', { online: after.unreachableSince === null });
      },
    });
  }

  const isBusy = (source: string) => running?.job.source === source || queue.some((j) => j.source === source);

  async function importDropFolder(settled: boolean): Promise<Promise<SyncRun>[]> {
    const s = settings.get();
    if (!s.dropFolder) return [];
    const folder = s.dropFolder;
    return dropWatch.ready(folder, settled).map((file) => {
      dropWatch.forget(file.path);
      return fileJob(file.path, file.name, s.dropFolderPreset, 'drop_folder', (run) => {
        // A file nothing could be read from (or that the operator stopped) goes to rejected/, so it is not taken again; one with some bad rows was still imported.
        const unreadable = run.status !== 'succeeded' || (run.inserted + run.updated + run.unchanged === 0 && run.rejected > 0);
        try {
          if (existsSync(file.path)) moveAside(file.path, folder, unreadable ? REJECTED_DIR : PROCESSED_DIR, run.startedAt);
        } catch (error) {
          logger.warn(`could not move ${file.name} out of the drop folder`, error);
        }
      }).finished;
    });
  }

  /** Re-reads open "unknown carrier" rejects of newly mapped codes with their original rules. */
  function replay(open: Map<string, OpenReject[]>): number[] {
    const runIds: number[] = [];
    for (const [source, rejects] of open) {
      const { runId } = enqueue({
        source,
        trigger: 'remap',
        fileName: null,
        rules: { source, zone: null, stripServicePrefix: false },
        async *batches() {
          for (let i = 0; i < rejects.length; i += 2000) {
            const rows = rejects.slice(i, i + 2000);
            const byRules = new Map<string, RunBatch>();
            for (const r of rows) {
              const key = `${r.rules.zone}|${r.rules.stripServicePrefix}`;
              let batch = byRules.get(key);
              if (!batch) {
                batch = { rows: [], rules: { source, zone: r.rules.zone ? zoneClock(r.rules.zone) : null, stripServicePrefix: r.rules.stripServicePrefix } };
                byRules.set(key, batch);
              }
              batch.rows.push({ rowNumber: r.rowNumber, raw: () => r.raw, fields: r.fields, rejectId: r.id });
            }
            yield* byRules.values();
          }
        },
      });
      runIds.push(runId);
    }
    return runIds;
  }

  function sourceState(source: UpstreamSource, hasCredentials: boolean): SyncSourceState {
    const config = settings.get().sources[source.id] ?? { enabled: false, backfillDays: 30 };
    const s = schedule(source.id);
    return {
      id: source.id,
      label: source.label,
      enabled: config.enabled,
      backfillDays: config.backfillDays,
      credentialFields: [...source.credentialFields],
      hasCredentials,
      lastSucceededAt: store.runs(20, source.id).find((r) => r.status === 'succeeded')?.finishedAt ?? null,
      unreachableSince: s.unreachableSince === null ? null : iso(s.unreachableSince),
      problem: s.problem,
      nextRunAt: config.enabled && s.nextDueAt !== null && settings.get().intervalMinutes > 0 ? iso(Math.max(s.nextDueAt, clock.now())) : null,
    };
  }

  async function sourceStates(): Promise<SyncSourceState[]> {
    const states: SyncSourceState[] = [];
    for (const source of sources.values()) states.push(sourceState(source, (await sourceSecrets(source)) !== null));
    return states;
  }

  const unreachableSince = (): string | null => {
    const times = [...schedules.values()].map((s) => s.unreachableSince).filter((t): t is number => t !== null);
    return times.length ? iso(Math.min(...times)) : null;
  };

  return {
    store,
    settings,

    /** Imports a file already on this machine (CLI, drop folder, finished upload). */
    importFile(path: string, name: string, preset: ImportPreset, trigger: SyncTrigger) {
      return fileJob(path, name, preset, trigger);
    },

    /** One part of a file the operator picked or dropped; the last part starts its import. */
    receiveUpload(part: { name: string; preset: ImportPreset; uploadId?: string; data: string; done: boolean }): { uploadId: string; runId: number | null } {
      const uploadId = part.uploadId ?? randomBytes(16).toString('hex');
      let upload = uploads.get(uploadId);
      if (!upload) {
        if (part.uploadId) throw new ApiError('not_found', 'This upload is unknown or has already been imported; pick the file again.');
        upload = { path: join(uploadDir(), `${uploadId}.upload`), bytes: 0 };
        uploads.set(uploadId, upload);
      }
      const bytes = Buffer.from(part.data, 'base64');
      upload.bytes += bytes.length;
      if (upload.bytes > MAX_UPLOAD_BYTES) {
        uploads.delete(uploadId);
        rmSync(upload.path, { force: true });
        throw new ApiError('invalid_argument', 'The file is larger than 512 MB; split it or drop it in the watched folder.');
      }
      appendFileSync(upload.path, bytes);
      if (!part.done) return { uploadId, runId: null };
      uploads.delete(uploadId);
      const path = upload.path;
      if (!existsSync(path)) appendFileSync(path, Buffer.alloc(0));
      const { runId, finished } = fileJob(path, part.name, part.preset, 'upload');
      void finished.finally(() => rmSync(path, { force: true }));
      return { uploadId, runId };
    },

    /** "Sync now": every enabled platform (or one), now, whatever the schedule says. */
    async runNow(sourceId: string | undefined, trigger: SyncTrigger = 'manual'): Promise<{ runId: number; finished: Promise<SyncRun> }[]> {
      const wanted = sourceId ? [sources.get(sourceId)] : [...sources.values()].filter((s) => settings.get().sources[s.id]?.enabled);
      if (sourceId && !wanted[0]) throw new ApiError('not_found', `No sync source called ${sourceId}.`);
      const jobs = [];
      for (const source of wanted as UpstreamSource[]) {
        if (isBusy(source.id)) continue;
        if (!(await sourceSecrets(source))) throw new ApiError('invalid_argument', `${source.label} needs its credentials first (Sync settings).`);
        jobs.push(await sourceJob(source, trigger));
      }
      return jobs;
    },

    /** `waybill sync --once`: every configured platform, then every file waiting in the drop folder. */
    async runAllOnce(trigger: SyncTrigger): Promise<SyncRun[]> {
      const pending: Promise<SyncRun>[] = [];
      for (const source of sources.values()) {
        if (settings.get().sources[source.id]?.enabled && (await sourceSecrets(source))) pending.push((await sourceJob(source, trigger)).finished);
      }
      pending.push(...(await importDropFolder(false)));
      return Promise.all(pending);
    },

    /** Runs of platform sources that are running or waiting, so a second "Sync now" shows the first one instead. */
    activeRunIds(sourceId?: string): number[] {
      const jobs = [...(running ? [running.job] : []), ...queue];
      return jobs.filter((j) => sources.has(j.source) && (!sourceId || j.source === sourceId)).map((j) => j.runId);
    },

    cancel(runId: number): boolean {
      if (running?.job.runId === runId) {
        running.job.controller.abort();
        return true;
      }
      const index = queue.findIndex((j) => j.runId === runId);
      if (index === -1) return false;
      const [job] = queue.splice(index, 1);
      job.done(store.finishRun(job.runId, 'cancelled', 'Cancelled before it started.'));
      return true;
    },

    /** One look at the clock: due platforms are queued, settled drop-folder files imported. */
    async tick(): Promise<void> {
      if (closed) return;
      const s = settings.get();
      const now = clock.now();
      for (const source of sources.values()) {
        const st = schedule(source.id);
        const due = st.problem === null && st.nextDueAt !== null && now >= st.nextDueAt && (s.intervalMinutes > 0 || st.failures > 0);
        if (!s.sources[source.id]?.enabled || !due || isBusy(source.id) || !(await sourceSecrets(source))) continue;
        await sourceJob(source, 'schedule');
      }
      await importDropFolder(true);
    },

    /** Starts looking every `tickMs` of real time; due times themselves come from the injected clock. */
    start(tickMs: number): void {
      if (tickMs <= 0 || timer) return;
      timer = setInterval(() => void this.tick().catch((e) => logger.error('sync tick failed', e)), tickMs);
      timer.unref();
    },

    async status(): Promise<SyncStatus> {
      const lastRun = store.runs(5).find((r) => r.status !== 'running') ?? null;
      return { running: running ? { ...running.progress } : null, queued: queue.length, lastRun, unreachableSince: unreachableSince(), sources: await sourceStates() };
    },

    sourceStates,
    unreachableSince,

    async setCredentials(sourceId: string, credentials: Record<string, string> | null): Promise<void> {
      const source = sources.get(sourceId);
      if (!source) throw new ApiError('not_found', `No sync source called ${sourceId}.`);
      for (const field of source.credentialFields) {
        const value = credentials?.[field];
        if (credentials && !value) throw new ApiError('invalid_argument', `${source.label} needs ${source.credentialFields.join(' and ')}.`);
        if (value) await options.secrets.set(secretKey(sourceId, field), value);
        else await options.secrets.delete(secretKey(sourceId, field));
      }
      // New credentials deserve a fresh try now rather than after the old failure's wait.
      schedules.set(sourceId, { ...schedule(sourceId), problem: null, nextDueAt: clock.now() });
    },

    knownSource: (id: string) => sources.has(id),

    replayForCodes(codes: string[]): number[] {
      return replay(store.openRejectsForCodes(codes));
    },

    /** Stops the timer and the running run; runs still queued here will not start, so they read as interrupted. */
    close(): void {
      closed = true;
      if (timer) clearInterval(timer);
      running?.job.controller.abort();
      if (queue.length > 0) store.markInterrupted(queue.map((job) => job.runId));
      for (const upload of uploads.values()) rmSync(upload.path, { force: true });
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;

