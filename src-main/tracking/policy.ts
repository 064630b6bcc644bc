/** Pure rules for talking to a carrier politely: quota, backoff, circuit breaker. Times are ms since epoch. */

const MINUTE_MS = 60_000;

/** A quota as a sliding window: `requests` in any `spanMs`. */
export interface QuotaWindow {
  requests: number;
  spanMs: number;
}

/** q requests a minute holds in every 60 s; below one a minute (DHL's 0.17) it is one request per 60/q s. */
export function quotaWindow(perMinute: number): QuotaWindow {
  return perMinute >= 1 ? { requests: Math.floor(perMinute), spanMs: MINUTE_MS } : { requests: 1, spanMs: Math.ceil(MINUTE_MS / perMinute) };
}

/**
 * Requests that may go out now, and when the next one may when none can; `sentAt` holds the send times
 * still inside the window, oldest first. A request counts while now is less than its time plus the span.
 */
export function windowRoom(window: QuotaWindow, sentAt: readonly number[], now: number): { free: number; nextFreeAt: number } {
  const live = sentAt.filter((t) => t > now - window.spanMs);
  const free = Math.max(0, window.requests - live.length);
  return { free, nextFreeAt: free > 0 ? now : live[live.length - window.requests] + window.spanMs };
}

/** Exponential backoff with full jitter, capped; `random` is injected so tests are deterministic. */
export function backoffMs(failures: number, random: () => number, baseMs = 30_000, capMs = 30 * MINUTE_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export const BREAKER_THRESHOLD = 5;
/**
 * How long an open breaker waits before its one probe, every time: a carrier that is back is found within one
 * cool-down (a growing wait kept carriers that had recovered unasked for up to half an hour), at the cost of one
 * request per cool-down to a carrier that is still down.
 */
export const BREAKER_COOLDOWN_MS = 5 * MINUTE_MS;

/** Opens after a run of failures; after the cool-down one probe call decides whether it closes again. */
export function circuitAfter(failures: number, openedAt: number | null, now: number): CircuitState {
  if (failures < BREAKER_THRESHOLD || openedAt === null) return 'closed';
  return now - openedAt >= BREAKER_COOLDOWN_MS ? 'half_open' : 'open';
}

/** What every process polling a carrier account must honour: its failure run, breaker and pause. */
export interface CarrierStanding {
  failures: number;
  openedAt: number | null;
  pausedUntil: number;
}

/** How one poll of a carrier went: whether it answered any request, and the whole-request failure that stopped it. */
export interface PollResult {
  answered: boolean;
  failure: { kind: 'rate_limited' | 'quota_held' | 'failed'; retryAfterSeconds?: number } | null;
}

/**
 * An answered request ends a failure run; a failed one (5xx, timeout, unreadable body) lengthens it, backs the
 * carrier off, opens the breaker at the threshold and re-opens it for another cool-down when the half-open probe
 * fails. A rate limit,
 * or our own quota, pauses without counting as a failure. A Retry-After is honoured whichever way it came.
 */
export function standingAfter(before: CarrierStanding, result: PollResult, now: number, random: () => number): CarrierStanding {
  const base = result.answered ? { ...before, failures: 0, openedAt: null } : before;
  const failure = result.failure;
  if (failure === null) return base;
  const retryAfterMs = failure.retryAfterSeconds === undefined ? null : failure.retryAfterSeconds * 1000;
  if (failure.kind !== 'failed') {
    const waitMs = retryAfterMs ?? backoffMs(1, random);
    return { ...base, pausedUntil: Math.max(base.pausedUntil, now + waitMs) };
  }
  const failures = base.failures + 1;
  const open = failures >= BREAKER_THRESHOLD;
  const opens = open && (base.openedAt === null || failures > BREAKER_THRESHOLD);
  return {
    failures,
    openedAt: opens ? now : base.openedAt,
    pausedUntil: now + Math.max(open ? BREAKER_COOLDOWN_MS : backoffMs(failures, random), retryAfterMs ?? 0),
  };
}
