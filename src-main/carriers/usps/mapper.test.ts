import { describe, expect, it } from 'vitest';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { USPS_CATEGORY_TABLE, USPS_EVENT_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = ['9205590100000000000001']): ParseContext => ({ httpStatus, requested });

const event = (eventCode: string, eventType: string, eventTimestamp: string, GMTTimestamp: string | null, city: string | null) => ({
  eventType,
  eventTimestamp,
  GMTTimestamp,
  GMTOffset: '-06:00',
  eventCountry: null,
  eventCity: city,
  eventState: city ? 'TX' : null,
  eventZIP: city ? '75001' : null,
  authorizedAgent: 'false',
  eventCode,
});

/** Written from the USPS Tracking v3 schema: newest event first, local eventTimestamp plus GMTTimestamp. */
const attempted = {
  trackingNumber: '9205590100000000000001',
  statusCategory: 'Delivery Attempt',
  status: 'Notice Left (No Authorized Recipient Available)',
  statusSummary: 'We attempted to deliver your item at 2:10 pm on March 5, 2024 in ADDISON, TX 75001 and a notice was left.',
  emailEnabled: 'true',
  expectedDeliveryTimeStamp: '2024-03-05T00:00:00',
  trackingEvents: [
    event('02', 'Notice Left (No Authorized Recipient Available)', '2024-03-05T14:10:00', '2024-03-05T20:10:12Z', 'ADDISON'),
    event('OF', 'Out for Delivery', '2024-03-05T08:02:00', '2024-03-05T14:02:30Z', 'ADDISON'),
    event('TL', 'In Transit to Next Facility', '2024-03-04T03:00:00', null, null),
    event('GX', 'Shipping Label Created, USPS Awaiting Item', '2024-03-01T10:00:00', '2024-03-01T16:00:05Z', 'DALLAS'),
  ],
};

describe('USPS event table', () => {
  it.each(tableCases(USPS_EVENT_TABLE))('%s', (_label, row) => {
    expect(lookup(USPS_EVENT_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('USPS statusCategory table', () => {
  it.each(tableCases(USPS_CATEGORY_TABLE))('%s', (_label, row) => {
    expect(lookup(USPS_CATEGORY_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('USPS mapper', () => {
  it('status from statusCategory; instants from GMTTimestamp, falling back to GMTOffset', () => {
    const { results, errors } = parseTracking(attempted, ctx());
    expect(errors).toEqual([]);
    const [result] = results;
    expect(result).toMatchObject({
      trackingNumber: '9205590100000000000001',
      requestedNumber: null,
      carrier: 'usps',
      status: 'exception',
      substatus: 'attempt_failed',
      deliveredAt: null,
      originalExpectedAt: '2024-03-05',
      currentExpectedAt: '2024-03-05',
    });
    expect(result.events.map((e) => [e.occurredAt, e.localTime, e.code, e.status, e.substatus, e.location])).toEqual([
      ['2024-03-01T16:00:05Z', '2024-03-01T10:00:00', 'GX', 'created', 'label_created', 'DALLAS, TX 75001'],
      ['2024-03-04T09:00:00Z', '2024-03-04T03:00:00', 'TL', 'in_transit', null, null],
      ['2024-03-05T14:02:30Z', '2024-03-05T08:02:00', 'OF', 'out_for_delivery', null, 'ADDISON, TX 75001'],
      ['2024-03-05T20:10:12Z', '2024-03-05T14:10:00', '02', 'exception', 'attempt_failed', 'ADDISON, TX 75001'],
    ]);
  });

  it('a delivered parcel takes its substatus from the delivery event and its time from GMTTimestamp', () => {
    const body = {
      ...attempted,
      statusCategory: 'Delivered',
      status: 'Delivered, Front Door/Porch',
      trackingEvents: [event('01', 'Delivered, Front Door/Porch', '2024-03-06T11:00:00', '2024-03-06T17:00:41Z', 'ADDISON'), ...attempted.trackingEvents],
    };
    expect(parseTracking(body, ctx()).results[0]).toMatchObject({ status: 'delivered', substatus: 'safe_place', deliveredAt: '2024-03-06T17:00:41Z' });
  });

  it('"Delivered, To Original Sender" is a return back with us', () => {
    const body = { ...attempted, statusCategory: 'Delivered', status: 'Delivered, To Original Sender', trackingEvents: [] };
    expect(parseTracking(body, ctx()).results[0].status).toBe('returned');
  });

  it('an unknown category defers to the newest event', () => {
    const body = { ...attempted, statusCategory: 'Something New' };
    expect(parseTracking(body, ctx()).results[0]).toMatchObject({ status: 'exception', substatus: 'attempt_failed' });
  });

  it('keeps the requested number when the response names another', () => {
    expect(parseTracking(attempted, ctx(200, ['420750019205590100000000000001'])).results[0].requestedNumber).toBe('420750019205590100000000000001');
  });

  it('reads the array a batch request returns', () => {
    const { results } = parseTracking([attempted, { ...attempted, trackingNumber: '9205590100000000000002' }], ctx(200, ['a', 'b']));
    expect(results.map((r) => r.trackingNumber)).toEqual(['9205590100000000000001', '9205590100000000000002']);
  });

  it.each([
    ['v3 error envelope, 404', 404, { apiVersion: 'v3', error: { code: '404', message: 'Resource not found', errors: [] } }, 'not_found', '404'],
    [
      'v3 error envelope, 400',
      400,
      { apiVersion: 'v3', error: { code: '400', message: 'Bad request', errors: [{ detail: 'Invalid tracking number' }] } },
      'invalid_number',
      '400',
    ],
    ['placeholders at 200', 200, { apiVersion: 'string', error: { code: 'string', message: 'string', errors: [{ code: 'string' }] } }, 'bad_payload', 'string'],
    ['OAuth invalid_client', 401, { error: 'invalid_client', error_description: 'Client authentication failed.' }, 'auth', 'invalid_client'],
    ['OAuth invalid_client with no HTTP status', 200, { error: 'invalid_client' }, 'auth', 'invalid_client'],
    ['quota', 429, { apiVersion: 'v3', error: { code: '429', message: 'Too Many Requests' } }, 'rate_limited', '429'],
    ['nothing recognisable', 200, { hello: 1 }, 'bad_payload', 'unexpected_shape'],
  ])('%s', (_name, httpStatus, body, kind, code) => {
    expect(parseTracking(body, ctx(httpStatus))).toEqual({
      results: [],
      errors: [expect.objectContaining({ kind, code, trackingNumber: '9205590100000000000001' })],
    });
  });

  it.each([[null], ['x'], [{ trackingNumber: '1', trackingEvents: [null, 3, { eventTimestamp: 'string', GMTTimestamp: 'string' }] }]])(
    'never throws on %j',
    (body) => {
      expect(() => parseTracking(body, ctx())).not.toThrow();
    },
  );
});
