import { describe, expect, it } from 'vitest';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { EASYPOST_STATUS_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = []): ParseContext => ({ httpStatus, requested });

const detail = (datetime: string, status: string, status_detail: string, message: string, carrier_code = '') => ({
  object: 'TrackingDetail',
  message,
  status,
  status_detail,
  datetime,
  carrier_code,
  tracking_location: { object: 'TrackingLocation', city: 'DENVER', state: 'CO', country: 'US', zip: '80202' },
});

/** Written from EasyPost's Tracker object: details oldest first, but the delivered one arrives out of order. */
const tracker = {
  id: 'trk_test',
  object: 'Tracker',
  tracking_code: 'EZ4000000004',
  status: 'delivered',
  status_detail: 'arrived_at_destination',
  carrier: 'UPS',
  est_delivery_date: '2024-09-12T00:00:00Z',
  carrier_detail: { est_delivery_date_local: null, guaranteed_delivery_date: null },
  tracking_details: [
    detail('2024-09-09T14:00:00Z', 'pre_transit', 'label_created', 'Label created', 'MP'),
    detail('2024-09-11T20:15:00Z', 'delivered', 'arrived_at_destination', 'Delivered', 'FS'),
    detail('2024-09-10T01:30:00Z', 'in_transit', 'departed_facility', 'Departed from facility', 'DP'),
    detail('2024-09-11T07:00:00Z', 'out_for_delivery', 'out_for_delivery', 'Out for delivery', 'OT'),
  ],
};

describe('EasyPost status table', () => {
  it.each(tableCases(EASYPOST_STATUS_TABLE))('%s', (_label, row) => {
    expect(lookup(EASYPOST_STATUS_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('EasyPost mapper', () => {
  it('maps a tracker: status from the tracker, details sorted by instant, carrier from the tracker', () => {
    const { results, errors } = parseTracking(tracker, ctx());
    expect(errors).toEqual([]);
    expect(results[0]).toMatchObject({
      trackingNumber: 'EZ4000000004',
      carrier: 'ups',
      status: 'delivered',
      deliveredAt: '2024-09-11T20:15:00Z',
      currentExpectedAt: '2024-09-12',
    });
    expect(results[0].events.map((e) => [e.code, e.status, e.substatus, e.localTime])).toEqual([
      ['MP', 'created', 'label_created', null],
      ['DP', 'in_transit', 'departed', null],
      ['OT', 'out_for_delivery', null, null],
      ['FS', 'delivered', null, null],
    ]);
  });

  it('reads the tracker inside a webhook Event and ignores the Event status (webhook delivery state)', () => {
    const event = {
      object: 'Event',
      description: 'tracker.updated',
      status: 'failed',
      result: { ...tracker, status: 'in_transit', status_detail: 'arrived_at_facility' },
    };
    expect(parseTracking(event, ctx()).results[0]).toMatchObject({ status: 'in_transit', substatus: 'at_facility', deliveredAt: null });
  });

  it('a failure takes its reason from status_detail', () => {
    expect(parseTracking({ ...tracker, status: 'failure', status_detail: 'lost', tracking_details: [] }, ctx()).results[0]).toMatchObject({
      status: 'exception',
      substatus: 'lost',
    });
  });

  it('prefers the local estimated delivery date', () => {
    const body = { ...tracker, carrier_detail: { est_delivery_date_local: '2024-09-13' } };
    expect(parseTracking(body, ctx()).results[0].currentExpectedAt).toBe('2024-09-13');
  });

  it('an unknown carrier name is other', () => {
    expect(parseTracking({ ...tracker, carrier: 'SomeLocalCourier' }, ctx()).results[0].carrier).toBe('other');
  });

  it('reads a tracker list and isolates a bad entry', () => {
    const { results, errors } = parseTracking({ trackers: [tracker, { object: 'Shipment' }] }, ctx());
    expect(results).toHaveLength(1);
    expect(errors).toEqual([expect.objectContaining({ kind: 'bad_payload' })]);
  });

  it.each([
    ['invalid key', 401, { error: { code: 'APIKEY.INACTIVE', message: 'This api key is no longer active.' } }, 'auth'],
    ['not found', 404, { error: { code: 'NOT_FOUND', message: 'The requested resource could not be found.' } }, 'not_found'],
    ['bad code', 422, { error: { code: 'TRACKER.CREATE.ERROR', message: 'Invalid tracking code.' } }, 'invalid_number'],
    ['rate limited', 429, { error: { code: 'RATE_LIMITED', message: 'Too many requests' } }, 'rate_limited'],
    ['other webhook', 200, { object: 'Event', description: 'batch.updated', result: { object: 'Batch' } }, 'bad_payload'],
  ])('%s', (_name, httpStatus, body, kind) => {
    expect(parseTracking(body, ctx(httpStatus, ['EZ4000000004']))).toEqual({
      results: [],
      errors: [expect.objectContaining({ kind, trackingNumber: 'EZ4000000004' })],
    });
  });

  it.each([[null], ['x'], [{ object: 'Tracker', tracking_code: 'A', tracking_details: [null, 1] }]])('never throws on %j', (body) => {
    expect(() => parseTracking(body, ctx())).not.toThrow();
  });
});
