import type { ScanError, ScanParseOptions } from '../scan';
import { unframe, withoutControls } from '../scan/normalize';
import { isExpected, type ReturnState } from './lifecycle';

/** What the receiving station says about one scanned parcel. */
export const RECEIVE_VERDICTS = ['matched', 'unexpected', 'duplicate', 'invalid'] as const;
export type ReceiveVerdict = (typeof RECEIVE_VERDICTS)[number];

/**
 * The receiving verdict in the scan log's words (reconcile's verdicts): stored on the scan row, and what picks the
 * station's light and sound. An unexpected parcel is `unknown_label`: set it aside, as at a packing bench.
 */
export const SCAN_VERDICT_OF: Readonly<Record<ReceiveVerdict, 'matched' | 'duplicate' | 'unknown_label' | 'invalid'>> = {
  matched: 'matched',
  duplicate: 'duplicate',
  unexpected: 'unknown_label',
  invalid: 'invalid',
};

/** Which key found the return, in the order they are tried. */
export const MATCH_KEYS = ['tracking_number', 'rma', 'order_number'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

/**
 * A scan as a clerk-facing key (RMA or order barcode): scanner framing and control characters off, inner
 * spaces off, upper case. RMA numbers are stored in the same form, so the lookup is one indexed equality.
 */
export function scanKey(raw: string, options: ScanParseOptions = {}): string {
  return withoutControls(unframe(raw, options)).replace(/\s+/g, '').toUpperCase();
}

/** Order numbers print with or without a leading `#` (Shopify writes `#1001`); both spellings are tried. */
export function orderKeys(key: string): string[] {
  const bare = key.replace(/^#/, '');
  return bare && bare !== key ? [key, bare] : [key, `#${key}`];
}

/** Parser errors that mean the scanner or its settings misread the label, not that the parcel is unknown: rescan. */
const MISREAD: ReadonlySet<ScanError> = new Set(['empty', 'routing_code_only', 'keyboard_layout_mismatch', 'maxicode_unreconstructable']);

/**
 * The verdict for a scan, given the state of the return it matched (null when none did). A parcel already at
 * the dock is a duplicate; an unreadable scan is invalid; anything else unmatched is an unexpected return.
 */
export function receiveVerdict(matched: ReturnState | null, parseError: ScanError | null): ReceiveVerdict {
  if (matched !== null) return isExpected(matched) ? 'matched' : 'duplicate';
  return parseError !== null && MISREAD.has(parseError) ? 'invalid' : 'unexpected';
}

/** Of several returns a key finds, the one still expected wins, then the oldest. */
export function pickMatch<T extends { id: number; state: ReturnState }>(found: readonly T[]): T | null {
  let best: T | null = null;
  for (const r of found) {
    if (best === null) best = r;
    else if (isExpected(r.state) !== isExpected(best.state)) best = isExpected(r.state) ? r : best;
    else if (r.id < best.id) best = r;
  }
  return best;
}
