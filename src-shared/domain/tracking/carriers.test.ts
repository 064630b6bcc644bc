import { describe, expect, it } from 'vitest';
import { parseScan } from '../scan';
import { exampleTrackingNumber, type Carrier } from './carriers';

const PARSED: Carrier[] = ['ups', 'fedex', 'usps', 'dhl', 'canada_post', 'ontrac', 'amazon', 's10', 'lasership'];
const SERIALS = [0, 1, 7, 42, 999, 1000, 123_456, 999_999, 5_000_000, 99_999_999];

describe('example tracking numbers', () => {
  it.each(PARSED)('%s numbers scan as exactly that carrier and number', (carrier) => {
    for (const serial of SERIALS) {
      const number = exampleTrackingNumber(carrier, serial);
      const parsed = parseScan(number);
      expect(parsed.error, number).toBeNull();
      expect(parsed.candidates[0], number).toMatchObject({ carrier, trackingNumber: number });
      expect(parsed.ambiguous, number).toBe(false);
    }
  });

  it('the seeded carriers keep their published shapes', () => {
    expect(exampleTrackingNumber('ups', 12)).toMatch(/^1Z[0-9A-Z]{15}\d$/);
    expect(exampleTrackingNumber('fedex', 12)).toMatch(/^\d{12}$/);
    expect(exampleTrackingNumber('usps', 12)).toMatch(/^9400111\d{15}$/);
    expect(exampleTrackingNumber('dhl', 12)).toMatch(/^\d{10}$/);
  });

  it('every serial gets its own number', () => {
    for (const carrier of ['ups', 'fedex', 'usps', 'dhl'] as const) {
      const numbers = new Set(Array.from({ length: 20_000 }, (_, i) => exampleTrackingNumber(carrier, i * 37)));
      expect(numbers.size).toBe(20_000);
    }
  });
});
