import { describe, expect, it } from 'vitest';
import { eventKeys, fnv1a64 } from './event-key';

const eventKey = (carrier: string, trackingNumber: string, event: Parameters<typeof eventKeys>[2][number]) => eventKeys(carrier, trackingNumber, [event])[0];

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

  it('is FNV-1a 64 of the canonical fields joined by the unit separator', () => {
    const event = { code: 'dl', occurredAt: '2026-11-20T15:04:00Z', localTime: null, location: ' denver,  CO, US' };
    expect(eventKey('ups', '1Z999AA10123456784', event)).toBe(
      `h:${fnv1a64('UPS\u001f1Z999AA10123456784\u001fDL\u001f2026-11-20T15:04:00Z\u001fDENVER, CO, US')}`,
    );
  });

  // Keys already stored must keep matching after an upgrade, or the next poll would store every event again.
  it.each([
    ['ups', '1Z999AA10123456784', { code: 'DL', occurredAt: '2026-11-20T15:04:00Z', localTime: null, location: 'DENVER, CO, US' }, 'h:8d0e937f730b343c'],
    ['fedex', '776094337676', { code: 'ar', occurredAt: null, localTime: '2024-04-26T07:50:00', location: '  clovis,\tCA  93612 ' }, 'h:5afad728ea96c044'],
    ['dhl', 'JD014600003828', { code: 'PU', occurredAt: '2026-11-20T08:00:00+01:00', localTime: null, location: 'Köln, Deutschland' }, 'h:b90bc529caaf53db'],
    ['usps', '9400100000000000000000', { code: '', occurredAt: null, localTime: null, location: null }, 'h:0740e636b29464f8'],
  ])('keeps the key stored by earlier versions for %s %s', (carrier, trackingNumber, event, stored) => {
    expect(eventKey(carrier, trackingNumber, event)).toBe(stored);
  });

  it('keys a whole history at once, each event as if alone', () => {
    const history = [base, { ...base, code: 'DP' }, { ...base, carrierEventId: 'evt_9' }];
    expect(eventKeys('fedex', '776094337676', history)).toEqual(history.map((e) => eventKey('fedex', '776094337676', e)));
    expect(new Set(eventKeys('fedex', '776094337676', history)).size).toBe(3);
  });

  it('is a stable short hash otherwise', () => {
    const key = eventKey('fedex', '776094337676', base);
    expect(key).toMatch(/^h:[0-9a-f]{16}$/);
    expect(eventKey('fedex', '776094337676', { ...base })).toBe(key);
  });

  it('ignores case and spacing differences between polls', () => {
    expect(eventKey('fedex', '776094337676', { ...base, location: ' clovis,  CA 93612, us ', code: 'ar' })).toBe(eventKey('fedex', '776094337676', base));
  });

  it.each([
    ['carrier', { carrier: 'ups' }],
    ['tracking number', { trackingNumber: '1' }],
    ['code', { code: 'DP' }],
    ['instant', { occurredAt: '2024-04-26T14:51:00Z' }],
    ['location', { location: 'FRESNO, CA' }],
  ])('changes with the %s', (_field, change) => {
    const {
      carrier = 'fedex',
      trackingNumber = '776094337676',
      ...event
    } = { ...base, ...change } as typeof base & {
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
