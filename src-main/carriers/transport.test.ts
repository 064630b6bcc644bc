import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor';
import { httpDeps as deps, NOW, stubFetch } from './testing-http';
import { parseRetryAfter, send } from './transport';

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
    const exchange = await send(
      { ...deps({ fetch: counting }), admit: () => ({ ok: false, retryAfterSeconds: 7 }) },
      { method: 'GET', url: 'http://x/', headers: {} },
    );
    expect(exchange).toEqual({
      ok: false,
      failure: { trackingNumber: null, kind: 'rate_limited', code: 'quota_held', message: expect.any(String), retryAfterSeconds: 7 },
      raw: null,
    });
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
