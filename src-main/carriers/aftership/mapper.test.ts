import { describe, expect, it } from 'vitest';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { AFTERSHIP_STATUS_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = []): ParseContext => ({ httpStatus, requested });

const checkpoint = (checkpoint_time: string, tag: string, subtag: string, message: string, city: string | null) => ({
  slug: 'fedex',
  city,
  state: city ? 'OR' : null,
  zip: null,
  country_name: 'US',
  country_iso3: 'USA',
  message,
  tag,
  subtag,
  checkpoint_time,
});

/** Written from AfterShip's tracking object: checkpoints oldest first, newer ones with an offset. */
const tracking = {
  meta: { code: 200 },
  data: {
    tracking: {
      id: 'abc',
      slug: 'fedex',
      tracking_number: '611000000001',
      tag: 'AttemptFail',
      subtag: 'AttemptFail_001',
      shipment_delivery_date: null,
      expected_delivery: '2024-10-04',
      checkpoints: [
        checkpoint('2024-10-01T09:00:00-07:00', 'InfoReceived', 'InfoReceived_001', 'Shipment information sent to FedEx', null),
        checkpoint('2024-10-01T17:20:00-07:00', 'InTransit', 'InTransit_002', 'Picked up', 'PORTLAND'),
        checkpoint('2024-10-03T08:05:00-07:00', 'OutForDelivery', 'OutForDelivery_001', 'On FedEx vehicle for delivery', 'SALEM'),
        checkpoint('2024-10-03T15:45:00-07:00', 'AttemptFail', 'AttemptFail_001', 'Customer not available or business closed', 'SALEM'),
      ],
    },
  },
};

describe('AfterShip status table', () => {
  it.each(tableCases(AFTERSHIP_STATUS_TABLE))('%s', (_label, row) => {
    expect(lookup(AFTERSHIP_STATUS_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('AfterShip mapper', () => {
  it('maps a tracking: tag decides, checkpoints oldest first', () => {
    const { results, errors } = parseTracking(tracking, ctx());
    expect(errors).toEqual([]);
    expect(results[0]).toMatchObject({
      trackingNumber: '611000000001',
      carrier: 'fedex',
      status: 'exception',
      substatus: 'attempt_failed',
      originalExpectedAt: '2024-10-04',
      currentExpectedAt: '2024-10-04',
    });
    expect(results[0].events.map((e) => [e.occurredAt, e.status, e.substatus, e.location])).toEqual([
      ['2024-10-01T16:00:00Z', 'created', 'info_received', 'US'],
      ['2024-10-02T00:20:00Z', 'in_transit', 'accepted', 'PORTLAND, OR, US'],
      ['2024-10-03T15:05:00Z', 'out_for_delivery', null, 'SALEM, OR, US'],
      ['2024-10-03T22:45:00Z', 'exception', 'attempt_failed', 'SALEM, OR, US'],
    ]);
  });

  it('old checkpoints without offset stay local; shipment_delivery_date is read as UTC', () => {
    const body = {
      meta: { code: 200 },
      data: {
        tracking: {
          ...tracking.data.tracking,
          slug: 'canada-post',
          tag: 'Delivered',
          subtag: 'Delivered_003',
          shipment_delivery_date: '2024-10-04T18:30:00',
          checkpoints: [checkpoint('2024-10-04T11:30:00', 'Delivered', 'Delivered_003', 'Delivered', 'SALEM')],
        },
      },
    };
    const [result] = parseTracking(body, ctx()).results;
    expect(result).toMatchObject({ carrier: 'canada_post', status: 'delivered', substatus: 'signed', deliveredAt: '2024-10-04T11:30:00' });
    expect(result.events[0]).toMatchObject({ occurredAt: null, localTime: '2024-10-04T11:30:00' });
  });

  it('uses shipment_delivery_date when no checkpoint is a delivery', () => {
    const body = {
      meta: { code: 200 },
      data: { tracking: { tracking_number: 'X1', slug: 'usps', tag: 'Delivered', shipment_delivery_date: '2024-10-04T18:30:00', checkpoints: [] } },
    };
    expect(parseTracking(body, ctx()).results[0].deliveredAt).toBe('2024-10-04T18:30:00Z');
  });

  it('pins Pending as unknown (AfterShip has no carrier information yet)', () => {
    const body = { meta: { code: 201 }, data: { tracking: { tracking_number: 'X2', slug: 'ups', tag: 'Pending', checkpoints: [] } } };
    expect(parseTracking(body, ctx()).results[0]).toMatchObject({ status: 'unknown', substatus: null, events: [] });
  });

  it('reads the webhook msg and tracking lists', () => {
    expect(parseTracking({ msg: tracking.data.tracking }, ctx()).results).toHaveLength(1);
    expect(parseTracking({ meta: { code: 200 }, data: { trackings: [tracking.data.tracking, tracking.data.tracking] } }, ctx()).results).toHaveLength(2);
  });

  it.each([
    ['invalid API key', 200, { meta: { code: 401, message: 'Invalid API Key.', type: 'Unauthorized' }, data: {} }, 'auth', '401'],
    ['tracking does not exist', 200, { meta: { code: 4004, message: 'Tracking does not exist.', type: 'NotFound' }, data: {} }, 'not_found', '4004'],
    ['rate limited', 429, { meta: { code: 429, message: 'You have exceeded the API call rate limit.', type: 'TooManyRequests' } }, 'rate_limited', '429'],
    ['server error', 500, { meta: { code: 500, message: 'Something went wrong on AfterShip', type: 'InternalError' } }, 'transient', '500'],
    ['no tracking', 200, { meta: { code: 200 }, data: {} }, 'bad_payload', 'unexpected_shape'],
  ])('%s', (_name, httpStatus, body, kind, code) => {
    expect(parseTracking(body, ctx(httpStatus, ['611000000001']))).toEqual({
      results: [],
      errors: [expect.objectContaining({ kind, code, trackingNumber: '611000000001' })],
    });
  });

  it.each([[null], [{ data: { tracking: { tracking_number: 'A', checkpoints: [null, { checkpoint_time: 'string' }] } } }]])('never throws on %j', (body) => {
    expect(() => parseTracking(body, ctx())).not.toThrow();
  });
});
