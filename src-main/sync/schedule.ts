const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 15 * 60_000;

/**
 * When to try an unreachable upstream again: 30 s, 1 min, 2 min... doubling, never later than the regular
 * interval (or 15 min), with ±20 % jitter so several consoles behind one outage do not retry in step.
 */
export function retryDelayMs(failures: number, intervalMs: number, random: () => number): number {
  const ceiling = intervalMs > 0 ? Math.min(intervalMs, MAX_RETRY_MS) : MAX_RETRY_MS;
  const base = Math.min(ceiling, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface SourceSchedule {
  nextDueAt: number | null;
  failures: number;
  unreachableSince: number | null;
  /** A failure a person must fix (refused credentials); the source waits until its settings change. */
  problem: string | null;
}

export type RunOutcome = { kind: 'ok' } | { kind: 'unreachable'; message: string } | { kind: 'needs_person'; message: string } | { kind: 'cancelled' };

/** The schedule after a run: pure, so every path is tested by table. */
export function afterRun(state: SourceSchedule, outcome: RunOutcome, now: number, intervalMs: number, random: () => number): SourceSchedule {
  switch (outcome.kind) {
    case 'ok':
      return { nextDueAt: intervalMs > 0 ? now + intervalMs : null, failures: 0, unreachableSince: null, problem: null };
    case 'unreachable': {
      const failures = state.failures + 1;
      return { nextDueAt: now + retryDelayMs(failures, intervalMs, random), failures, unreachableSince: state.unreachableSince ?? now, problem: null };
    }
    case 'needs_person':
      return { nextDueAt: null, failures: 0, unreachableSince: null, problem: outcome.message };
    case 'cancelled':
      return { ...state, nextDueAt: intervalMs > 0 ? now + intervalMs : state.nextDueAt };
  }
}
