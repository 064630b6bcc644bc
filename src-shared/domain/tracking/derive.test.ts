import { describe, expect, it } from 'vitest';
import { applyIncomingStatus, compareAge, deriveTracking, normalizeSubstatus, orderEvents, type StatusPoint } from './derive';
import type { NormalizedEvent, TrackingStatus } from './status';

function ev(status: TrackingStatus | null, occurredAt: string | null, localTime: string | null = null, substatus: string | null = null): NormalizedEvent {
  return { occurredAt, localTime, code: status ?? 'INFO', description: '', location: null, status, substatus };
}

const point = (status: TrackingStatus, occurredAt: string | null, localTime: string | null = null): StatusPoint => ({
  status,
  substatus: null,
  occurredAt,
  localTime,
});

describe('orderEvents', () => {
  it('reverses a newest-first carrier and sorts by instant', () => {
    const events = [ev('delivered', '2024-01-03T10:00:00Z'), ev('in_transit', '2024-01-02T10:00:00Z'), ev('created', '2024-01-01T10:00:00Z')];
    expect(orderEvents(events, 'newest_first').map((e) => e.status)).toEqual(['created', 'in_transit', 'delivered']);
  });

  it('sorts an out-of-order oldest-first carrier by instant', () => {
    const events = [ev('created', '2024-01-01T10:00:00Z'), ev('delivered', '2024-01-03T10:00:00Z'), ev('in_transit', '2024-01-02T10:00:00Z')];
    expect(orderEvents(events, 'oldest_first').map((e) => e.status)).toEqual(['created', 'in_transit', 'delivered']);
  });

  it('keeps carrier order (read oldest first) for ties', () => {
    const events = [ev('delivered', '2024-01-03T10:00:00Z'), ev(null, '2024-01-03T10:00:00Z'), ev('created', '2024-01-01T10:00:00Z')];
    expect(orderEvents(events, 'newest_first').map((e) => e.status)).toEqual(['created', null, 'delivered']);
  });

  it('trusts the carrier sequence when any time is local-only', () => {
    // Local wall times from different zones must not be compared.
    const events = [ev('delivered', null, '2024-01-03T01:00:00'), ev('in_transit', null, '2024-01-03T05:00:00')];
    expect(orderEvents(events, 'newest_first').map((e) => e.status)).toEqual(['in_transit', 'delivered']);
  });

  it('does not mutate its input', () => {
    const events = [ev('delivered', '2024-01-03T10:00:00Z'), ev('created', '2024-01-01T10:00:00Z')];
    orderEvents(events, 'newest_first');
    expect(events[0].status).toBe('delivered');
  });
});

describe('compareAge', () => {
  it.each([
    [point('in_transit', '2024-01-02T00:00:00Z'), point('delivered', '2024-01-01T00:00:00Z'), 1],
    [point('in_transit', '2024-01-01T00:00:00Z'), point('delivered', '2024-01-02T00:00:00Z'), -1],
    [point('in_transit', '2024-01-01T00:00:00Z'), point('delivered', '2024-01-01T00:00:00Z'), 0],
    [point('in_transit', null, '2024-01-01T10:00:00'), point('delivered', null, '2024-01-01T10:00:00'), 0],
    [point('in_transit', null, '2024-01-02T10:00:00'), point('delivered', null, '2024-01-01T10:00:00'), null],
    [point('in_transit', '2024-01-02T00:00:00Z'), point('delivered', null, '2024-01-01T10:00:00'), null],
  ])('%#', (a, b, expected) => {
    const result = compareAge(a, b);
    expect(result === null ? null : Math.sign(result)).toBe(expected);
  });
});

describe('applyIncomingStatus', () => {
  const delivered = point('delivered', '2024-01-02T12:00:00Z');
  it.each([
    ['first status is taken', null, point('in_transit', '2024-01-01T00:00:00Z'), false, 'in_transit'],
    ['terminal ignores an older event', delivered, point('in_transit', '2024-01-01T00:00:00Z'), false, 'delivered'],
    ['terminal ignores a same-age event', delivered, point('exception', '2024-01-02T12:00:00Z'), true, 'delivered'],
    ['terminal yields to a newer event', delivered, point('return_initiated', '2024-01-03T00:00:00Z'), false, 'return_initiated'],
    ['terminal ignores an incomparable event of unknown sequence', delivered, point('in_transit', null, '2024-01-05T00:00:00'), false, 'delivered'],
    ['terminal yields to a later event in a known sequence', delivered, point('in_transit', null, '2024-01-05T00:00:00'), true, 'in_transit'],
    ['cancelled is terminal too', point('cancelled', '2024-01-02T00:00:00Z'), point('created', '2024-01-01T00:00:00Z'), false, 'cancelled'],
    ['returned is terminal too', point('returned', '2024-01-02T00:00:00Z'), point('in_transit', '2024-01-02T00:00:00Z'), false, 'returned'],
    [
      'non-terminal takes a newer event',
      point('in_transit', '2024-01-01T00:00:00Z'),
      point('out_for_delivery', '2024-01-02T00:00:00Z'),
      false,
      'out_for_delivery',
    ],
    [
      'non-terminal keeps against an older event',
      point('out_for_delivery', '2024-01-02T00:00:00Z'),
      point('in_transit', '2024-01-01T00:00:00Z'),
      false,
      'out_for_delivery',
    ],
    [
      'non-terminal takes an incomparable event',
      point('in_transit', '2024-01-01T00:00:00Z'),
      point('exception', null, '2024-01-01T09:00:00'),
      false,
      'exception',
    ],
  ] as const)('%s', (_name, current, incoming, later, expected) => {
    expect(applyIncomingStatus(current, incoming, later).status).toBe(expected);
  });
});

describe('normalizeSubstatus', () => {
  it.each([
    ['exception', 'attempt_failed', 'attempt_failed'],
    ['exception', null, 'other'],
    ['exception', 'not_a_reason', 'other'],
    ['delivered', 'locker', 'locker'],
    ['in_transit', null, null],
  ] as const)('%s/%s → %s', (status, substatus, expected) => {
    expect(normalizeSubstatus(status, substatus)).toBe(expected);
  });
});

describe('deriveTracking', () => {
  const label = ev('created', '2024-01-01T08:00:00Z', null, 'label_created');
  const pickup = ev('in_transit', '2024-01-01T18:00:00Z', null, 'accepted');
  const hub = ev('in_transit', '2024-01-02T03:00:00Z', null, 'at_facility');
  const delivered = ev('delivered', '2024-01-03T15:00:00Z', null, 'locker');
  const signature = ev(null, '2024-01-03T15:05:00Z');

  it('prefers the authoritative status and takes the substatus of a matching latest event', () => {
    expect(deriveTracking([label, pickup, hub, delivered], { status: 'delivered', substatus: null })).toEqual({
      status: 'delivered',
      substatus: 'locker',
      firstScanAt: '2024-01-01T18:00:00Z',
      deliveredAt: '2024-01-03T15:00:00Z',
    });
  });

  it('falls back to the newest status-bearing event, skipping informational ones', () => {
    expect(deriveTracking([label, pickup, delivered, signature], null)).toMatchObject({ status: 'delivered', deliveredAt: '2024-01-03T15:00:00Z' });
  });

  it('authoritative status wins over events (DHL text says delivered, code says pre-transit)', () => {
    expect(deriveTracking([delivered], { status: 'created', substatus: null })).toMatchObject({
      status: 'created',
      substatus: null,
      deliveredAt: null,
    });
  });

  it('a later status-bearing event supersedes an earlier delivery (Canada Post re-attempt)', () => {
    const later = ev('out_for_delivery', '2024-01-04T08:00:00Z');
    expect(deriveTracking([pickup, delivered, signature, later], null)).toMatchObject({ status: 'out_for_delivery', deliveredAt: null });
  });

  it('an unknown event does not override a known status', () => {
    expect(deriveTracking([pickup, ev('unknown', '2024-01-02T00:00:00Z')], null).status).toBe('in_transit');
  });

  it('first scan ignores created and informational events', () => {
    expect(deriveTracking([label, signature, hub], null).firstScanAt).toBe('2024-01-02T03:00:00Z');
  });

  it('uses local wall times when no instant is known', () => {
    const upsLabel = ev('created', null, '2022-01-26T15:16:41');
    const upsDelivered = ev('delivered', null, '2022-01-26T16:30:00');
    expect(deriveTracking([upsLabel, upsDelivered], null)).toEqual({
      status: 'delivered',
      substatus: null,
      firstScanAt: '2022-01-26T16:30:00',
      deliveredAt: '2022-01-26T16:30:00',
    });
  });

  it('an exception without a known reason becomes other', () => {
    expect(deriveTracking([ev('exception', '2024-01-02T00:00:00Z')], null)).toMatchObject({ status: 'exception', substatus: 'other' });
  });

  it('no events and no authority is unknown', () => {
    expect(deriveTracking([], null)).toEqual({ status: 'unknown', substatus: null, firstScanAt: null, deliveredAt: null });
  });
});
