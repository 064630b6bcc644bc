import type { SyncSourceState, SyncStatus } from '../../src-shared/api';
import { scheduleOf, sourceSecrets, type SyncContext } from './context';
import type { UpstreamSource } from './types';

const iso = (ms: number) => new Date(ms).toISOString();

function sourceState(ctx: SyncContext, source: UpstreamSource, hasCredentials: boolean): SyncSourceState {
  const settings = ctx.settings.get();
  const config = settings.sources[source.id] ?? { enabled: false, backfillDays: 30 };
  const s = scheduleOf(ctx, source.id);
  return {
    id: source.id,
    label: source.label,
    enabled: config.enabled,
    backfillDays: config.backfillDays,
    credentialFields: [...source.credentialFields],
    hasCredentials,
    lastSucceededAt: ctx.store.runs(20, source.id).find((r) => r.status === 'succeeded')?.finishedAt ?? null,
    unreachableSince: s.unreachableSince === null ? null : iso(s.unreachableSince),
    problem: s.problem,
    nextRunAt: config.enabled && s.nextDueAt !== null && settings.intervalMinutes > 0 ? iso(Math.max(s.nextDueAt, ctx.clock.now())) : null,
  };
}

export async function sourceStates(ctx: SyncContext): Promise<SyncSourceState[]> {
  const states: SyncSourceState[] = [];
  for (const source of ctx.sources.values()) states.push(sourceState(ctx, source, (await sourceSecrets(ctx, source)) !== null));
  return states;
}

/** Since when the earliest unreachable platform has been so; null when every one answers. */
export function unreachableSince(ctx: SyncContext): string | null {
  const times = [...ctx.state.schedules.values()].map((s) => s.unreachableSince).filter((t): t is number => t !== null);
  return times.length ? iso(Math.min(...times)) : null;
}

export async function syncStatus(ctx: SyncContext): Promise<SyncStatus> {
  const { running, queue } = ctx.state;
  const lastRun = ctx.store.runs(5).find((r) => r.status !== 'running') ?? null;
  return {
    running: running ? { ...running.progress } : null,
    queued: queue.length,
    lastRun,
    unreachableSince: unreachableSince(ctx),
    sources: await sourceStates(ctx),
  };
}
