/** How a list of numbers becomes requests, and whose failure an unattributed error is. */
import type { FailureKind, TrackingFailure } from './types';

const PER_NUMBER_KINDS: ReadonlySet<FailureKind> = new Set(['not_found', 'invalid_number']);

/** Distinct numbers in request-sized groups, first-seen order kept. */
export function batches(numbers: readonly string[], size: number): string[][] {
  const distinct = [...new Set(numbers)];
  const out: string[][] = [];
  for (let i = 0; i < distinct.length; i += size) out.push(distinct.slice(i, i + size));
  return out;
}

/**
 * Pins an unattributed "not found" or "invalid number" on the one number its request carried. Everything
 * else unattributed (5xx, timeout, unreadable body, auth, rate limit) is the carrier's failure, whatever
 * the request carried: the poller counts it and backs the carrier off, and no parcel counts as answered.
 */
export function attribute(error: TrackingFailure, numbers: readonly string[]): TrackingFailure {
  if (error.trackingNumber !== null || numbers.length !== 1) return error;
  return PER_NUMBER_KINDS.has(error.kind) ? { ...error, trackingNumber: numbers[0] } : error;
}
