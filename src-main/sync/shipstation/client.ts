import type { Clock } from '../../platform/ports';
import { UpstreamError } from '../types';

export const SHIPSTATION_V1_URL = 'https://ssapi.shipstation.com';
/** ShipStation V1 allows 40 requests a minute per API key and secret; this is only the assumption before the first reply says otherwise. */
export const DOCUMENTED_LIMIT_PER_MINUTE = 40;
const REQUEST_TIMEOUT_MS = 30_000;
const TRANSIENT_RETRIES = 3;
const RATE_LIMIT_RETRIES = 5;
const BACKOFF_BASE_MS = 2_000;

export interface ShipStationClientOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
}

export interface RateWindow {
  limit: number;
  remaining: number | null;
  resetAt: number;
}

const numberHeader = (headers: Headers, name: string): number | null => {
  const value = headers.get(name);
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : null;
};

/**
 * GET with ShipStation V1's rules: Basic auth from key and secret; when X-Rate-Limit-Remaining reaches 0 the
 * next call waits X-Rate-Limit-Reset seconds; a 429 waits the same and retries; 5xx and network failures
 * back off (2 s, 4 s, 8 s) and then give up as "unreachable"; refused credentials never retry.
 */
export function createShipStationClient(options: ShipStationClientOptions) {
  const auth = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`;
  const window: RateWindow = { limit: DOCUMENTED_LIMIT_PER_MINUTE, remaining: null, resetAt: 0 };
  let requests = 0;

  const learn = (headers: Headers) => {
    const limit = numberHeader(headers, 'x-rate-limit-limit');
    const remaining = numberHeader(headers, 'x-rate-limit-remaining');
    const reset = numberHeader(headers, 'x-rate-limit-reset');
    if (limit !== null) window.limit = limit;
    if (remaining !== null) window.remaining = remaining;
    if (reset !== null) window.resetAt = options.clock.now() + reset * 1000;
    return reset;
  };

  const waitForWindow = async () => {
    const wait = window.resetAt - options.clock.now();
    if (window.remaining !== null && window.remaining <= 0 && wait > 0) {
      await options.sleep(wait, options.signal);
      window.remaining = null;
    }
  };

  async function get<T>(path: string, query: Record<string, string | number>): Promise<T> {
    const url = new URL(path, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    let transient = 0;
    let throttled = 0;
    for (;;) {
      await waitForWindow();
      requests++;
      let response: Response;
      try {
        response = await options.fetch(url, {
          headers: { authorization: auth, accept: 'application/json' },
          signal: AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        });
      } catch (error) {
        if (options.signal.aborted) throw error;
        if (++transient > TRANSIENT_RETRIES) throw new UpstreamError('unreachable', `ShipStation could not be reached (${(error as Error).message}).`);
        await options.sleep(BACKOFF_BASE_MS * 2 ** (transient - 1), options.signal);
        continue;
      }
      const reset = learn(response.headers);
      if (response.ok) return (await response.json()) as T;
      const body = (await response.text()).slice(0, 200);
      if (response.status === 429) {
        if (++throttled > RATE_LIMIT_RETRIES) throw new UpstreamError('unreachable', 'ShipStation kept answering "too many requests".');
        const retryAfter = numberHeader(response.headers, 'retry-after');
        window.remaining = 0;
        window.resetAt = options.clock.now() + (reset ?? retryAfter ?? 60) * 1000;
        continue;
      }
      if (response.status >= 500) {
        if (++transient > TRANSIENT_RETRIES) throw new UpstreamError('unreachable', `ShipStation is failing (HTTP ${response.status}).`);
        await options.sleep(BACKOFF_BASE_MS * 2 ** (transient - 1), options.signal);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new UpstreamError('auth', 'ShipStation refused the API key and secret; enter them again in Sync settings.');
      }
      throw new UpstreamError('rejected', `ShipStation refused the request (HTTP ${response.status}): ${body}`);
    }
  }

  return { get, window, requests: () => requests };
}
