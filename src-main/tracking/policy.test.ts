import { describe, expect, it } from 'vitest';
import { backoffMs, BREAKER_COOLDOWN_MS, circuitAfter, newBucket, refill } from './policy';

describe('token bucket', () => {
  it.each([
    ['empty bucket, 30 s later: half a minute of quota', 0, 30_000, 50],
    ['empty bucket, 5 min later: capped at capacity', 0, 300_000, 100],
    ['partly used, 6 s later', 40, 6_000, 50],
    ['clock went backwards: no refill', 10, -5_000, 10],
  ])('%s', (_name, tokens, elapsed, expected) => {
    const bucket = { ...newBucket(100, 0), tokens };
    expect(refill(bucket, elapsed).tokens).toBeCloseTo(expected);
  });
});

describe('backoff', () => {
  it.each([
    [1, 0, 15_000],
    [1, 1, 30_000],
    [3, 1, 120_000],
    [20, 1, 30 * 60_000],
  ])('failure %i with jitter %f waits %i ms', (failures, roll, expected) => {
    expect(backoffMs(failures, () => roll)).toBe(expected);
  });
});

describe('circuit breaker', () => {
  it.each([
    ['few failures: closed', 4, 0, 1_000, 'closed'],
    ['five failures: open', 5, 0, 1_000, 'open'],
    ['cool-down over: half open', 5, 0, BREAKER_COOLDOWN_MS, 'half_open'],
  ] as const)('%s', (_name, failures, openedAt, now, expected) => {
    expect(circuitAfter(failures, openedAt, now)).toBe(expected);
  });
});
