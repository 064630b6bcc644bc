import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScan, type ScanCarrier } from './index';

// Shared conformance data, read in place (never copied into the repo): see its README.md.
const DIR = path.resolve(__dirname, '../../../../shared/fixtures/scans');
const present = existsSync(path.join(DIR, 'tracking-number-vectors.json')) && existsSync(path.join(DIR, 'raw-scans.json'));
const load = <T>(file: string): T[] => (present ? (JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as T[]) : []);

interface Vector {
  carrier: string;
  service: string;
  number: string;
  valid: boolean;
  format_id: string | null;
}
interface RawScan {
  id: string;
  raw: string;
  expected_carrier: ScanCarrier | null;
  expected_tracking_number: string | null;
  expected_error: string | null;
  also_accept?: string[];
  ambiguous_with?: { carrier: ScanCarrier; tracking_number: string }[];
}

/** The carriers the console must support, by the name the vectors file uses; the others are optional. */
const REQUIRED: Record<string, ScanCarrier> = {
  UPS: 'ups',
  FedEx: 'fedex',
  'United States Postal Service': 'usps',
  DHL: 'dhl',
  'S10 International Standard': 's10',
  Amazon: 'amazon',
  'Canada Post': 'canada_post',
  OnTrac: 'ontrac',
  LaserShip: 'lasership',
};

/** Canonical numbers a valid vector may come out as (README: spaces removed, upper-case, plus the extractions). */
function acceptable(carrier: ScanCarrier, number: string): string[] {
  const n = number.replace(/\s/g, '').toUpperCase();
  if (carrier === 'usps' && n.startsWith('420')) return [n.slice(8), n.slice(12)]; // after 420 + ZIP5 or ZIP9
  if (carrier === 'fedex' && n.length === 34) return [n.slice(22)];
  if (carrier === 'fedex' && n.length === 22 && n.startsWith('96')) return [n, n.slice(7)];
  return [n];
}

const vectors = load<Vector>('tracking-number-vectors.json').filter((v) => v.carrier in REQUIRED);
const rawScans = load<RawScan>('raw-scans.json');

if (!present) it.skip(`conformance: ${DIR} not found, shared scan vectors not checked`);
// CI lays ../shared beside its clone: there a missing fixture folder is a broken run, not a reason to skip.
it.runIf(process.env.CI === 'true')('finds the shared scan vectors in CI', () => expect(present, DIR).toBe(true));

describe.skipIf(!present)('conformance: tracking-number-vectors.json (required carriers)', () => {
  it.each(vectors.filter((v) => v.valid).map((v) => [v.service, v.number, v] as const))(
    'valid %s %j yields that carrier with the canonical number',
    (_service, _number, v) => {
      const carrier = REQUIRED[v.carrier];
      const numbers = parseScan(v.number)
        .candidates.filter((c) => c.carrier === carrier)
        .map((c) => c.trackingNumber);
      expect(
        numbers.some((n) => acceptable(carrier, v.number).includes(n)),
        `got ${numbers.join(', ')}`,
      ).toBe(true);
    },
  );

  it.each(vectors.filter((v) => !v.valid).map((v) => [v.service, v.number, v] as const))(
    'invalid %s %j yields no reading of that carrier with that number',
    (_service, _number, v) => {
      const carrier = REQUIRED[v.carrier];
      const wrong = acceptable(carrier, v.number);
      const hits = parseScan(v.number).candidates.filter((c) => c.carrier === carrier && wrong.includes(c.trackingNumber));
      expect(hits).toEqual([]);
    },
  );
});

describe.skipIf(!present)('conformance: raw-scans.json', () => {
  it.each(rawScans.filter((s) => s.expected_tracking_number !== null).map((s) => [s.id, s] as const))('%s reads as expected', (_id, s) => {
    const p = parseScan(s.raw);
    expect(p.error).toBeNull();
    expect(p.candidates[0]?.carrier).toBe(s.expected_carrier);
    expect([s.expected_tracking_number, ...(s.also_accept ?? [])]).toContain(p.candidates[0]?.trackingNumber);
    for (const other of s.ambiguous_with ?? []) {
      expect(p.candidates).toContainEqual(expect.objectContaining({ carrier: other.carrier, trackingNumber: other.tracking_number }));
    }
    if (s.ambiguous_with) expect(p.ambiguous).toBe(true);
  });

  it.each(rawScans.filter((s) => s.expected_error !== null).map((s) => [s.id, s] as const))('%s fails with the expected error and no candidate', (_id, s) => {
    const p = parseScan(s.raw);
    expect(p.candidates).toEqual([]);
    expect(p.error).toBe(s.expected_error);
  });
});
