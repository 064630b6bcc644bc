/** OAuth2 client-credentials tokens: one fetch shared by concurrent callers, renewed before the carrier's expiry. */
import { callFailure, parseJson, send, sent, snippet, type HttpDeps, type RequestSpec } from './transport';
import type { RawResponse, TrackingFailure } from './types';

/** Tokens are renewed this long before the carrier says they expire, so a call never races the expiry. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;
/** Used when a token response omits expires_in; a 401 on track still forces a refresh if it was wrong. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

export type TokenResult = { ok: true; token: string; raw: RawResponse[] } | { ok: false; failure: TrackingFailure; raw: RawResponse[] };

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
  { ok: true; token: string; expiresInSeconds: number; raw: RawResponse[] } | { ok: false; failure: TrackingFailure; raw: RawResponse[] };

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
    return { ok: false, failure: callFailure('auth', `token_http_${exchange.status}`, message), raw: [exchange.raw] };
  }
  const parsed = parseJson(exchange.text);
  const grant = parsed.ok ? readGrant(parsed.value) : null;
  if (grant === null) {
    return { ok: false, failure: callFailure('bad_payload', 'token_unreadable', 'token response has no access_token'), raw: [exchange.raw] };
  }
  deps.redactor.add(grant.accessToken);
  const raw = { ...exchange.raw, body: deps.redactor.redact(exchange.text) };
  return { ok: true, token: grant.accessToken, expiresInSeconds: grant.expiresInSeconds, raw: [raw] };
}
