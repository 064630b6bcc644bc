import { describe, expect, it } from 'vitest';
import { attribute, batches } from './batching';
import type { TrackingFailure } from './types';

describe('batches', () => {
  it.each([
    [[], 30, []],
    [['a', 'b', 'c'], 1, [['a'], ['b'], ['c']]],
    [['a', 'b', 'a', 'c', 'b'], 2, [['a', 'b'], ['c']]],
    [['a', 'b', 'c'], 10, [['a', 'b', 'c']]],
  ])('splits %j into groups of %i', (numbers, size, expected) => {
    expect(batches(numbers, size)).toEqual(expected);
  });
});

describe('attribute', () => {
  const unpinned = (kind: TrackingFailure['kind']): TrackingFailure => ({ trackingNumber: null, kind, code: kind, message: kind });

  it.each([
    ['not_found', ['A'], 'A'],
    ['invalid_number', ['A'], 'A'],
    ['not_found', ['A', 'B'], null],
    ['transient', ['A'], null],
    ['auth', ['A'], null],
    ['rate_limited', ['A'], null],
    ['bad_payload', ['A'], null],
  ] as const)('%s for a request of %j lands on %s', (kind, numbers, expected) => {
    expect(attribute(unpinned(kind), numbers).trackingNumber).toBe(expected);
  });

  it('keeps a number the carrier already named', () => {
    expect(attribute({ ...unpinned('not_found'), trackingNumber: 'B' }, ['A']).trackingNumber).toBe('B');
  });
});
