/** One HTTP round trip to a carrier: quota admission, timeout, redaction and the status rules every carrier shares. */
import type { Redactor } from './redactor';
import type { CarrierClientOptions, FailureKind, RawResponse, TrackingFailure } from './types';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Failure code of a request our own quota held back: nothing reached the carrier. */
export const QUOTA_HELD = 'quota_held';
const MESSAGE_SNIPPET_CHARS = 200;

export interface RequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** One HTTP round trip: either a status the carrier's mapper should read, or an HTTP-level failure. */
export type Exchange =
  | { ok: true; status: number; text: string; raw: RawResponse }
  /** `raw` is null when the quota held the request back and nothing was sent. */
  | { ok: false; failure: TrackingFailure; raw: RawResponse | null };

export const sent = (raw: RawResponse | null): RawResponse[] => (raw === null ? [] : [raw]);

export interface HttpDeps {
  fetch: typeof globalThis.fetch;
  now: () => number;
  timeoutMs: number;
  redactor: Redactor;
  admit?: CarrierClientOptions['admit'];
}

/** A failure of the whole call, pinned to no number. */
export function callFailure(kind: FailureKind, code: string, message: string, retryAfterSeconds?: number): TrackingFailure {
  return retryAfterSeconds === undefined ? { trackingNumber: null, kind, code, message } : { trackingNumber: null, kind, code, message, retryAfterSeconds };
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_SNIPPET_CHARS ? `${flat.slice(0, MESSAGE_SNIPPET_CHARS)}…` : flat;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** HTTP statuses that mean the same thing for every carrier; others go to the carrier's mapper. */
function classifyStatus(status: number, headers: Headers, text: string, nowMs: number): TrackingFailure | null {
  const detail = `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  if (status === 401 || status === 403) return callFailure('auth', `http_${status}`, detail);
  const retryAfter = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (status === 429) return callFailure('rate_limited', 'http_429', detail, retryAfter);
  // A 503 (or any 5xx) that says when to come back is honoured like a 429.
  if (status >= 500) return callFailure('transient', `http_${status}`, detail, retryAfter);
  return null;
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code.toLowerCase() : 'network_error';
}

/** Sends one request with a timeout covering headers and body; never throws. */
export async function send(deps: HttpDeps, spec: RequestSpec): Promise<Exchange> {
  const admission = deps.admit?.() ?? { ok: true };
  if (!admission.ok) {
    const held = callFailure('rate_limited', QUOTA_HELD, 'request quota for this minute is spent', admission.retryAfterSeconds);
    return { ok: false, failure: held, raw: null };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  const url = deps.redactor.redact(spec.url);
  const record = (httpStatus: number, body: string): RawResponse => ({
    url,
    httpStatus,
    fetchedAt: new Date(deps.now()).toISOString(),
    body: deps.redactor.redact(body),
  });
  try {
    let response: Response;
    try {
      response = await deps.fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body, signal: controller.signal });
    } catch (error) {
      const code = controller.signal.aborted ? 'timeout' : networkCode(error);
      return { ok: false, failure: callFailure('transient', code, `request failed: ${code}`), raw: record(0, '') };
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      // A body cut off mid-stream is a damaged payload, unless our timeout cut it or the status already failed.
      const cut = controller.signal.aborted
        ? callFailure('transient', 'timeout', 'response body timed out')
        : (classifyStatus(response.status, response.headers, '', deps.now()) ??
          callFailure('bad_payload', 'truncated_body', `HTTP ${response.status}: body ended early`));
      return { ok: false, failure: cut, raw: record(response.status, '') };
    }
    const raw = record(response.status, text);
    const problem = classifyStatus(response.status, response.headers, deps.redactor.redact(text), deps.now());
    return problem ? { ok: false, failure: problem, raw } : { ok: true, status: response.status, text, raw };
  } finally {
    clearTimeout(timer);
  }
}
