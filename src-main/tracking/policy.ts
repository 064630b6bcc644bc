/** Pure rules for talking to a carrier politely: quota, backoff, circuit breaker. Times are ms since epoch. */

export interface TokenBucket {
  capacity: number;
  perMinute: number;
  tokens: number;
  updatedAt: number;
}

export const newBucket = (perMinute: number, now: number): TokenBucket => ({ capacity: perMinute, perMinute, tokens: perMinute, updatedAt: now });

export function refill(bucket: TokenBucket, now: number): TokenBucket {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  const tokens = Math.min(bucket.capacity, bucket.tokens + (elapsed / 60_000) * bucket.perMinute);
  return { ...bucket, tokens, updatedAt: now };
}

/** Exponential backoff with full jitter, capped; `random` is injected so tests are deterministic. */
export function backoffMs(failures: number, random: () => number, baseMs = 30_000, capMs = 30 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export const BREAKER_THRESHOLD = 5;
export const BREAKER_COOLDOWN_MS = 10 * 60_000;

/** Opens after a run of failures; after the cool-down one probe call decides whether it closes again. */
export function circuitAfter(failures: number, openedAt: number | null, now: number): CircuitState {
  if (failures < BREAKER_THRESHOLD || openedAt === null) return 'closed';
  return now - openedAt >= BREAKER_COOLDOWN_MS ? 'half_open' : 'open';
}
