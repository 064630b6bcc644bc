import { describe, expect, it } from 'vitest';
import { parseCarrierPayload, SUPPORTED_CARRIERS } from './parse';

describe('parseCarrierPayload', () => {
  it('picks the mapper by carrier name, accepting folder spellings and case', () => {
    const body = JSON.stringify({ title: 'No result found', status: 404, instance: '/shipments/JJD1' });
    for (const carrier of ['dhl', 'DHL_Unified', 'dhl-unified']) {
      expect(parseCarrierPayload(carrier, body, 404).errors[0]).toMatchObject({ kind: 'not_found', trackingNumber: 'JJD1' });
    }
  });

  it('hands XML carriers the raw text', () => {
    const xml = '<messages><message><code>004</code><description>No Pin History</description></message></messages>';
    expect(parseCarrierPayload('canadapost', xml).errors[0]).toMatchObject({ kind: 'not_found', code: '004' });
  });

  it('throws a clear error for an unknown carrier', () => {
    expect(() => parseCarrierPayload('pigeon', '{}')).toThrow(/Unknown carrier "pigeon"; expected one of: ups, fedex/);
  });

  it.each([
    ['not JSON at 200', 'oops', 200, 'bad_payload'],
    ['HTML gateway page at 503', '<html>Service Unavailable</html>', 503, 'transient'],
    ['HTML at 429', '<html>slow down</html>', 429, 'rate_limited'],
    ['empty body', '', 200, 'bad_payload'],
  ])('%s never throws', (_name, text, httpStatus, kind) => {
    expect(parseCarrierPayload('ups', text, httpStatus)).toEqual({ results: [], errors: [expect.objectContaining({ kind, trackingNumber: null })] });
  });

  it('tolerates a byte-order mark', () => {
    expect(parseCarrierPayload('usps', '\uFEFF{"error":"invalid_client"}').errors[0].kind).toBe('auth');
  });

  it.each(SUPPORTED_CARRIERS.map((c) => [c]))('%s invents no parcel from a hostile body', (carrier) => {
    for (const text of ['null', '[]', '42', '"x"', '{}', '{"a":{"b":[1,2,{}]}}', '<x/>']) {
      expect(parseCarrierPayload(carrier, text).results, text).toEqual([]);
    }
  });
});
