import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, type ImportPreset, type SyncRun, type SyncTrigger } from '../../src-shared/api';
import { createSyncContext, scheduleOf, secretKey, sourceSecrets, type SyncContext, type SyncServiceOptions } from './context';
import { fileJob, replayJobs, sourceJob } from './jobs';
import { activeRunIds, cancelRun, closeRuns, isBusy, whenFinished } from './runs';
import { sourceStates, syncStatus, unreachableSince } from './status';
import { importDropFolder, startTicking, stopTicking, tick } from './ticking';
import type { UpstreamSource } from './types';

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const uploadDir = (ctx: SyncContext) => {
  const dir = join(ctx.options.dataDir ?? tmpdir(), 'imports');
  mkdirSync(dir, { recursive: true });
  return dir;
};

/**
 * Brings shipments from upstream platforms and files into the store. The parts share one context and its one
 * state object: `runs` (lifecycle, one run at a time), `import-writer` (rows into the store), `jobs` (what a run
 * reads), `ticking` (schedule and drop folder) and `status`.
 */
export function createSyncService(options: SyncServiceOptions) {
  const ctx = createSyncContext(options);
  const { store, settings, sources, state, clock } = ctx;

  store.markInterrupted();

  return {
    store,
    settings,

    /** Imports a file already on this machine (CLI, drop folder, finished upload). */
    importFile(path: string, name: string, preset: ImportPreset, trigger: SyncTrigger) {
      return fileJob(ctx, path, name, preset, trigger);
    },

    /** One part of a file the operator picked or dropped; the last part starts its import. */
    receiveUpload(part: { name: string; preset: ImportPreset; uploadId?: string; data: string; done: boolean }): { uploadId: string; runId: number | null } {
      const uploadId = part.uploadId ?? randomBytes(16).toString('hex');
      let upload = state.uploads.get(uploadId);
      if (!upload) {
        if (part.uploadId) throw new ApiError('not_found', 'This upload is unknown or has already been imported; pick the file again.');
        upload = { path: join(uploadDir(ctx), `${uploadId}.upload`), bytes: 0 };
        state.uploads.set(uploadId, upload);
      }
      const bytes = Buffer.from(part.data, 'base64');
      upload.bytes += bytes.length;
      if (upload.bytes > MAX_UPLOAD_BYTES) {
        state.uploads.delete(uploadId);
        rmSync(upload.path, { force: true });
        throw new ApiError('invalid_argument', 'The file is larger than 512 MB; split it or drop it in the watched folder.');
      }
      appendFileSync(upload.path, bytes);
      if (!part.done) return { uploadId, runId: null };
      state.uploads.delete(uploadId);
      const path = upload.path;
      if (!existsSync(path)) appendFileSync(path, Buffer.alloc(0));
      const { runId, finished } = fileJob(ctx, path, part.name, part.preset, 'upload');
      void finished.finally(() => rmSync(path, { force: true }));
      return { uploadId, runId };
    },

    /** "Sync now": every enabled platform (or one), now, whatever the schedule says. */
    async runNow(sourceId: string | undefined, trigger: SyncTrigger = 'manual'): Promise<{ runId: number; finished: Promise<SyncRun> }[]> {
      const wanted = sourceId ? [sources.get(sourceId)] : [...sources.values()].filter((s) => settings.get().sources[s.id]?.enabled);
      if (sourceId && !wanted[0]) throw new ApiError('not_found', `No sync source called ${sourceId}.`);
      const jobs = [];
      for (const source of wanted as UpstreamSource[]) {
        if (isBusy(ctx, source.id)) continue;
        if (!(await sourceSecrets(ctx, source))) throw new ApiError('invalid_argument', `${source.label} needs its credentials first (Sync settings).`);
        jobs.push(await sourceJob(ctx, source, trigger));
      }
      return jobs;
    },

    /** `waybill sync --once`: every configured platform, then every file waiting in the drop folder. */
    async runAllOnce(trigger: SyncTrigger): Promise<SyncRun[]> {
      const pending: Promise<SyncRun>[] = [];
      for (const source of sources.values()) {
        if (settings.get().sources[source.id]?.enabled && (await sourceSecrets(ctx, source))) pending.push((await sourceJob(ctx, source, trigger)).finished);
      }
      pending.push(...(await importDropFolder(ctx, false)));
      return Promise.all(pending);
    },

    activeRunIds: (sourceId?: string): number[] => activeRunIds(ctx, sourceId),

    cancel: (runId: number): boolean => cancelRun(ctx, runId),

    /** One look at the clock: due platforms are queued, settled drop-folder files imported; resolves to each queued run's `finished`. */
    tick: (): Promise<Promise<SyncRun>[]> => tick(ctx),

    /** The run once it has finished: at once for a run already over, null for an id never opened. */
    whenFinished: (runId: number): Promise<SyncRun | null> => whenFinished(ctx, runId),

    /** Starts looking every `tickMs` of real time; due times themselves come from the injected clock. */
    start(tickMs: number): void {
      startTicking(ctx, tickMs, () => this.tick());
    },

    status: () => syncStatus(ctx),

    sourceStates: () => sourceStates(ctx),
    unreachableSince: () => unreachableSince(ctx),

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
      state.schedules.set(sourceId, { ...scheduleOf(ctx, sourceId), problem: null, nextDueAt: clock.now() });
    },

    knownSource: (id: string) => sources.has(id),

    replayForCodes(codes: string[]): number[] {
      return replayJobs(ctx, store.openRejectsForCodes(codes));
    },

    /** Stops the timer and the running run; runs still queued here will not start, so they read as interrupted. */
    close(): void {
      stopTicking(ctx);
      closeRuns(ctx);
      for (const upload of state.uploads.values()) rmSync(upload.path, { force: true });
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;
