/**
 * Raw-scan parser: what a keyboard-wedge scanner types -> candidate (carrier, tracking number, format) readings.
 * Pure: no I/O, no platform APIs. All readings are returned (most likely first); the caller decides among them
 * by which shipment it expects.
 */
import { isIso15434 } from './iso15434';
import { readThroughLayouts } from './layout';
import type { ParsedScan, Reading, ScanCandidate, ScanError, ScanParseOptions } from './model';
import { unframe } from './normalize';
import { readText } from './read';

export type { ParsedScan, ScanCandidate, ScanCarrier, ScanError, ScanParseOptions } from './model';

/** Candidates without repeats, and how many distinct parcels (readings adding something new) they stand for. */
function flatten(readings: Reading[]): { candidates: ScanCandidate[]; parcels: number } {
  const seen = new Set<string>();
  const candidates: ScanCandidate[] = [];
  let parcels = 0;
  for (const reading of readings) {
    let fresh = false;
    for (const candidate of reading) {
      const key = `${candidate.carrier} ${candidate.trackingNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push(candidate);
      fresh = true;
    }
    if (fresh) parcels++;
  }
  return { candidates, parcels };
}

function failure(raw: string, error: ScanError, held: Reading[] = []): ParsedScan {
  const { candidates: suggestions } = flatten(held);
  return { raw, candidates: [], error, ambiguous: false, ...(suggestions.length > 0 && { suggestions }) };
}

/**
 * Parses one scan. Strips framing (whitespace, CR/LF/Tab, configured prefix/suffix, AIM id, literal `{GS}`
 * markers), reads ISO 15434 2D payloads, GS1 `420`+ZIP routed USPS barcodes and bare numbers of every
 * supported format. `keyboard_layout_mismatch` never yields candidates: the decoded number comes back in
 * `suggestions` for a person to confirm, since the decoding is a guess.
 */
export function parseScan(raw: string, options: ScanParseOptions = {}): ParsedScan {
  const text = unframe(raw, options);
  const read = readText(text);
  if (read.readings.length > 0) {
    const { candidates, parcels } = flatten(read.readings);
    return { raw, candidates, error: null, ambiguous: parcels > 1 };
  }
  const error = read.error ?? 'no_valid_match';
  // A 2D payload came through intact enough to be recognised, so its keyboard layout is not the problem.
  const layout = error === 'empty' || isIso15434(text) ? null : readThroughLayouts(text);
  if (layout) return failure(raw, 'keyboard_layout_mismatch', layout);
  return failure(raw, error, read.suggestions);
}

/** CLI helper: one `{"raw":"..."}` JSON line in, the parse out; anything else is `bad_input`. */
export function parseScanLine(jsonLine: string): { raw: string; candidates: ScanCandidate[]; error: string | null } {
  let raw: unknown;
  try {
    raw = (JSON.parse(jsonLine) as { raw?: unknown } | null)?.raw;
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'string') return { raw: jsonLine, candidates: [], error: 'bad_input' };
  const { candidates, error } = parseScan(raw);
  return { raw, candidates, error };
}
