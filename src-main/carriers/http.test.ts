import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRedactor, createTokenCache, fetchOAuthToken, parseRetryAfter, send, type HttpDeps, type TokenFetch } from './http';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function deps(overrides: Partial<HttpDeps> = {}): HttpDeps {
  return { fetch: globalThis.fetch, now: () => NOW, timeoutMs: 1000, redactor: createRedactor([]), ...overrides };
}

function stubFetch(status: number, body: string, headers: Record<string, string> = {}): typeof fetch {
  return () => Promise.resolve(new Response(body, { status, headers }));
}

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
  });

  it('reads an HTTP date relative to the injected clock', () => {
    expect(parseRetryAfter(new Date(NOW + 90_500).toUTCString(), NOW)).toBe(90);
  });

  it('never goes negative for a date in the past', () => {
    expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});

describe('createRedactor', () => {
  it('hides raw and URL-encoded secrets, including ones learned later', () => {
    const redactor = createRedactor(['s3cr/et+', '']);
    redactor.add('tok-123');
    expect(redactor.redact('a s3cr/et+ b s3cr%2Fet%2B c tok-123')).toBe('a [redacted] b [redacted] c [redacted]');
  });
});

describe('send', () => {
  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('classifies HTTP %i as %s', async (status, kind) => {
    const exchange = await send(deps({ fetch: stubFetch(status, '{}') }), { method: 'GET', url: 'http://x/', headers: {} });
    expect(exchange.ok).toBe(false);
    expect(!exchange.ok && exchange.failure.kind).toBe(kind);
    expect(exchange.raw?.httpStatus).toBe(status);
  });

  it('reads Retry-After on 429', async () => {
    const exchange = await send(deps({ fetch: stubFetch(429, '', { 'Retry-After': '42' }) }), { method: 'GET', url: 'http://x/', headers: {} });
    expect(!exchange.ok && exchange.failure).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 42, trackingNumber: null });
  });

  it.each([
    ['120', 120],
    [new Date(NOW + 90_000).toUTCString(), 90],
  ])('reads Retry-After %s on 503 as on 429', async (header, seconds) => {
    const exchange = await send(deps({ fetch: stubFetch(503, '', { 'Retry-After': header }) }), { method: 'GET', url: 'http://x/', headers: {} });
    expect(!exchange.ok && exchange.failure).toMatchObject({ kind: 'transient', code: 'http_503', retryAfterSeconds: seconds });
  });

  it('sends nothing when the quota holds the request back, and says when a slot frees', async () => {
    let fetched = 0;
    const counting: typeof fetch = (input, init) => ((fetched += 1), stubFetch(200, '{}')(input, init));
    const exchange = await send({ ...deps({ fetch: counting }), admit: () => ({ ok: false, retryAfterSeconds: 7 }) }, { method: 'GET', url: 'http://x/', headers: {} });
    expect(exchange).toEqual({ ok: false, failure: { trackingNumber: null, kind: 'rate_limited', code: 'quota_held', message: expect.any(String), retryAfterSeconds: 7 }, raw: null });
    expect(fetched).toBe(0);
  });

  it('hands other statuses to the carrier mapper', async () => {
    const exchange = await send(deps({ fetch: stubFetch(404, '{"x":1}') }), { method: 'GET', url: 'http://x/', headers: {} });
    expect(exchange).toMatchObject({ ok: true, status: 404, text: '{"x":1}' });
  });

  it('treats a refused connection as transient', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const exchange = await send(deps(), { method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} });
    expect(!exchange.ok && exchange.failure).toMatchObject({ kind: 'transient', code: 'econnrefused' });
    expect(exchange.raw?.httpStatus).toBe(0);
  });

  it('redacts secrets from the recorded url, body and message', async () => {
    const redactor = createRedactor(['hunter2']);
    const exchange = await send(deps({ redactor, fetch: stubFetch(500, 'bad key hunter2') }), {
      method: 'GET',
      url: 'http://x/?key=hunter2',
      headers: {},
    });
    expect(JSON.stringify(exchange)).not.toContain('hunter2');
  });
});

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
