export type ScanCarrier = 'ups' | 'fedex' | 'usps' | 'dhl' | 's10' | 'amazon' | 'canada_post' | 'ontrac' | 'lasership';

export interface ScanCandidate {
  carrier: ScanCarrier;
  /** Canonical form: upper-case, no spaces; what the carrier's tracking lookup takes. */
  trackingNumber: string;
  /** Which rule read it, e.g. `usps_impb`, `fedex_34`, `ups_maxicode`. */
  format: string;
}

export type ScanError = 'empty' | 'no_valid_match' | 'routing_code_only' | 'keyboard_layout_mismatch' | 'maxicode_unreconstructable';

export interface ParsedScan {
  raw: string;
  /** Every valid reading, most likely first; empty exactly when `error` is set. */
  candidates: ScanCandidate[];
  error: ScanError | null;
  /** More than one distinct parcel reading (aliases of one barcode, like Ground 96's 22 and 15 digits, count once). */
  ambiguous: boolean;
  /**
   * Readings a person must confirm before use, never to be matched automatically: the decoded number on
   * `keyboard_layout_mismatch`, or the FedEx 12 that a bare 420+ZIP9 routing code also happens to pass.
   */
  suggestions?: ScanCandidate[];
}

export interface ScanParseOptions {
  /** Prefix the scanner is programmed to send; removed when the scan starts with it. */
  prefixToStrip?: string;
  /** Suffix the scanner is programmed to send; removed when the scan ends with it. */
  suffixToStrip?: string;
}

/** One parcel as read by one rule: first the preferred number, then other spellings of the same parcel. */
export type Reading = ScanCandidate[];

/** What the rules see: `alnum` has only A-Z0-9; `compact` keeps punctuation (LaserShip's `-1` suffix). */
export interface Token {
  alnum: string;
  compact: string;
}

export type Rule = (token: Token) => Reading[];

/** What a whole scan (or one decoding of it) yields before candidates are deduplicated. */
export interface TextReading {
  readings: Reading[];
  error: ScanError | null;
  /** Readings held back for a person to confirm (see `ParsedScan.suggestions`). */
  suggestions?: Reading[];
}

/** A rule's answer when it reads one parcel under one spelling. */
export const one = (carrier: ScanCarrier, trackingNumber: string, format: string): Reading[] => [[{ carrier, trackingNumber, format }]];
