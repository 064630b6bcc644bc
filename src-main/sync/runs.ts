/**
 * The run lifecycle: one run at a time, in order. Each run's batches commit one transaction each (rows, rejects,
 * counts and cursor together), so a kill anywhere loses nothing and the next run repeats nothing it had committed.
 */
import { ApiError, type SyncProgress, type SyncRun, type SyncRunStatus } from '../../src-shared/api';
import type { Job, JobSpec, SyncContext } from './context';
import { FileProblem } from './files/read';
import { addCounts, announceChanged, startAnnouncing, writeRunBatch } from './import-writer';
import { UpstreamError } from './types';

export const describeRunError = (error: unknown): string =>
  error instanceof FileProblem || error instanceof UpstreamError ? error.message : `The run stopped on an unexpected error: ${(error as Error).message}`;

async function execute(ctx: SyncContext, job: Job): Promise<SyncRun> {
  const { state, events } = ctx;
  const progress: SyncProgress = {
    runId: job.runId,
    source: job.source,
    trigger: job.trigger,
    fileName: job.fileName,
    status: 'running',
    done: 0,
    total: null,
    error: null,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
  };
  state.running = { job, progress };
  startAnnouncing(ctx);
  events.emit('sync.progressed', { ...progress });
  const mapping = ctx.settings.mapping();
  let error: unknown = null;
  try {
    for await (const batch of job.batches(job.controller.signal)) {
      if (job.controller.signal.aborted) break;
      const counts = await writeRunBatch(ctx, job, batch, mapping);
      addCounts(progress, counts);
      if (batch.progress) Object.assign(progress, batch.progress);
      events.emit('sync.progressed', { ...progress });
      announceChanged(ctx, counts.inserted + counts.updated, false);
    }
  } catch (e) {
    error = e;
  }
  const cancelled = job.controller.signal.aborted;
  const status: Exclude<SyncRunStatus, 'running'> = cancelled ? 'cancelled' : error ? 'failed' : 'succeeded';
  const message = cancelled ? 'Cancelled before the end; the rows already stored are kept.' : error ? describeRunError(error) : null;
  if (error && !(error instanceof FileProblem) && !(error instanceof UpstreamError) && !cancelled) ctx.logger.error(`sync run ${job.runId} failed`, error);
  state.running = null;
  if (state.closed || !ctx.db.raw.open) return { ...progress, id: job.runId, status, error: message, startedAt: '', finishedAt: null };
  const run = ctx.store.finishRun(job.runId, status, message);
  if (progress.total !== null && status === 'succeeded') progress.done = progress.total;
  events.emit('sync.progressed', { ...progress, status, error: message });
  announceChanged(ctx, 0, true);
  job.settle?.(run, cancelled ? null : error);
  return run;
}

async function drain(ctx: SyncContext): Promise<void> {
  const { state } = ctx;
  if (state.draining) return;
  state.draining = true;
  try {
    while (state.queue.length > 0 && !state.closed) {
      const job = state.queue.shift() as Job;
      job.done(await execute(ctx, job));
    }
  } finally {
    state.draining = false;
  }
}

/** Opens the run at once (the caller gets its id) and runs it after those already queued. */
export function enqueue(ctx: SyncContext, spec: JobSpec): { runId: number; finished: Promise<SyncRun> } {
  if (ctx.state.closed) throw new ApiError('unavailable', 'The console is shutting down.');
  const runId = ctx.store.openRun(spec.source, spec.trigger, spec.fileName);
  let done!: (run: SyncRun) => void;
  const finished = new Promise<SyncRun>((resolve) => (done = resolve));
  ctx.state.queue.push({ ...spec, runId, controller: new AbortController(), done, finished });
  void drain(ctx).catch((error: unknown) => ctx.logger.error('sync queue failed', error));
  return { runId, finished };
}

export const isBusy = (ctx: SyncContext, source: string): boolean =>
  ctx.state.running?.job.source === source || ctx.state.queue.some((j) => j.source === source);

/** Runs of platform sources that are running or waiting, so a second "Sync now" shows the first one instead. */
export function activeRunIds(ctx: SyncContext, sourceId?: string): number[] {
  const { running, queue } = ctx.state;
  const jobs = [...(running ? [running.job] : []), ...queue];
  return jobs.filter((j) => ctx.sources.has(j.source) && (!sourceId || j.source === sourceId)).map((j) => j.runId);
}

export function whenFinished(ctx: SyncContext, runId: number): Promise<SyncRun | null> {
  const { running, queue } = ctx.state;
  const job = running?.job.runId === runId ? running.job : queue.find((j) => j.runId === runId);
  return job ? job.finished : Promise.resolve(ctx.store.run(runId));
}

export function cancelRun(ctx: SyncContext, runId: number): boolean {
  const { running, queue } = ctx.state;
  if (running?.job.runId === runId) {
    running.job.controller.abort();
    return true;
  }
  const index = queue.findIndex((j) => j.runId === runId);
  if (index === -1) return false;
  const [job] = queue.splice(index, 1);
  job.done(ctx.store.finishRun(job.runId, 'cancelled', 'Cancelled before it started.'));
  return true;
}

/** Stops the running run; runs still queued will not start, so they read as interrupted. */
export function closeRuns(ctx: SyncContext): void {
  const { state } = ctx;
  state.closed = true;
  state.running?.job.controller.abort();
  if (state.queue.length > 0) ctx.store.markInterrupted(state.queue.map((job) => job.runId));
}
