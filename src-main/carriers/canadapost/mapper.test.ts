import { describe, expect, it } from 'vitest';
import { lookup } from '../table';
import { mappingProblems, rowExample, tableCases } from '../table-cases';
import type { ParseContext } from '../types';
import { parseTracking } from './mapper';
import { CANADA_POST_STATUS_TABLE } from './status-table';

const ctx = (httpStatus = 200, requested: string[] = []): ParseContext => ({ httpStatus, requested });

const occurrence = (id: string, date: string, time: string, zone: string, description: string, site: string, signatory = '') => `
    <occurrence>
      <event-identifier>${id}</event-identifier>
      <event-date>${date}</event-date>
      <event-time>${time}</event-time>
      <event-time-zone>${zone}</event-time-zone>
      <event-description>${description}</event-description>
      <signatory-name>${signatory}</signatory-name>
      <event-site>${site}</event-site>
      <event-province>BC</event-province>
    </occurrence>`;

/** Written from Canada Post's tracking-detail schema: newest first, zone abbreviations, zero-padded codes. */
const detail = (events: string, expected = '2024-07-10', changed = '') => `<?xml version="1.0" encoding="UTF-8"?>
<tracking-detail xmlns="http://www.canadapost.ca/ws/track">
  <pin>1000000000000001</pin>
  <expected-delivery-date>${expected}</expected-delivery-date>
  <changed-expected-date>${changed}</changed-expected-date>
  <service-name>Priority</service-name>
  <significant-events>${events}
  </significant-events>
</tracking-detail>`;

const delivered = detail(
  [
    occurrence('20', '2024-07-09', '14:02:10', 'PDT', 'Signature image recorded for Online viewing', 'VANCOUVER', 'M TREMBLAY'),
    occurrence('1496', '2024-07-09', '14:02:10', 'PDT', 'Item successfully delivered', 'VANCOUVER'),
    occurrence('0174', '2024-07-09', '07:45:00', 'PDT', 'Item out for delivery', 'VANCOUVER'),
    occurrence('0100', '2024-07-08', '22:10:33', 'PDT', 'Item processed at postal facility', 'RICHMOND'),
    occurrence('3000', '2024-07-07', '16:00:00', 'EDT', 'Electronic information submitted by shipper', 'TORONTO'),
  ].join(''),
);

describe('Canada Post status table', () => {
  it.each(tableCases(CANADA_POST_STATUS_TABLE))('%s', (_label, row) => {
    expect(lookup(CANADA_POST_STATUS_TABLE, rowExample(row))).toBe(row);
    expect(mappingProblems(row)).toEqual([]);
  });
});

describe('Canada Post mapper', () => {
  it('maps a delivered pin: zero-padded codes, zone abbreviations, informational signature', () => {
    const { results, errors } = parseTracking(delivered, ctx());
    expect(errors).toEqual([]);
    expect(results[0]).toMatchObject({
      trackingNumber: '1000000000000001',
      carrier: 'canada_post',
      status: 'delivered',
      deliveredAt: '2024-07-09T21:02:10Z',
      originalExpectedAt: '2024-07-10',
      currentExpectedAt: '2024-07-10',
    });
    expect(results[0].events.map((e) => [e.code, e.occurredAt, e.localTime, e.status])).toEqual([
      ['3000', '2024-07-07T20:00:00Z', '2024-07-07T16:00:00', 'created'],
      ['0100', '2024-07-09T05:10:33Z', '2024-07-08T22:10:33', 'in_transit'],
      ['0174', '2024-07-09T14:45:00Z', '2024-07-09T07:45:00', 'out_for_delivery'],
      ['1496', '2024-07-09T21:02:10Z', '2024-07-09T14:02:10', 'delivered'],
      ['20', '2024-07-09T21:02:10Z', '2024-07-09T14:02:10', null],
    ]);
    expect(results[0].events[4].description).toBe('Signature image recorded for Online viewing — signed by M TREMBLAY');
  });

  it('a newer status-bearing event supersedes an older delivery; changed-expected-date is the current estimate', () => {
    const xml = detail(
      [
        occurrence('0174', '2024-07-11', '08:00:00', 'PDT', 'Item out for delivery', 'VANCOUVER'),
        occurrence('0173', '2024-07-10', '06:00:00', 'PDT', 'Customer addressing error found; attempting to correct', 'VANCOUVER'),
        occurrence('1496', '2024-07-09', '14:02:10', 'PDT', 'Item successfully delivered', 'VANCOUVER'),
      ].join(''),
      '2024-07-09',
      '2024-07-12',
    );
    expect(parseTracking(xml, ctx()).results[0]).toMatchObject({
      status: 'out_for_delivery',
      deliveredAt: null,
      originalExpectedAt: '2024-07-09',
      currentExpectedAt: '2024-07-12',
    });
  });

  it('an unknown code falls back to the description text', () => {
    const xml = detail(occurrence('4242', '2024-07-08', '10:00:00', 'PDT', 'Item in transit', 'KAMLOOPS'));
    expect(parseTracking(xml, ctx()).results[0].events[0]).toMatchObject({ status: 'in_transit', code: '4242' });
  });

  it('empty expected dates are none', () => {
    expect(parseTracking(detail('', ''), ctx()).results[0]).toMatchObject({ originalExpectedAt: null, currentExpectedAt: null, status: 'unknown' });
  });

  it.each([
    ['no pin history', 404, '004', 'No Pin History', 'not_found'],
    ['authentication', 401, 'E002', 'AAA Authentication Failure', 'auth'],
    ['authentication with no HTTP status', 200, 'E002', 'AAA Authentication Failure', 'auth'],
  ])('message %s', (_name, httpStatus, code, description, kind) => {
    const xml = `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>${code}</code><description>${description}</description></message></messages>`;
    expect(parseTracking(xml, ctx(httpStatus, ['1000000000000001']))).toEqual({
      results: [],
      errors: [{ trackingNumber: '1000000000000001', kind, code, message: description }],
    });
  });

  it.each([
    ['not XML', 200, 'hello', 'bad_payload'],
    ['gateway page on 503', 503, '<html><body>down', 'transient'],
    ['another document', 200, '<rates/>', 'bad_payload'],
    ['not a string', 200, { pin: 1 }, 'bad_payload'],
  ])('%s is %s for the whole call, not for the pin asked about', (_name, httpStatus, body, kind) => {
    expect(parseTracking(body, ctx(httpStatus, ['1000000000000001'])).errors).toEqual([expect.objectContaining({ kind, trackingNumber: null })]);
  });
});
