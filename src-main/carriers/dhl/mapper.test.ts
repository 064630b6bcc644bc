import { describe, expect, it } from 'vitest';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { DHL_STATUS_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = []): ParseContext => ({ httpStatus, requested });

const place = { address: { addressLocality: 'Bonn', postalCode: '53113', countryCode: 'DE' } };

/** Written from the DHL Unified Tracking schema: newest event first, `statusCode` enum plus free text. */
const parcel = {
  shipments: [
    {
      id: '00340434161094015902',
      service: 'parcel-de',
      status: {
        timestamp: '2024-05-14T11:02:00+02:00',
        location: place,
        statusCode: 'delivered',
        status: 'The shipment has been delivered to a neighbour.',
        description: 'The shipment has been delivered to a neighbour.',
      },
      estimatedTimeOfDelivery: '2024-05-14T00:00:00+02:00',
      details: { proofOfDelivery: { timestamp: '2024-05-14T11:02:00+02:00' } },
      events: [
        { timestamp: '2024-05-14T11:02:00+02:00', location: place, statusCode: 'delivered', description: 'The shipment has been delivered to a neighbour.' },
        {
          timestamp: '2024-05-14T08:10:00+02:00',
          location: place,
          statusCode: 'transit',
          description: 'The shipment has been loaded onto the delivery vehicle. Out for delivery.',
        },
        { timestamp: '2024-05-13T22:40:00+02:00', statusCode: 'transit', description: 'The shipment has arrived at the parcel center.' },
        {
          timestamp: '2024-05-13T09:00:00',
          statusCode: 'pre-transit',
          description: 'The instruction data for this shipment have been provided by the sender.',
        },
      ],
    },
  ],
};

describe('DHL status table', () => {
  it.each(tableCases(DHL_STATUS_TABLE))('%s', (_label, row) => {
    expect(lookup(DHL_STATUS_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('DHL mapper', () => {
  it('maps a delivered parcel; statusCode decides and the text refines', () => {
    const { results, errors } = parseTracking(parcel, ctx());
    expect(errors).toEqual([]);
    expect(results[0]).toMatchObject({
      trackingNumber: '00340434161094015902',
      carrier: 'dhl',
      status: 'delivered',
      substatus: 'neighbour',
      deliveredAt: '2024-05-14T09:02:00Z',
      currentExpectedAt: '2024-05-14',
      shipmentKey: 'parcel-de',
    });
    // When the times are mixed (one has no offset) the carrier's sequence is kept, read oldest first.
    expect(results[0].events.map((e) => [e.occurredAt, e.localTime, e.status, e.substatus])).toEqual([
      [null, '2024-05-13T09:00:00', 'created', 'info_received'],
      ['2024-05-13T20:40:00Z', '2024-05-13T22:40:00', 'in_transit', 'at_facility'],
      ['2024-05-14T06:10:00Z', '2024-05-14T08:10:00', 'out_for_delivery', null],
      ['2024-05-14T09:02:00Z', '2024-05-14T11:02:00', 'delivered', 'neighbour'],
    ]);
    expect(results[0].events[3].location).toBe('Bonn, 53113, DE');
  });

  it('trusts statusCode over contradicting text and ignores a proof of delivery while not delivered', () => {
    const body = {
      shipments: [
        {
          id: 1234567890,
          service: 'express',
          status: { timestamp: '2024-01-02T10:00:00Z', statusCode: 'transit', status: 'DELIVERED', description: 'Shipment is moving' },
          details: { proofOfDelivery: { timestamp: '2024-01-01T10:00:00Z' } },
          events: [],
        },
      ],
    };
    expect(parseTracking(body, ctx()).results[0]).toMatchObject({ trackingNumber: '1234567890', status: 'in_transit', deliveredAt: null });
  });

  it('a failure with a reason in the text becomes that exception reason', () => {
    const body = {
      shipments: [{ id: 'JJD1', status: { statusCode: 'failure', description: 'Delivery refused by the recipient' }, events: [] }],
    };
    expect(parseTracking(body, ctx()).results[0]).toMatchObject({ status: 'exception', substatus: 'refused' });
  });

  it('a delivered status without a delivered event uses the proof of delivery time', () => {
    const body = {
      shipments: [{ id: 'JJD2', status: { statusCode: 'delivered' }, details: { proofOfDelivery: { timestamp: '2024-02-01T09:00:00Z' } }, events: [] }],
    };
    expect(parseTracking(body, ctx()).results[0].deliveredAt).toBe('2024-02-01T09:00:00Z');
  });

  it.each([
    ['404 problem', 404, { title: 'No result found', status: 404, detail: 'No shipment with given tracking number found.' }, 'not_found', 'http_404'],
    ['404 read from the body alone', 200, { title: 'No result found', status: 404, detail: 'No shipment found.' }, 'not_found', 'http_404'],
    ['429 problem', 429, { title: 'Too many requests', status: 429, detail: 'Rate limit exceeded' }, 'rate_limited', 'http_429'],
    ['401 problem', 401, { title: 'Unauthorized', status: 401, detail: 'Invalid API key' }, 'auth', 'http_401'],
    ['5xx problem', 502, { title: 'Bad gateway', status: 502 }, 'transient', 'http_502'],
    ['unrecognised body', 200, { shipments: [] }, 'bad_payload', 'unexpected_shape'],
  ])('%s', (_name, httpStatus, body, kind, code) => {
    expect(parseTracking(body, ctx(httpStatus, ['JJD000390007880331951']))).toEqual({
      results: [],
      errors: [expect.objectContaining({ kind, code, trackingNumber: 'JJD000390007880331951' })],
    });
  });

  it('takes the number from the problem instance when the request is unknown', () => {
    const body = { title: 'No result found', status: 404, instance: '/shipments/JJD42' };
    expect(parseTracking(body, ctx(404)).errors[0].trackingNumber).toBe('JJD42');
  });

  it.each([[null], [[]], [{ shipments: [null, { id: null }, 5] }], [{ shipments: [{ id: 'X', events: [{ timestamp: 'string' }] }] }]])(
    'never throws on %j',
    (body) => {
      expect(() => parseTracking(body, ctx())).not.toThrow();
    },
  );
});
