import { describe, expect, it } from 'vitest';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { UPS_STATUS_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = ['1Z999AA10123456784']): ParseContext => ({ httpStatus, requested });

/** Written from UPS's Track API v1 schema: newest activity first, local date/time, optional GMT fields. */
const inTransitWithGmt = {
  trackResponse: {
    shipment: [
      {
        inquiryNumber: '1Z999AA10123456784',
        package: [
          {
            trackingNumber: '1Z999AA10123456784',
            currentStatus: { type: 'X', code: 'NA', statusCode: '013', description: 'Exception' },
            deliveryDate: [
              { type: 'SDD', date: '20240312' },
              { type: 'RDD', date: '20240313' },
            ],
            activity: [
              {
                location: { address: { city: 'ATLANTA', stateProvince: 'GA', postalCode: '30301', countryCode: 'US' } },
                status: { type: 'X', code: '48', statusCode: '013', description: 'THE RECEIVER WAS NOT AVAILABLE FOR DELIVERY. ' },
                date: '20240312',
                time: '143000',
                gmtDate: '20240312',
                gmtTime: '18:30:00',
                gmtOffset: '-04:00',
              },
              {
                location: { address: { city: 'ATLANTA', stateProvince: 'GA', countryCode: 'US' } },
                status: { type: 'I', code: 'OT', statusCode: '021', description: 'Out For Delivery Today' },
                date: '20240312',
                time: '081500',
                gmtOffset: '-04:00',
              },
              {
                location: { address: { city: 'MEMPHIS', stateProvince: 'TN', countryCode: 'US' } },
                status: { type: 'I', code: 'OR', statusCode: '038', description: 'Pickup Scan ' },
                date: '20240310',
                time: '190200',
              },
            ],
          },
        ],
      },
    ],
  },
};

describe('UPS status table', () => {
  it.each(tableCases(UPS_STATUS_TABLE))('%s', (_label, row) => {
    expect(lookup(UPS_STATUS_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('UPS mapper', () => {
  it('maps a package: events oldest first, instants from GMT fields, status from currentStatus', () => {
    const { results, errors } = parseTracking(inTransitWithGmt, ctx());
    expect(errors).toEqual([]);
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result).toMatchObject({
      trackingNumber: '1Z999AA10123456784',
      requestedNumber: null,
      carrier: 'ups',
      status: 'exception',
      substatus: 'attempt_failed',
      deliveredAt: null,
      originalExpectedAt: '2024-03-12',
      currentExpectedAt: '2024-03-13',
      shipmentKey: null,
    });
    expect(result.events).toEqual([
      {
        occurredAt: null,
        localTime: '2024-03-10T19:02:00',
        code: 'OR',
        description: 'Pickup Scan',
        location: 'MEMPHIS, TN, US',
        status: 'in_transit',
        substatus: 'accepted',
      },
      {
        occurredAt: '2024-03-12T12:15:00Z',
        localTime: '2024-03-12T08:15:00',
        code: 'OT',
        description: 'Out For Delivery Today',
        location: 'ATLANTA, GA, US',
        status: 'out_for_delivery',
        substatus: null,
      },
      {
        occurredAt: '2024-03-12T18:30:00Z',
        localTime: '2024-03-12T14:30:00',
        code: '48',
        description: 'THE RECEIVER WAS NOT AVAILABLE FOR DELIVERY.',
        location: 'ATLANTA, GA 30301, US',
        status: 'exception',
        substatus: 'attempt_failed',
      },
    ]);
  });

  it('without currentStatus the newest activity decides; local-only times give a local delivery time', () => {
    const body = {
      trackResponse: {
        shipment: [
          {
            inquiryNumber: '1Z999AA10123456784',
            package: [
              {
                trackingNumber: '1Z999AA10123456784',
                deliveryDate: [{ type: 'DEL', date: '20240314' }],
                deliveryTime: { type: 'DEL', endTime: '101500' },
                activity: [
                  { status: { type: 'D', code: 'FS', statusCode: '011', description: 'DELIVERED ' }, date: '20240314', time: '101500' },
                  { status: { type: 'M', code: 'MP', statusCode: '003', description: 'Shipper created a label' }, date: '20240311', time: '090000' },
                ],
              },
            ],
          },
        ],
      },
    };
    const [result] = parseTracking(body, ctx()).results;
    expect(result).toMatchObject({ status: 'delivered', deliveredAt: '2024-03-14T10:15:00' });
    expect(result.events.map((e) => [e.status, e.occurredAt])).toEqual([
      ['created', null],
      ['delivered', null],
    ]);
  });

  it('takes the delivery time from deliveryDate/deliveryTime when the activity list has no delivered scan', () => {
    const body = {
      trackResponse: {
        shipment: [
          {
            package: [
              {
                trackingNumber: '1Z999AA10123456785',
                currentStatus: { type: 'D', statusCode: '011', description: 'Delivered' },
                deliveryDate: [{ type: 'DEL', date: '20240314' }],
                deliveryTime: { type: 'DEL', endTime: '101500' },
                activity: [],
              },
            ],
          },
        ],
      },
    };
    expect(parseTracking(body, ctx(200, [])).results[0]).toMatchObject({ status: 'delivered', deliveredAt: '2024-03-14T10:15:00' });
  });

  it('one result per package of a multi-piece shipment', () => {
    const pkg = (trackingNumber: string) => ({ trackingNumber, activity: [{ status: { type: 'I', statusCode: '005' }, date: '20240310', time: '100000' }] });
    const body = { trackResponse: { shipment: [{ inquiryNumber: '1ZAAA', package: [pkg('1ZAAA'), pkg('1ZAAB')] }] } };
    const { results } = parseTracking(body, ctx(200, ['1ZAAA']));
    expect(results.map((r) => [r.trackingNumber, r.requestedNumber, r.status])).toEqual([
      ['1ZAAA', null, 'in_transit'],
      ['1ZAAB', '1ZAAA', 'in_transit'],
    ]);
  });

  it.each([
    [
      'warning inside the shipment is not found',
      200,
      { trackResponse: { shipment: [{ inquiryNumber: '1Z9', warnings: [{ code: 'TW0001', message: 'Tracking Information Not Found' }] }] } },
      'not_found',
      'TW0001',
      '1Z9',
    ],
    [
      'invalid inquiry number',
      400,
      { response: { errors: [{ code: 'TV1002', message: 'Invalid inquiry number' }] } },
      'invalid_number',
      'TV1002',
      '1Z999AA10123456784',
    ],
    [
      'credential error 250002',
      401,
      { response: { errors: [{ code: '250002', message: 'Invalid Authentication Information.' }] } },
      'auth',
      '250002',
      '1Z999AA10123456784',
    ],
    [
      'access licence error even on a 400',
      400,
      { response: { errors: [{ code: '250003', message: 'Invalid Access License number' }] } },
      'auth',
      '250003',
      '1Z999AA10123456784',
    ],
    ['rate limit', 429, { response: { errors: [{ code: '10429', message: 'Too Many Requests' }] } }, 'rate_limited', '10429', '1Z999AA10123456784'],
    ['empty body on 503', 503, {}, 'transient', 'unexpected_shape', '1Z999AA10123456784'],
    ['unexpected shape on 200', 200, { hello: 'world' }, 'bad_payload', 'unexpected_shape', '1Z999AA10123456784'],
  ])('%s', (_name, httpStatus, body, kind, code, trackingNumber) => {
    expect(parseTracking(body, ctx(httpStatus))).toEqual({ results: [], errors: [expect.objectContaining({ kind, code, trackingNumber })] });
  });

  it.each([
    [null],
    ['text'],
    [[]],
    [{ trackResponse: { shipment: [{ package: [{ activity: 'oops' }] }] } }],
    [{ trackResponse: { shipment: [{ package: [{ trackingNumber: '1Z', activity: [null, 7, { status: 'x', date: 'string', time: 'string' }] }] }] } }],
  ])('never throws on %j', (body) => {
    expect(() => parseTracking(body, ctx())).not.toThrow();
  });

  it('placeholder times never crash and stay null', () => {
    const body = {
      trackResponse: { shipment: [{ package: [{ trackingNumber: '1Z', activity: [{ status: { type: 'I' }, date: 'string', time: 'string' }] }] }] },
    };
    const [event] = parseTracking(body, ctx()).results[0].events;
    expect(event).toMatchObject({ occurredAt: null, localTime: null, status: 'in_transit' });
  });
});
