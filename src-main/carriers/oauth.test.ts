import { describe, expect, it } from 'vitest';
import { createTokenCache, fetchOAuthToken, type TokenFetch } from './oauth';
import { httpDeps as deps, NOW, stubFetch } from './testing-http';

describe('createTokenCache', () => {
  function counting(expiresInSeconds: number): { fetchToken: () => Promise<TokenFetch>; calls: () => number } {
    let calls = 0;
    return {
      calls: () => calls,
      fetchToken: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { ok: true, token: `t${calls}`, expiresInSeconds, raw: [] };
      },
    };
  }

  it('shares one in-flight fetch between concurrent callers', async () => {
    const source = counting(3600);
    const cache = createTokenCache({ now: () => NOW, fetchToken: source.fetchToken });
    const results = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(source.calls()).toBe(1);
    expect(results.map((r) => r.ok && r.token)).toEqual(['t1', 't1', 't1']);
  });

  it('refreshes 60 s before expiry', async () => {
    let now = NOW;
    const source = counting(3600);
    const cache = createTokenCache({ now: () => now, fetchToken: source.fetchToken });
    await cache.get();
    now = NOW + 3_539_000;
    await cache.get();
    expect(source.calls()).toBe(1);
    now = NOW + 3_540_000;
    await cache.get();
    expect(source.calls()).toBe(2);
  });

  it('invalidates only the token it was told about', async () => {
    const source = counting(3600);
    const cache = createTokenCache({ now: () => NOW, fetchToken: source.fetchToken });
    await cache.get();
    cache.invalidate('some-older-token');
    await cache.get();
    expect(source.calls()).toBe(1);
    cache.invalidate('t1');
    const next = await cache.get();
    expect(next.ok && next.token).toBe('t2');
  });

  it('does not cache a failed fetch', async () => {
    let calls = 0;
    const cache = createTokenCache({
      now: () => NOW,
      fetchToken: () => {
        calls += 1;
        return Promise.resolve({ ok: false, failure: { trackingNumber: null, kind: 'auth', code: 'x', message: 'x' }, raw: [] });
      },
    });
    await cache.get();
    await cache.get();
    expect(calls).toBe(2);
  });
});

describe('fetchOAuthToken', () => {
  const spec = { method: 'POST' as const, url: 'http://x/token', headers: {} };

  it('reads a string expires_in and hides the issued token in raw', async () => {
    const result = await fetchOAuthToken(deps({ fetch: stubFetch(200, '{"access_token":"tok-9","expires_in":"14399"}') }), spec);
    expect(result).toMatchObject({ ok: true, token: 'tok-9', expiresInSeconds: 14399 });
    expect(result.raw[0].body).toBe('{"access_token":"[redacted]","expires_in":"14399"}');
  });

  it('treats a 400 from the token endpoint as an auth problem', async () => {
    const result = await fetchOAuthToken(deps({ fetch: stubFetch(400, '{"error":"invalid_client"}') }), spec);
    expect(!result.ok && result.failure).toMatchObject({ kind: 'auth', code: 'token_http_400' });
  });

  it('treats a grant without access_token as a bad payload', async () => {
    const result = await fetchOAuthToken(deps({ fetch: stubFetch(200, '{"token_type":"Bearer"}') }), spec);
    expect(!result.ok && result.failure).toMatchObject({ kind: 'bad_payload' });
  });
});
