/** Building and classifying failures so the poller reacts by kind (DOMAIN.md §6), never by message. */
import type { FailureKind, ParsedTracking, TrackingFailure, TrackingResult } from './types';

export function failure(kind: FailureKind, code: string | null, message: string | null, trackingNumber: string | null = null): TrackingFailure {
  return { trackingNumber, kind, code: code ?? kind, message: message ?? kind };
}

/** The kind an HTTP status implies on its own, or null for 2xx and statuses that say nothing specific. */
export function kindFromHttp(httpStatus: number): FailureKind | null {
  if (httpStatus === 401 || httpStatus === 403) return 'auth';
  if (httpStatus === 404) return 'not_found';
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus >= 500) return 'transient';
  if (httpStatus === 400 || httpStatus === 422) return 'invalid_number';
  return null;
}

/** Ordered keyword rules for carrier error codes and messages; the first match wins. */
const KIND_KEYWORDS: readonly { pattern: RegExp; kind: FailureKind }[] = [
  { pattern: /unauthori[sz]ed|forbidden|invalid[_ ]?client|api[ ._-]?key|credential|authenticat|access licen[sc]e|token/i, kind: 'auth' },
  { pattern: /too[ ._]?many|rate[ ._]?limit|quota|throttl/i, kind: 'rate_limited' },
  { pattern: /not[ ._]?found|no (pin )?history|does not exist|no result/i, kind: 'not_found' },
  { pattern: /invalid|empty|malformed|provide tracking/i, kind: 'invalid_number' },
  { pattern: /internal|server|unavailable|timeout|timed out|try again later/i, kind: 'transient' },
];

/** Kind from an error code or message text, e.g. `TRACKING.TRACKINGNUMBER.NOTFOUND`. */
export function kindFromText(...texts: (string | null)[]): FailureKind | null {
  const text = texts.filter(Boolean).join(' ');
  return KIND_KEYWORDS.find((rule) => rule.pattern.test(text))?.kind ?? null;
}

/** HTTP statuses that decide the kind whatever the body says. */
const DECISIVE_HTTP: ReadonlySet<FailureKind> = new Set(['auth', 'rate_limited', 'transient']);

/**
 * Kind for an error envelope: a carrier-specific verdict first, then a decisive HTTP status (401/403, 429, 5xx),
 * then the code/message text, then what a 400/404 implies; an error nobody can place is `bad_payload`
 * (retry later, never mark the parcel).
 */
export function classify(httpStatus: number, code: string | null, message: string | null, known?: FailureKind | null): FailureKind {
  const fromHttp = kindFromHttp(httpStatus);
  if (known) return known;
  if (fromHttp && DECISIVE_HTTP.has(fromHttp)) return fromHttp;
  return kindFromText(code, message) ?? fromHttp ?? 'bad_payload';
}

/** A body with no data we recognise: the HTTP status may still explain it (429, 5xx), else it is a bad payload. */
export function unexpectedShape(httpStatus: number, what: string, trackingNumber: string | null = null): TrackingFailure {
  return failure(kindFromHttp(httpStatus) ?? 'bad_payload', 'unexpected_shape', `Unexpected ${what} payload shape`, trackingNumber);
}

export const onlyErrors = (...errors: TrackingFailure[]): ParsedTracking => ({ results: [], errors });

/** One entry of a payload; a crash while reading it becomes a bad_payload error for that entry only. */
export function guardEntry(trackingNumber: string | null, read: () => ParsedTracking | TrackingResult | TrackingFailure): ParsedTracking {
  try {
    const outcome = read();
    if ('kind' in outcome) return onlyErrors(outcome);
    return 'results' in outcome ? outcome : { results: [outcome], errors: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return onlyErrors(failure('bad_payload', 'entry_unreadable', message, trackingNumber));
  }
}

/** Concatenates per-entry outcomes, keeping their order. */
export function mergeParsed(parts: readonly ParsedTracking[]): ParsedTracking {
  return { results: parts.flatMap((p) => p.results), errors: parts.flatMap((p) => p.errors) };
}

/** The single number we asked for, when the request had exactly one (USPS, UPS, DHL are one per call). */
export const soleRequested = (requested: readonly string[]): string | null => (requested.length === 1 ? requested[0] : null);
