import { describe, expect, it } from 'vitest';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { FEDEX_STATUS_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = []): ParseContext => ({ httpStatus, requested });

const scan = (date: string, eventType: string, derivedStatusCode: string, eventDescription: string, extra: Record<string, unknown> = {}) => ({
  date,
  eventType,
  derivedStatusCode,
  eventDescription,
  exceptionCode: '',
  exceptionDescription: '',
  scanLocation: { city: 'RENO', stateOrProvinceCode: 'NV', postalCode: '89502', countryCode: 'US' },
  ...extra,
});

/** Written from the FedEx Track API v1 schema: a reused number with an older and a newer shipment. */
const reusedNumber = {
  transactionId: 't-1',
  output: {
    completeTrackResults: [
      {
        trackingNumber: '794600000001',
        trackResults: [
          {
            trackingNumberInfo: { trackingNumber: '794600000001', trackingNumberUniqueId: '111~794600000001~FX', carrierCode: 'FDXE' },
            latestStatusDetail: { code: 'DL', derivedCode: 'DL', description: 'Delivered' },
            dateAndTimes: [
              { type: 'ACTUAL_DELIVERY', dateTime: '2023-02-03T11:00:00-08:00' },
              { type: 'SHIP', dateTime: '2023-02-01T00:00:00-06:00' },
            ],
            scanEvents: [scan('2023-02-03T11:00:00-08:00', 'DL', 'DL', 'Delivered'), scan('2023-02-01T09:00:00-08:00', 'PU', 'PU', 'Picked up')],
          },
          {
            trackingNumberInfo: { trackingNumber: '794600000001', trackingNumberUniqueId: '222~794600000001~FX', carrierCode: 'FDXE' },
            latestStatusDetail: { code: 'DE', derivedCode: 'DE', description: 'Delivery exception' },
            dateAndTimes: [{ type: 'SHIP', dateTime: '2024-06-10T00:00:00-06:00' }],
            standardTransitTimeWindow: { window: { ends: '2024-06-11T10:30:00-07:00' } },
            estimatedDeliveryTimeWindow: { window: { begins: '2024-06-12T08:00:00', ends: '2024-06-12T00:00:00-06:00' } },
            scanEvents: [
              scan('2024-06-11T10:40:00-07:00', 'DE', 'DE', 'Delivery exception', {
                exceptionCode: '08',
                exceptionDescription: 'Customer not available or business closed',
              }),
              scan('2024-06-11T08:00:00-07:00', 'OD', 'IT', 'On FedEx vehicle for delivery'),
              scan('2024-06-10T18:00:00-07:00', 'AE', 'IT', 'Shipment arriving early'),
              scan('2024-06-10T17:00:00-07:00', 'PU', 'PU', 'Picked up'),
              scan('2024-06-10T12:00:00-05:00', 'OC', 'IN', 'Shipment information sent to FedEx', { scanLocation: {} }),
            ],
          },
        ],
      },
    ],
  },
};

describe('FedEx status table', () => {
  it.each(tableCases(FEDEX_STATUS_TABLE))('%s', (_label, row) => {
    expect(lookup(FEDEX_STATUS_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('FedEx mapper', () => {
  it('keeps both shipments of a reused number, most recent (latest SHIP date) first', () => {
    const { results, errors } = parseTracking(reusedNumber, ctx(200, ['794600000001']));
    expect(errors).toEqual([]);
    expect(results.map((r) => [r.shipmentKey, r.status, r.substatus])).toEqual([
      ['222~794600000001~FX', 'exception', 'attempt_failed'],
      ['111~794600000001~FX', 'delivered', null],
    ]);
    expect(results[1].deliveredAt).toBe('2023-02-03T19:00:00Z');
  });

  it('normalizes events: oldest first, UTC instants across offsets, informational AE, reason from the exception text', () => {
    const current = parseTracking(reusedNumber, ctx()).results[0];
    expect(current.events.map((e) => [e.occurredAt, e.localTime, e.code, e.status, e.substatus])).toEqual([
      ['2024-06-10T17:00:00Z', '2024-06-10T12:00:00', 'OC', 'created', 'label_created'],
      ['2024-06-11T00:00:00Z', '2024-06-10T17:00:00', 'PU', 'in_transit', 'accepted'],
      ['2024-06-11T01:00:00Z', '2024-06-10T18:00:00', 'AE', null, null],
      ['2024-06-11T15:00:00Z', '2024-06-11T08:00:00', 'OD', 'out_for_delivery', null],
      ['2024-06-11T17:40:00Z', '2024-06-11T10:40:00', 'DE', 'exception', 'attempt_failed'],
    ]);
    expect(current.events[0].location).toBeNull();
    expect(current.events[4].description).toBe('Delivery exception — Customer not available or business closed (08)');
  });

  it('expected delivery: standard window is the original, the estimate window (date-only midnight) the current', () => {
    const current = parseTracking(reusedNumber, ctx()).results[0];
    expect([current.originalExpectedAt, current.currentExpectedAt]).toEqual(['2024-06-11T17:30:00Z', '2024-06-12']);
  });

  it('uses trackingNumberInfo and keeps the request key when they differ; an error object beside data is ignored', () => {
    const body = {
      output: {
        completeTrackResults: [
          {
            trackingNumber: '700000000001',
            trackResults: [
              {
                trackingNumberInfo: { trackingNumber: '700000000099', trackingNumberUniqueId: '' },
                error: { code: 'TRACKING.TRACKINGNUMBER.EMPTY', message: 'Please provide tracking number.' },
                latestStatusDetail: { code: 'IT', derivedCode: 'IT' },
                dateAndTimes: [{ type: 'ACTUAL_DELIVERY', dateTime: '1999-01-01T00:00:00' }],
                scanEvents: [scan('2024-01-05T10:00:00-05:00', 'IT', 'IT', 'On the way')],
              },
            ],
          },
        ],
      },
    };
    const { results, errors } = parseTracking(body, ctx());
    expect(errors).toEqual([]);
    expect(results[0]).toMatchObject({
      trackingNumber: '700000000099',
      requestedNumber: '700000000001',
      shipmentKey: null,
      status: 'in_transit',
      deliveredAt: null,
    });
  });

  it('ignores an ACTUAL_DELIVERY placeholder that precedes the first event', () => {
    const body = {
      output: {
        completeTrackResults: [
          {
            trackingNumber: '700000000002',
            trackResults: [
              {
                trackingNumberInfo: { trackingNumber: '700000000002' },
                latestStatusDetail: { code: 'DL', derivedCode: 'DL' },
                dateAndTimes: [{ type: 'ACTUAL_DELIVERY', dateTime: '2007-09-27T00:00:00Z' }],
                scanEvents: [scan('2024-01-05T10:00:00-05:00', 'PU', 'PU', 'Picked up')],
              },
            ],
          },
        ],
      },
    };
    expect(parseTracking(body, ctx()).results[0]).toMatchObject({ status: 'delivered', deliveredAt: null });
  });

  it('a per-number NOTFOUND is a not_found error while the rest of the batch still parses (HTTP 200)', () => {
    const body = {
      output: {
        completeTrackResults: [
          ...reusedNumber.output.completeTrackResults,
          {
            trackingNumber: '123',
            trackResults: [
              {
                trackingNumberInfo: { trackingNumber: '123', trackingNumberUniqueId: '', carrierCode: '' },
                error: { code: 'TRACKING.TRACKINGNUMBER.NOTFOUND', message: 'Tracking number cannot be found.' },
              },
            ],
          },
        ],
      },
    };
    const { results, errors } = parseTracking(body, ctx());
    expect(results).toHaveLength(2);
    expect(errors).toEqual([
      { trackingNumber: '123', kind: 'not_found', code: 'TRACKING.TRACKINGNUMBER.NOTFOUND', message: 'Tracking number cannot be found.' },
    ]);
  });

  it('one unreadable entry does not fail the others', () => {
    const body = { output: { completeTrackResults: [{ trackResults: [{ scanEvents: [{}] }] }, ...reusedNumber.output.completeTrackResults] } };
    const { results, errors } = parseTracking(body, ctx());
    expect(results).toHaveLength(2);
    expect(errors).toEqual([expect.objectContaining({ kind: 'bad_payload', code: 'no_tracking_number' })]);
  });

  it('a stray no-offset midnight keeps the local time and no instant', () => {
    const body = {
      output: {
        completeTrackResults: [
          {
            trackingNumber: '5',
            trackResults: [{ trackingNumberInfo: { trackingNumber: '5' }, scanEvents: [scan('2024-08-15T00:00:00', 'PU', 'PU', 'Picked up')] }],
          },
        ],
      },
    };
    expect(parseTracking(body, ctx()).results[0].events[0]).toMatchObject({ occurredAt: null, localTime: '2024-08-15T00:00:00', status: 'in_transit' });
  });

  it.each([
    ['empty number', 400, { errors: [{ code: 'TRACKING.TRACKINGNUMBER.EMPTY', message: 'Please provide tracking number.' }] }, 'invalid_number'],
    ['bad credentials', 401, { errors: [{ code: 'NOT.AUTHORIZED.ERROR', message: 'Access token expired.' }] }, 'auth'],
    ['quota', 429, { errors: [{ code: 'TOO.MANY.REQUESTS.ERROR', message: 'We have received too many requests.' }] }, 'rate_limited'],
    ['server trouble', 503, { errors: [{ code: 'SERVICE.UNAVAILABLE.ERROR', message: 'The service is currently unavailable.' }] }, 'transient'],
    ['no output at all', 200, { transactionId: 'x' }, 'bad_payload'],
  ])('request-level error: %s', (_name, httpStatus, body, kind) => {
    const { results, errors } = parseTracking(body, ctx(httpStatus, ['794600000001']));
    expect(results).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ kind, trackingNumber: '794600000001' })]);
  });

  it.each([[null], [42], [{ output: { completeTrackResults: 'x' } }], [{ output: { completeTrackResults: [{ trackResults: [null, 'x'] }] } }]])(
    'never throws on %j',
    (body) => {
      expect(() => parseTracking(body, ctx())).not.toThrow();
    },
  );
});
