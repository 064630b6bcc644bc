import { describe, expect, it } from 'vitest';
import { eventKey, fnv1a64 } from './event-key';

describe('fnv1a64', () => {
  it.each([
    // Published FNV-1a 64 test vectors.
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('%j → %s', (input, expected) => {
    expect(fnv1a64(input)).toBe(expected);
  });

  it('hashes non-ASCII text by its UTF-8 bytes', () => {
    expect(fnv1a64('Colis accélérés')).toMatch(/^[0-9a-f]{16}$/);
    expect(fnv1a64('é')).not.toBe(fnv1a64('e'));
    expect(fnv1a64('📦')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('eventKey', () => {
  const base = { code: 'AR', occurredAt: '2024-04-26T14:50:00Z', localTime: '2024-04-26T07:50:00', location: 'CLOVIS, CA 93612, US' };

  it('uses the carrier event id when there is one', () => {
    expect(eventKey('easypost', '1', { ...base, carrierEventId: 'evt_42' })).toBe('id:evt_42');
  });

  it('is a stable short hash otherwise', () => {
    const key = eventKey('fedex', '776094337676', base);
    expect(key).toMatch(/^h:[0-9a-f]{16}$/);
    expect(eventKey('fedex', '776094337676', { ...base })).toBe(key);
  });

  it('ignores case and spacing differences between polls', () => {
    expect(eventKey('fedex', '776094337676', { ...base, location: ' clovis,  CA 93612, us ', code: 'ar' })).toBe(
      eventKey('fedex', '776094337676', base),
    );
  });

  it.each([
    ['carrier', { carrier: 'ups' }],
    ['tracking number', { trackingNumber: '1' }],
    ['code', { code: 'DP' }],
    ['instant', { occurredAt: '2024-04-26T14:51:00Z' }],
    ['location', { location: 'FRESNO, CA' }],
  ])('changes with the %s', (_field, change) => {
    const { carrier = 'fedex', trackingNumber = '776094337676', ...event } = { ...base, ...change } as typeof base & {
      carrier?: string;
      trackingNumber?: string;
    };
    expect(eventKey(carrier, trackingNumber, event)).not.toBe(eventKey('fedex', '776094337676', base));
  });

  it('falls back to the local time when no instant is known, and never to the description', () => {
    const local = { code: 'F4', occurredAt: null, localTime: '2022-01-26T16:30:00', location: null };
    expect(eventKey('ups', '1Z', local)).not.toBe(eventKey('ups', '1Z', { ...local, localTime: '2022-01-26T16:31:00' }));
    expect(eventKey('ups', '1Z', { ...local, description: 'DELIVERED' } as typeof local)).toBe(eventKey('ups', '1Z', local));
  });

  it('repeated same-text events at different times get different keys', () => {
    const transit = { code: 'TL', localTime: null, location: null };
    expect(eventKey('usps', '94', { ...transit, occurredAt: '2024-11-19T17:11:23Z' })).not.toBe(
      eventKey('usps', '94', { ...transit, occurredAt: '2024-11-19T23:07:58Z' }),
    );
  });
});
