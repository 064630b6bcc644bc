import type { Carrier, NormalizedEvent, TrackingStatus } from '../../src-shared/domain/tracking/status';

/** Every way a carrier call can fail, so the poller can react by kind rather than by message. */
export type FailureKind = 'not_found' | 'invalid_number' | 'auth' | 'rate_limited' | 'transient' | 'bad_payload';

/** One shipment as a carrier reports it: status from the carrier's authoritative field, events oldest first. */
export interface TrackingResult {
  trackingNumber: string;
  /** The number we asked for, when the response names a different one (FedEx, USPS do this). */
  requestedNumber: string | null;
  carrier: Carrier;
  status: TrackingStatus;
  substatus: string | null;
  /** UTC instant (`…Z`), or the carrier's local wall time without `Z` when it gave no offset (UPS, AfterShip 2014). */
  deliveredAt: string | null;
  /**
   * Expected delivery: a date `YYYY-MM-DD` when the carrier gave only a date (or midnight), else a UTC instant,
   * else a local wall time. Original = the carrier's first/committed promise when it distinguishes one.
   */
  originalExpectedAt: string | null;
  currentExpectedAt: string | null;
  events: NormalizedEvent[];
  /** Distinguishes two shipments behind one reused number (FedEx uniqueIdentifier). */
  shipmentKey: string | null;
}

export interface TrackingFailure {
  trackingNumber: string | null;
  kind: FailureKind;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export interface ParsedTracking {
  results: TrackingResult[];
  errors: TrackingFailure[];
}

export interface ParseContext {
  httpStatus: number;
  /** Numbers sent in the request, to correlate results that carry another number. */
  requested: string[];
}

/** One HTTP exchange kept for audit next to the events it produced. */
export interface RawResponse {
  url: string;
  httpStatus: number;
  fetchedAt: string;
  body: string;
}

export interface TrackOutcome extends ParsedTracking {
  raw: RawResponse[];
}

/** What the poller sees of a carrier: batching size and one call that never throws for a per-number problem. */
export interface CarrierClient {
  carrier: string;
  /** Most numbers one request may carry (FedEx 30, UPS/USPS/DHL 1). */
  maxBatch: number;
  /** Whole-call failures (auth, rate limit, transient, bad payload) come back as errors with trackingNumber null. */
  track(trackingNumbers: string[]): Promise<TrackOutcome>;
  /** Fetches a token or makes a cheap call so staff can check credentials from Settings. */
  testConnection(): Promise<{ ok: true } | { ok: false; kind: FailureKind; message: string }>;
}

export interface CarrierClientOptions {
  baseUrl: string;
  credentials: Record<string, string>;
  fetch: typeof globalThis.fetch;
  /** Milliseconds since epoch; injected so token expiry is testable. */
  now: () => number;
  timeoutMs?: number;
  /** Asked before every request (token, track, retry); a refusal sends nothing and says when to try again. */
  admit?: () => Admission;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };
