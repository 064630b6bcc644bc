import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepRunningOnStrayFailures } from '../platform/last-resort';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { startWebHost, type WebHost } from './host';

let core: TempCore;
let host: WebHost;
let staticDir: string;

beforeAll(async () => {
  core = createTempCore();
  staticDir = mkdtempSync(join(tmpdir(), 'waybill-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Waybill</title>');
  host = await startWebHost({ core, staticDir });
});
afterAll(async () => {
  await host.close();
  core.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

/** Raw node:http so the test can send the Host and Origin headers a hostile page would. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}, base = host.url) {
  const url = new URL(base);
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    // The raw path goes on the wire as written: a browser's <img src> sends malformed escapes too.
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: { host: url.host, ...options.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  send('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body: JSON.stringify(body),
  });

describe('browser-mode host', () => {
  it('listens on loopback only', () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
  });

  it('dispatches a named method and returns the envelope', async () => {
    const res = await invoke({ method: 'system.stats', arg: {} });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { total: 0, byStatus: {}, byCarrier: {} } });
  });

  it('answers an unknown method with an error envelope, not a crash', async () => {
    const res = await invoke({ method: 'fs.readFile', arg: { path: '/etc/passwd' } });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses calls without the per-run token', async () => {
    const res = await invoke({ method: 'system.stats', arg: {} }, { authorization: 'Bearer wrong' });
    expect(res.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await invoke({ method: 'system.stats', arg: {} }, { host: 'evil.example:80' });
    expect(res.status).toBe(421);
  });

  it('refuses a request from a foreign origin even with the token', async () => {
    const res = await invoke({ method: 'system.stats', arg: {} }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('serves the app with a strict CSP and never serves files outside its folder', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await send('/../../etc/passwd')).status).toBe(404);
    expect((await send('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('streams core events to a subscriber holding the token', async () => {
    const url = new URL(`/api/events?token=${host.token}`, host.url);
    const received = new Promise<string>((resolve) => {
      const req = request(url, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
          if (text.includes('event: shipments.changed')) {
            resolve(text);
            req.destroy();
          }
        });
        res.once('data', () => core.events.emit('shipments.changed', { reason: 'sync', count: 3 }));
      });
      req.end();
    });
    expect(await received).toContain('data: {"reason":"sync","count":3}');
  });
});

describe('hardening of the browser-mode host (issue 16)', () => {
  it('item 1: a malformed percent-escape in a path answers 400 and the host keeps serving', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/assets/%zz.js', '/api/exports/%E0%A4%A?token=x']) {
      const res = await send(path);
      expect([400, 401, 404]).toContain(res.status);
      if (!path.startsWith('/api/')) expect(res.status).toBe(400);
    }
    expect((await send('/')).status).toBe(200);
  });

  it('item 2: an invoke body that is null, an array, or names a method by object answers 400 invalid_argument', async () => {
    for (const body of [null, [], 'system.stats', 7, { method: { toString: 1 } }, { method: ['system.stats'] }, {}]) {
      const res = await invoke(body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    }
    expect(JSON.parse((await invoke({ method: 'system.stats', arg: {} })).body)).toMatchObject({ ok: true });
  });

  it('item 2: the dispatcher answers a non-string method name with an envelope, not a rejection', async () => {
    const result = await core.dispatchUntrusted({ toString: 1 }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('item 3: a request handler that throws answers 500, is logged, and the host keeps serving', async () => {
    const logged: string[] = [];
    let calls = 0;
    const failing = await startWebHost({
      core: {
        events: core.events,
        dispatchUntrusted: (name, arg, ctx) => {
          calls += 1;
          if (calls === 1) throw new Error('boom outside the dispatcher');
          if (calls === 2) return Promise.reject(new Error('rejected outside the dispatcher'));
          return core.dispatchUntrusted(name, arg, ctx);
        },
      },
      staticDir,
      token: 'fixed-token-for-this-test',
      logger: { error: (message) => void logged.push(message) },
    });
    try {
      const call = () =>
        send(
          '/api/invoke',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer fixed-token-for-this-test' },
            body: '{"method":"system.stats","arg":{}}',
          },
          failing.url,
        );
      expect((await call()).status).toBe(500);
      const second = await call();
      expect(second.status).toBe(500);
      expect(JSON.parse(second.body)).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(JSON.parse((await call()).body)).toMatchObject({ ok: true });
      expect(logged).toHaveLength(2);
    } finally {
      await failing.close();
    }
  });

  it('item 3: a throwing event listener is logged and neither the emitter nor the other listeners fail', async () => {
    const seen: string[] = [];
    const unsubscribeBad = core.events.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribeGood = core.events.subscribe((name) => void seen.push(name));
    try {
      expect(() => core.events.emit('shipments.changed', { reason: 'sync', count: 1 })).not.toThrow();
      expect(seen).toEqual(['shipments.changed']);
    } finally {
      unsubscribeBad();
      unsubscribeGood();
    }
  });

  it('item 3: a stray rejection or exception in a long-running process is logged, not fatal', () => {
    const source = new EventEmitter();
    const logged: string[] = [];
    keepRunningOnStrayFailures(source, { error: (message) => void logged.push(message) });
    source.emit('unhandledRejection', new Error('nobody awaited this'));
    source.emit('uncaughtException', new Error('nobody caught this'));
    expect(logged).toEqual(['Unhandled rejection (the console keeps running)', 'Uncaught exception (the console keeps running)']);
  });
});
