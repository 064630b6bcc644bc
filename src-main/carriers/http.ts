import type {
  CarrierClient,
  CarrierClientOptions,
  FailureKind,
  ParseContext,
  ParsedTracking,
  RawResponse,
  TrackingFailure,
  TrackOutcome,
} from './types';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Failure code of a request our own quota held back: nothing reached the carrier. */
export const QUOTA_HELD = 'quota_held';
/** Tokens are renewed this long before the carrier says they expire, so a call never races the expiry. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;
/** Used when a token response omits expires_in; a 401 on track still forces a refresh if it was wrong. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
const MESSAGE_SNIPPET_CHARS = 200;
const REDACTED = '[redacted]';
/** An Authorization value: a scheme, then a token with a digit or symbol in it (so "Basic authentication" stays prose). */
const AUTH_HEADER_VALUE = /\b(Basic|Bearer)\s+(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi;

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

const sent = (raw: RawResponse | null): RawResponse[] => (raw === null ? [] : [raw]);

export interface Redactor {
  add(secret: string): void;
  redact(text: string): string;
}

/** Replaces every known secret (credentials, issued tokens) in text that leaves the client. */
export function createRedactor(initial: Iterable<string>): Redactor {
  const secrets = new Set<string>();
  const add = (secret: string): void => {
    if (secret.length === 0) return;
    secrets.add(secret);
    secrets.add(encodeURIComponent(secret));
  };
  const known = [...initial];
  for (const secret of known) add(secret);
  // HTTP Basic sends base64("user:password"): that form reveals both, so it is a secret too.
  for (const user of known) for (const password of known) if (user && password) add(Buffer.from(`${user}:${password}`).toString('base64'));
  return {
    add,
    redact: (text) => {
      let out = text;
      for (const secret of secrets) out = out.split(secret).join(REDACTED);
      // A Basic header is base64 of user:password and a Bearer one may be a token we never saw: hide both forms.
      return out.replace(AUTH_HEADER_VALUE, `$1 ${REDACTED}`);
    },
  };
}

function failure(kind: FailureKind, code: string, message: string, retryAfterSeconds?: number): TrackingFailure {
  return retryAfterSeconds === undefined
    ? { trackingNumber: null, kind, code, message }
    : { trackingNumber: null, kind, code, message, retryAfterSeconds };
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

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_SNIPPET_CHARS ? `${flat.slice(0, MESSAGE_SNIPPET_CHARS)}…` : flat;
}

/** HTTP statuses that mean the same thing for every carrier; others go to the carrier's mapper. */
function classifyStatus(status: number, headers: Headers, text: string, nowMs: number): TrackingFailure | null {
  const detail = `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  if (status === 401 || status === 403) return failure('auth', `http_${status}`, detail);
  const retryAfter = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (status === 429) return failure('rate_limited', 'http_429', detail, retryAfter);
  // A 503 (or any 5xx) that says when to come back is honoured like a 429.
  if (status >= 500) return failure('transient', `http_${status}`, detail, retryAfter);
  return null;
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code.toLowerCase() : 'network_error';
}

export interface HttpDeps {
  fetch: typeof globalThis.fetch;
  now: () => number;
  timeoutMs: number;
  redactor: Redactor;
  admit?: CarrierClientOptions['admit'];
}

/** Sends one request with a timeout covering headers and body; never throws. */
export async function send(deps: HttpDeps, spec: RequestSpec): Promise<Exchange> {
  const admission = deps.admit?.() ?? { ok: true };
  if (!admission.ok) {
    const held = failure('rate_limited', QUOTA_HELD, 'request quota for this minute is spent', admission.retryAfterSeconds);
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
      return { ok: false, failure: failure('transient', code, `request failed: ${code}`), raw: record(0, '') };
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      // A body cut off mid-stream is a damaged payload, unless our timeout cut it or the status already failed.
      const cut = controller.signal.aborted
        ? failure('transient', 'timeout', 'response body timed out')
        : (classifyStatus(response.status, response.headers, '', deps.now()) ??
          failure('bad_payload', 'truncated_body', `HTTP ${response.status}: body ended early`));
      return { ok: false, failure: cut, raw: record(response.status, '') };
    }
    const raw = record(response.status, text);
    const problem = classifyStatus(response.status, response.headers, deps.redactor.redact(text), deps.now());
    return problem ? { ok: false, failure: problem, raw } : { ok: true, status: response.status, text, raw };
  } finally {
    clearTimeout(timer);
  }
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export type TokenResult =
  | { ok: true; token: string; raw: RawResponse[] }
  | { ok: false; failure: TrackingFailure; raw: RawResponse[] };

export interface TokenCache {
  /** A valid cached token, or one fetched now; concurrent callers share a single fetch. */
  get(): Promise<TokenResult>;
  /** Drops the token if it is still the cached one, so a 401 leads to exactly one refresh. */
  invalidate(token: string): void;
}

interface TokenGrant {
  accessToken: string;
  expiresInSeconds: number;
}

/** A token fetch reports the lifetime the carrier granted so the cache can schedule the refresh. */
export type TokenFetch =
  | { ok: true; token: string; expiresInSeconds: number; raw: RawResponse[] }
  | { ok: false; failure: TrackingFailure; raw: RawResponse[] };

export function createTokenCache(deps: { now: () => number; fetchToken: () => Promise<TokenFetch> }): TokenCache {
  let current: { token: string; refreshAt: number } | null = null;
  let inFlight: Promise<TokenResult> | null = null;

  const fetchAndStore = async (): Promise<TokenResult> => {
    const requestedAt = deps.now();
    const result = await deps.fetchToken();
    if (!result.ok) return result;
    const lifetimeMs = result.expiresInSeconds * 1000;
    // Short-lived tokens still get half their life rather than none.
    current = { token: result.token, refreshAt: requestedAt + Math.max(lifetimeMs / 2, lifetimeMs - TOKEN_REFRESH_MARGIN_MS) };
    return { ok: true, token: result.token, raw: result.raw };
  };

  return {
    get: () => {
      if (current !== null && deps.now() < current.refreshAt) return Promise.resolve({ ok: true, token: current.token, raw: [] });
      inFlight ??= fetchAndStore().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate: (token) => {
      if (current?.token === token) current = null;
    },
  };
}

function readGrant(value: unknown): TokenGrant | null {
  if (typeof value !== 'object' || value === null) return null;
  const { access_token: accessToken, expires_in: expiresIn } = value as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken.length === 0) return null;
  const seconds = Number(expiresIn);
  return { accessToken, expiresInSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TOKEN_LIFETIME_SECONDS };
}

/** Runs an OAuth2 client-credentials token request; any rejection by the token endpoint is an auth problem. */
export async function fetchOAuthToken(deps: HttpDeps, spec: RequestSpec): Promise<TokenFetch> {
  const exchange = await send(deps, spec);
  if (!exchange.ok) return { ok: false, failure: exchange.failure, raw: sent(exchange.raw) };
  if (exchange.status < 200 || exchange.status >= 300) {
    const message = `token request rejected: HTTP ${exchange.status}: ${snippet(exchange.raw.body)}`;
    return { ok: false, failure: failure('auth', `token_http_${exchange.status}`, message), raw: [exchange.raw] };
  }
  const parsed = parseJson(exchange.text);
  const grant = parsed.ok ? readGrant(parsed.value) : null;
  if (grant === null) {
    return { ok: false, failure: failure('bad_payload', 'token_unreadable', 'token response has no access_token'), raw: [exchange.raw] };
  }
  deps.redactor.add(grant.accessToken);
  const raw = { ...exchange.raw, body: deps.redactor.redact(exchange.text) };
  return { ok: true, token: grant.accessToken, expiresInSeconds: grant.expiresInSeconds, raw: [raw] };
}

export type CarrierAuth =
  | { kind: 'oauth'; tokenRequest: (credentials: Record<string, string>) => RequestSpec }
  | { kind: 'static'; headers: (credentials: Record<string, string>) => Record<string, string> };

/** Everything that differs between carriers; the retry, batching and failure rules are shared. */
export interface CarrierDefinition {
  carrier: string;
  maxBatch: number;
  credentialFields: readonly string[];
  auth: CarrierAuth;
  trackRequest: (numbers: string[], authHeaders: Record<string, string>) => RequestSpec;
  /** Cheap authenticated call for testConnection when there is no token endpoint to try. */
  probeRequest?: (authHeaders: Record<string, string>) => RequestSpec;
  /** XML carriers (Canada Post) get the body text as received; the default parses it as JSON first. */
  body?: 'json' | 'xml';
  parse: (body: unknown, ctx: ParseContext) => ParsedTracking;
}

interface ChunkOutcome {
  parsed: ParsedTracking;
  raw: RawResponse[];
}

const PER_NUMBER_KINDS: ReadonlySet<FailureKind> = new Set(['not_found', 'invalid_number']);

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Pins an unattributed "not found" or "invalid number" on the one number its request carried. Everything
 * else unattributed (5xx, timeout, unreadable body, auth, rate limit) is the carrier's failure, whatever
 * the request carried: the poller counts it and backs the carrier off, and no parcel counts as answered.
 */
function attribute(error: TrackingFailure, numbers: string[]): TrackingFailure {
  if (error.trackingNumber !== null || numbers.length !== 1) return error;
  return PER_NUMBER_KINDS.has(error.kind) ? { ...error, trackingNumber: numbers[0] } : error;
}

function failed(error: TrackingFailure, raw: RawResponse[]): ChunkOutcome {
  return { parsed: { results: [], errors: [error] }, raw };
}

type Authorization =
  | { ok: true; headers: Record<string, string>; token: string | null; raw: RawResponse[] }
  | { ok: false; failure: TrackingFailure; raw: RawResponse[] };

interface Authorizer {
  authorize(): Promise<Authorization>;
  /** Forgets a token the carrier refused; false when there is nothing to refresh (API keys). */
  refused(token: string | null): boolean;
}

function createAuthorizer(def: CarrierDefinition, options: CarrierClientOptions, deps: HttpDeps): Authorizer {
  const missing = def.credentialFields.filter((field) => !options.credentials[field]);
  const auth = def.auth;
  if (missing.length > 0) {
    const problem = failure('auth', 'missing_credentials', `missing credentials: ${missing.join(', ')}`);
    return { authorize: () => Promise.resolve({ ok: false, failure: problem, raw: [] }), refused: () => false };
  }
  if (auth.kind === 'static') {
    const headers = auth.headers(options.credentials);
    return { authorize: () => Promise.resolve({ ok: true, headers, token: null, raw: [] }), refused: () => false };
  }
  const tokens = createTokenCache({ now: options.now, fetchToken: () => fetchOAuthToken(deps, auth.tokenRequest(options.credentials)) });
  return {
    authorize: async () => {
      const result = await tokens.get();
      return result.ok ? { ok: true, headers: { Authorization: `Bearer ${result.token}` }, token: result.token, raw: result.raw } : result;
    },
    refused: (token) => {
      if (token === null) return false;
      tokens.invalidate(token);
      return true;
    },
  };
}

export function createCarrierClient(def: CarrierDefinition, options: CarrierClientOptions): CarrierClient {
  const redactor = createRedactor(Object.values(options.credentials));
  const deps: HttpDeps = { fetch: options.fetch, now: options.now, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, redactor, admit: options.admit };
  const { authorize, refused } = createAuthorizer(def, options, deps);

  const parseExchange = (exchange: Extract<Exchange, { ok: true }>, numbers: string[]): ParsedTracking => {
    const json = def.body === 'xml' ? { ok: true as const, value: exchange.text } : parseJson(exchange.text);
    if (!json.ok) return { results: [], errors: [failure('bad_payload', 'invalid_json', `HTTP ${exchange.status}: body is not JSON`)] };
    try {
      return def.parse(json.value, { httpStatus: exchange.status, requested: numbers });
    } catch {
      // A mapper that chokes on an unexpected shape must not take the poller down with it.
      return { results: [], errors: [failure('bad_payload', 'unparseable', `HTTP ${exchange.status}: unexpected response shape`)] };
    }
  };

  const trackChunk = async (numbers: string[]): Promise<ChunkOutcome> => {
    const first = await authorize();
    if (!first.ok) return failed(first.failure, first.raw);
    const raw = [...first.raw];
    let exchange = await send(deps, def.trackRequest(numbers, first.headers));
    raw.push(...sent(exchange.raw));
    // An expired or revoked token is not the parcel's fault: refresh once and try again.
    if (!exchange.ok && exchange.raw?.httpStatus === 401 && refused(first.token)) {
      const second = await authorize();
      raw.push(...second.raw);
      if (!second.ok) return failed(second.failure, raw);
      exchange = await send(deps, def.trackRequest(numbers, second.headers));
      raw.push(...sent(exchange.raw));
    }
    if (!exchange.ok) return failed(exchange.failure, raw);
    return { parsed: parseExchange(exchange, numbers), raw };
  };

  const track = async (trackingNumbers: string[]): Promise<TrackOutcome> => {
    const outcome: TrackOutcome = { results: [], errors: [], raw: [] };
    for (const numbers of chunk([...new Set(trackingNumbers)], def.maxBatch)) {
      const part = await trackChunk(numbers);
      outcome.results.push(...part.parsed.results);
      outcome.raw.push(...part.raw);
      const errors = part.parsed.errors.map((error) => ({ ...attribute(error, numbers), message: redactor.redact(error.message) }));
      outcome.errors.push(...errors);
      // A carrier failing a whole request (down, hanging, refusing, limiting) would fail the next one too:
      // stop, so a hang costs one timeout, not one per parcel; the numbers not asked stay due.
      if (errors.some((error) => error.trackingNumber === null)) break;
    }
    return outcome;
  };

  const testConnection: CarrierClient['testConnection'] = async () => {
    const granted = await authorize();
    if (!granted.ok) return { ok: false, kind: granted.failure.kind, message: redactor.redact(granted.failure.message) };
    if (def.probeRequest === undefined) return { ok: true };
    const exchange = await send(deps, def.probeRequest(granted.headers));
    return exchange.ok ? { ok: true } : { ok: false, kind: exchange.failure.kind, message: exchange.failure.message };
  };

  return { carrier: def.carrier, maxBatch: def.maxBatch, track, testConnection };
}
