/** Test support for the transport: fixed-clock deps and a fetch that answers one canned response. */
import { createRedactor } from './redactor';
import type { HttpDeps } from './transport';

export const NOW = Date.parse('2026-11-20T12:00:00Z');

export function httpDeps(overrides: Partial<HttpDeps> = {}): HttpDeps {
  return { fetch: globalThis.fetch, now: () => NOW, timeoutMs: 1000, redactor: createRedactor([]), ...overrides };
}

export function stubFetch(status: number, body: string, headers: Record<string, string> = {}): typeof fetch {
  return () => Promise.resolve(new Response(body, { status, headers }));
}
