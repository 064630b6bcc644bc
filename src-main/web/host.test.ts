import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(path, host.url);
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
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
