import { describe, expect, it } from 'vitest';
import { backoffMs, BREAKER_COOLDOWN_MS, circuitAfter, quotaWindow, standingAfter, windowRoom, type CarrierStanding, type PollResult } from './policy';

describe('quota window', () => {
  it.each([
    ['whole quota', 100, { requests: 100, spanMs: 60_000 }],
    ['fractional quota rounds down', 2.5, { requests: 2, spanMs: 60_000 }],
    ["DHL's 0.17 a minute: one every 353 s", 0.17, { requests: 1, spanMs: 352_942 }],
  ])('%s', (_name, perMinute, expected) => {
    expect(quotaWindow(perMinute)).toEqual(expected);
  });

  it.each([
    ['nothing sent: all free', [], 0, { free: 3, nextFreeAt: 0 }],
    ['two sent: one free', [-10_000, -5_000], 0, { free: 1, nextFreeAt: 0 }],
    ['full: free when the oldest leaves the window', [-50_000, -20_000, -1_000], 0, { free: 0, nextFreeAt: 10_000 }],
    ['a send exactly one span ago no longer counts', [-60_000, -20_000, -1_000], 0, { free: 1, nextFreeAt: 0 }],
    ['over-full (another process): free when enough have left', [-55_000, -50_000, -20_000, -1_000], 0, { free: 0, nextFreeAt: 10_000 }],
  ])('%s', (_name, sentAt, now, expected) => {
    expect(windowRoom({ requests: 3, spanMs: 60_000 }, sentAt, now)).toEqual(expected);
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

describe('standing after a poll', () => {
  const fresh: CarrierStanding = { failures: 0, openedAt: null, pausedUntil: 0 };
  const failing: CarrierStanding = { failures: 4, openedAt: null, pausedUntil: 0 };
  const open: CarrierStanding = { failures: 5, openedAt: 1_000, pausedUntil: 0 };
  const failed = (retryAfterSeconds?: number): PollResult => ({ answered: false, failure: { kind: 'failed', retryAfterSeconds } });
  it.each<[string, CarrierStanding, PollResult, CarrierStanding]>([
    ['answered: unchanged when fresh', fresh, { answered: true, failure: null }, fresh],
    ['answered: a failure run ends', failing, { answered: true, failure: null }, fresh],
    ['a failed request counts and backs off', fresh, failed(), { failures: 1, openedAt: null, pausedUntil: 1_000_000 + 15_000 }],
    ['the fifth opens the breaker until the probe', failing, failed(), { failures: 5, openedAt: 1_000_000, pausedUntil: 1_000_000 + BREAKER_COOLDOWN_MS }],
    [
      'a failed probe re-opens it for one more cool-down, not longer',
      open,
      failed(),
      { failures: 6, openedAt: 1_000_000, pausedUntil: 1_000_000 + BREAKER_COOLDOWN_MS },
    ],
    ['an open breaker still honours a longer Retry-After', open, failed(900), { failures: 6, openedAt: 1_000_000, pausedUntil: 1_000_000 + 900_000 }],
    [
      'answered, then failed: a run of one',
      failing,
      { answered: true, failure: { kind: 'failed' } },
      { failures: 1, openedAt: null, pausedUntil: 1_000_000 + 15_000 },
    ],
    ['a 503 Retry-After longer than the backoff wins', fresh, failed(120), { failures: 1, openedAt: null, pausedUntil: 1_000_000 + 120_000 }],
    [
      'a 429 pauses for its Retry-After and is no failure',
      failing,
      { answered: false, failure: { kind: 'rate_limited', retryAfterSeconds: 90 } },
      { ...failing, pausedUntil: 1_090_000 },
    ],
    [
      'our own quota pauses until a slot frees',
      fresh,
      { answered: true, failure: { kind: 'quota_held', retryAfterSeconds: 7 } },
      { ...fresh, pausedUntil: 1_007_000 },
    ],
  ])('%s', (_name, before, result, expected) => {
    expect(standingAfter(before, result, 1_000_000, () => 0)).toEqual(expected);
  });
});
