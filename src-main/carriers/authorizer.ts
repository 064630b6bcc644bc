/** The headers a track request carries: a static credential header, or a cached OAuth token refreshed once on a 401. */
import { createTokenCache, fetchOAuthToken } from './oauth';
import { callFailure, type HttpDeps, type RequestSpec } from './transport';
import type { CarrierClientOptions, RawResponse, TrackingFailure } from './types';

export type CarrierAuth =
  | { kind: 'oauth'; tokenRequest: (credentials: Record<string, string>) => RequestSpec }
  | { kind: 'static'; headers: (credentials: Record<string, string>) => Record<string, string> };

type Authorization =
  { ok: true; headers: Record<string, string>; token: string | null; raw: RawResponse[] } | { ok: false; failure: TrackingFailure; raw: RawResponse[] };

export interface Authorizer {
  authorize(): Promise<Authorization>;
  /** Forgets a token the carrier refused; false when there is nothing to refresh (API keys). */
  refused(token: string | null): boolean;
}

export function createAuthorizer(auth: CarrierAuth, credentialFields: readonly string[], options: CarrierClientOptions, deps: HttpDeps): Authorizer {
  const missing = credentialFields.filter((field) => !options.credentials[field]);
  if (missing.length > 0) {
    const problem = callFailure('auth', 'missing_credentials', `missing credentials: ${missing.join(', ')}`);
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
