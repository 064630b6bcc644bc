import { existsSync } from 'node:fs';
import type { SyncRun } from '../../src-shared/api';
import { scheduleOf, sourceSecrets, type SyncContext } from './context';
import { moveAside, PROCESSED_DIR, REJECTED_DIR } from './drop-folder';
import { fileJob, sourceJob } from './jobs';
import { isBusy } from './runs';

/** Queues every settled file of the drop folder; each goes to processed/ or rejected/ when its run ends. */
export async function importDropFolder(ctx: SyncContext, settled: boolean): Promise<Promise<SyncRun>[]> {
  const s = ctx.settings.get();
  if (!s.dropFolder) return [];
  const folder = s.dropFolder;
  return ctx.state.dropWatch.ready(folder, settled).map((file) => {
    ctx.state.dropWatch.forget(file.path);
    return fileJob(ctx, file.path, file.name, s.dropFolderPreset, 'drop_folder', (run) => {
      // A file nothing could be read from (or that the operator stopped) goes to rejected/, so it is not taken again; one with some bad rows was still imported.
      const unreadable = run.status !== 'succeeded' || (run.inserted + run.updated + run.unchanged === 0 && run.rejected > 0);
      try {
        if (existsSync(file.path)) moveAside(file.path, folder, unreadable ? REJECTED_DIR : PROCESSED_DIR, run.startedAt);
      } catch (error) {
        ctx.logger.warn(`could not move ${file.name} out of the drop folder`, error);
      }
    }).finished;
  });
}

/** One look at the clock: due platforms are queued, settled drop-folder files imported; returns when each queued run will have finished. */
export async function tick(ctx: SyncContext): Promise<Promise<SyncRun>[]> {
  if (ctx.state.closed) return [];
  const started: Promise<SyncRun>[] = [];
  const s = ctx.settings.get();
  const now = ctx.clock.now();
  for (const source of ctx.sources.values()) {
    const st = scheduleOf(ctx, source.id);
    const due = st.problem === null && st.nextDueAt !== null && now >= st.nextDueAt && (s.intervalMinutes > 0 || st.failures > 0);
    if (!s.sources[source.id]?.enabled || !due || isBusy(ctx, source.id) || !(await sourceSecrets(ctx, source))) continue;
    started.push((await sourceJob(ctx, source, 'schedule')).finished);
  }
  started.push(...(await importDropFolder(ctx, true)));
  return started;
}

/** Looks every `tickMs` of real time; due times themselves come from the injected clock. */
export function startTicking(ctx: SyncContext, tickMs: number, onTick: () => Promise<unknown>): void {
  if (tickMs <= 0 || ctx.state.timer) return;
  ctx.state.timer = setInterval(() => void onTick().catch((e) => ctx.logger.error('sync tick failed', e)), tickMs);
  ctx.state.timer.unref();
}

export function stopTicking(ctx: SyncContext): void {
  if (ctx.state.timer) clearInterval(ctx.state.timer);
}
