import { describe, expect, it } from 'vitest';
import { eventKeys } from '../../../src-shared/domain/tracking/event-key';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { AUSTRALIA_POST_EVENT_TABLE, AUSTRALIA_POST_ITEM_STATUS_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = []): ParseContext => ({ httpStatus, requested });
const event = (date: string, description: string, location?: string) => ({ date, description, ...(location ? { location } : {}) });

/** Written from Australia Post's track response: newest first, Australian offsets even abroad, words not codes. */
const track = (id: string, itemStatus: string, events: ReturnType<typeof event>[]) => ({
  tracking_id: id,
  status: itemStatus,
  trackable_items: [{ article_id: id, product_type: 'eParcel', status: itemStatus, events }],
});

const delivered = track('33XYZ0012345601000931507', 'Delivered', [
  event('2024-03-14T11:05:40+11:00', 'Delivered - Left in a safe place', 'BRUNSWICK VIC'),
  event('2024-03-14T07:02:13+11:00', 'Onboard for delivery', 'BRUNSWICK VIC'),
  event('2024-03-13T21:40:00+11:00', 'Processed through facility', 'SUNSHINE WEST VIC'),
  event('2024-03-13T21:40:00+11:00', 'Processed through facility', 'SUNSHINE WEST VIC'),
  event('2024-03-12T16:20:00+11:00', 'Item lodged', 'SYDNEY NSW'),
  event('2024-03-12T09:00:00+11:00', 'Shipping information received by Australia Post'),
]);

describe('Australia Post status tables', () => {
  it.each(tableCases(AUSTRALIA_POST_ITEM_STATUS_TABLE))('item %s', (_label, row) => {
    expect(lookup(AUSTRALIA_POST_ITEM_STATUS_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
  it.each(tableCases(AUSTRALIA_POST_EVENT_TABLE))('event %s', (_label, row) => {
    expect(lookup(AUSTRALIA_POST_EVENT_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('Australia Post mapper', () => {
  it('maps a delivered article: safe-place delivery, oldest first, a repeated scan stored once', () => {
    const { results, errors } = parseTracking({ tracking_results: [delivered] }, ctx());
    expect(errors).toEqual([]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      trackingNumber: '33XYZ0012345601000931507',
      carrier: 'australia_post',
      status: 'delivered',
      substatus: 'safe_place',
      deliveredAt: '2024-03-14T00:05:40Z',
      originalExpectedAt: null,
    });
    expect(results[0].events.map((e) => [e.occurredAt, e.status, e.substatus, e.location])).toEqual([
      ['2024-03-11T22:00:00Z', 'created', 'info_received', null],
      ['2024-03-12T05:20:00Z', 'in_transit', 'accepted', 'SYDNEY NSW'],
      ['2024-03-13T10:40:00Z', 'in_transit', 'at_facility', 'SUNSHINE WEST VIC'],
      ['2024-03-13T10:40:00Z', 'in_transit', 'at_facility', 'SUNSHINE WEST VIC'],
      ['2024-03-13T20:02:13Z', 'out_for_delivery', null, 'BRUNSWICK VIC'],
      ['2024-03-14T00:05:40Z', 'delivered', 'safe_place', 'BRUNSWICK VIC'],
    ]);
    // Same words, time and place: one key, so ingest keeps one of the pair.
    expect(new Set(eventKeys('australia_post', results[0].trackingNumber, results[0].events)).size).toBe(5);
  });

  it('lets the events decide when the item status is "Unknown"', () => {
    const moving = track('7XX1000000001', 'Unknown', [event('2024-03-12T16:20:00+11:00', 'Processed by air carrier', 'MELBOURNE AIRPORT VIC')]);
    expect(parseTracking({ tracking_results: [moving] }, ctx()).results[0]).toMatchObject({ status: 'in_transit', substatus: 'at_facility' });
  });

  it('trusts the item status over the newest event text', () => {
    const held = track('7XX1000000002', 'Held by courier', [event('2024-03-12T16:20:00+11:00', 'In transit', 'ADELAIDE SA')]);
    expect(parseTracking({ tracking_results: [held] }, ctx()).results[0]).toMatchObject({ status: 'exception', substatus: 'held_by_carrier' });
  });

  it('an attempted delivery is an exception, not a delivery', () => {
    const missed = track('7XX1000000003', 'To be Re-Delivered', [
      event('2024-03-14T10:00:00+11:00', 'Attempted delivery - to be re-delivered', 'BRUNSWICK VIC'),
    ]);
    expect(parseTracking({ tracking_results: [missed] }, ctx()).results[0]).toMatchObject({
      status: 'exception',
      substatus: 'attempt_failed',
      deliveredAt: null,
    });
  });

  it('one unknown id in a batch fails only that id', () => {
    const parsed = parseTracking(
      { tracking_results: [delivered, { tracking_id: 'NOPE1', errors: [{ code: 'ESB-10001', name: 'Invalid tracking ID' }] }] },
      ctx(),
    );
    expect(parsed.results.map((r) => r.trackingNumber)).toEqual(['33XYZ0012345601000931507']);
    expect(parsed.errors).toEqual([{ trackingNumber: 'NOPE1', kind: 'not_found', code: 'ESB-10001', message: 'Invalid tracking ID' }]);
  });

  it('an unreadable entry is a bad payload for that entry only', () => {
    const parsed = parseTracking(
      { tracking_results: [delivered, { tracking_id: 'BROKEN1', trackable_items: [{ status: 'In transit', events: 'not a list' }] }, 7] },
      ctx(),
    );
    expect(parsed.results.map((r) => r.trackingNumber)).toEqual(['33XYZ0012345601000931507', 'BROKEN1']);
    expect(parsed.errors).toEqual([expect.objectContaining({ kind: 'bad_payload', code: 'no_tracking_number' })]);
  });

  it.each([
    [401, { errors: [{ code: '401', name: 'UNAUTHORISED', message: 'Invalid credentials' }] }, 'auth'],
    [429, { errors: [{ code: '429', name: 'TOO_MANY_REQUESTS', message: 'Slow down' }] }, 'rate_limited'],
    [200, { errors: [{ code: '51101', name: 'TOO_MANY_AP_TRACKING_IDS', message: 'At most 10 ids' }] }, 'invalid_number'],
    [503, '<html>Service Unavailable</html>', 'transient'],
    [200, { something: 'else' }, 'bad_payload'],
  ])('HTTP %i %j → %s for the whole request', (httpStatus, body, kind) => {
    expect(parseTracking(body, ctx(httpStatus, ['7XX1000000001']))).toEqual({
      results: [],
      errors: [expect.objectContaining({ kind, trackingNumber: '7XX1000000001' })],
    });
  });
});
