import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeCarrierServer, type FakeCarrierServer, type FakeEvent } from '.';

const START = Date.parse('2026-11-20T15:00:00Z');
const HOUR = 3_600_000;
const FIXTURES = join(__dirname, '../../../../shared/fixtures/carriers');
const fixturesPresent = existsSync(FIXTURES);

const here = { city: 'LOUISVILLE', state: 'KY', postalCode: '40209', country: 'US', utcOffset: '-05:00' };
const timeline: FakeEvent[] = [
  { at: START - HOUR, code: 'A', description: 'Label created', location: here, status: 'created' },
  { at: START + HOUR, code: 'B', description: 'Delivered', location: here, status: 'delivered' },
];

/** Every field path in a JSON value, arrays collapsed to `[]`, so two payloads can be compared by shape. */
function fieldPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) fieldPaths(item, `${prefix}[]`, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      out.add(`${prefix}.${key}`);
      fieldPaths(child, `${prefix}.${key}`, out);
    }
  }
  return out;
}

function fixturePaths(...files: string[]): Set<string> {
  const all = new Set<string>();
  for (const file of files) fieldPaths(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')), '', all);
  return all;
}

/** Fake fields the fixtures happen not to show; each is in the carrier's published schema. */
const DOCUMENTED_EXTRAS = new Set([
  // UPS Tracking.yaml: Activity.gmtDate/gmtTime/gmtOffset, Package.currentStatus (a Status), Address.postalCode.
  '.trackResponse.shipment[].package[].activity[].gmtDate',
  '.trackResponse.shipment[].package[].activity[].gmtTime',
  '.trackResponse.shipment[].package[].activity[].gmtOffset',
  '.trackResponse.shipment[].package[].activity[].location.address.postalCode',
  '.trackResponse.shipment[].package[].currentStatus',
  '.trackResponse.shipment[].package[].currentStatus.type',
  '.trackResponse.shipment[].package[].currentStatus.description',
  '.trackResponse.shipment[].package[].currentStatus.code',
  '.trackResponse.shipment[].package[].currentStatus.statusCode',
  '.trackResponse.shipment[].package[].currentStatus.simplifiedTextDescription',
]);

function unknownFields(body: unknown, known: Set<string>): string[] {
  return [...fieldPaths(body)].filter((path) => !known.has(path) && !DOCUMENTED_EXTRAS.has(path));
}

describe('fake carrier server', () => {
  let now = START;
  let server: FakeCarrierServer;

  beforeEach(async () => {
    now = START;
    server = await createFakeCarrierServer({ now: () => now });
  });
  afterEach(async () => {
    await server.close();
  });

  const dhl = (number: string, key = 'k'): Promise<Response> =>
    fetch(`${server.url}/track/shipments?trackingNumber=${number}`, { headers: { 'DHL-API-Key': key } });

  async function bearer(path: string, init: RequestInit): Promise<string> {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', ...init });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it('shows only the events whose time has come', async () => {
    server.script('dhl', '123', timeline);
    const before = (await (await dhl('123')).json()) as { shipments: Array<{ events: unknown[] }> };
    expect(before.shipments[0].events).toHaveLength(1);
    now = START + HOUR;
    const after = (await (await dhl('123')).json()) as { shipments: Array<{ events: unknown[]; status: { statusCode: string } }> };
    expect(after.shipments[0].events).toHaveLength(2);
    expect(after.shipments[0].status.statusCode).toBe('delivered');
  });

  it('treats a scripted number with nothing visible yet as unknown to the carrier', async () => {
    server.script('dhl', '123', [timeline[1]]);
    expect((await dhl('123')).status).toBe(404);
  });

  it('logs each request with the carrier, path, clock time and numbers', async () => {
    await dhl('123');
    expect(server.requests).toEqual([{ carrier: 'dhl', path: '/track/shipments', time: START, trackingNumbers: ['123'] }]);
  });

  it('only accepts the credentials it was given once set', async () => {
    server.setCredentials('dhl', { apiKey: 'right' });
    expect((await dhl('123', 'wrong')).status).toBe(401);
    expect((await dhl('123', 'right')).status).toBe(404);
  });

  it('applies a fault the number of times asked, then serves normally', async () => {
    server.inject('dhl', { kind: '500', times: 2 });
    expect((await dhl('1')).status).toBe(500);
    expect((await dhl('1')).status).toBe(500);
    expect((await dhl('1')).status).toBe(404);
  });

  it('lets a later request meet a fault, answers 503 with its Retry-After, and serves a given body', async () => {
    server.inject('dhl', { kind: 'none' });
    server.inject('dhl', { kind: '503', retryAfter: 'Fri, 20 Nov 2026 15:02:00 GMT' });
    server.inject('dhl', { kind: 'body', body: '{"shipments":[{}]}' });
    expect((await dhl('1')).status).toBe(404);
    const down = await dhl('1');
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, 'Fri, 20 Nov 2026 15:02:00 GMT']);
    const odd = await dhl('1');
    expect([odd.status, await odd.text()]).toEqual([200, '{"shipments":[{}]}']);
  });

  it('spoils what an answer says: events repeated, out of time order, or as they stood hours ago', async () => {
    const day: FakeEvent[] = [0, 1, 2, 3].map((k) => ({
      ...timeline[0],
      at: START - (4 - k) * HOUR,
      code: `E${k}`,
      description: `Scan ${k}`,
      status: k < 3 ? 'in_transit' : 'out_for_delivery',
    }));
    server.script('dhl', '123', day);
    type Answer = { shipments: Array<{ events: Array<{ timestamp: string }>; status: { statusCode: string; status: string } }> };
    const answer = async () => ((await (await dhl('123')).json()) as Answer).shipments[0];
    const times = (a: Awaited<ReturnType<typeof answer>>) => a.events.map((e) => Date.parse(e.timestamp));
    const inOrder = times(await answer());

    server.inject('dhl', { kind: 'duplicated' });
    expect(times(await answer())).toEqual(inOrder.flatMap((t) => [t, t]));
    server.inject('dhl', { kind: 'shuffled' });
    const shuffled = await answer();
    expect([...times(shuffled)].sort()).toEqual([...inOrder].sort());
    expect([inOrder, [...inOrder].reverse()]).not.toContainEqual(times(shuffled));
    // The status still names the newest scan.
    expect(shuffled.status.status).toBe('Scan 3');
    server.inject('dhl', { kind: 'stale', ageMs: 2 * HOUR });
    expect(times(await answer())).toEqual(inOrder.slice(1));
    expect(() => server.inject('dhl', { kind: 'item_error' })).toThrow('no per-item errors');
  });

  it('keeps bad_credentials until the faults are cleared', async () => {
    server.inject('dhl', { kind: 'bad_credentials' });
    expect((await dhl('1')).status).toBe(401);
    expect((await dhl('1')).status).toBe(401);
    server.clearFaults('dhl');
    expect((await dhl('1')).status).toBe(404);
  });

  it('rejects tokens once the clock passes their expiry', async () => {
    server.script('usps', '9400', timeline);
    const token = await bearer('/oauth2/v3/token', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }),
    });
    const track = (): Promise<Response> => fetch(`${server.url}/tracking/v3/tracking/9400?expand=DETAIL`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await track()).status).toBe(200);
    now = START + 28_799_000;
    expect((await track()).status).toBe(401);
  });

  it('returns the same EasyPost tracker for a repeated code', async () => {
    const create = async (): Promise<{ status: number; id: string }> => {
      const response = await fetch(`${server.url}/v2/trackers`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('key:').toString('base64')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tracker: { tracking_code: 'EZ1', carrier: 'UPS' } }),
      });
      return { status: response.status, id: ((await response.json()) as { id: string }).id };
    };
    const first = await create();
    now += HOUR;
    const second = await create();
    expect(first.status).toBe(201);
    expect(second).toEqual({ status: 200, id: first.id });
  });

  it('serves thousands of scripted parcels by lookup', async () => {
    for (let i = 0; i < 5000; i += 1) server.script('dhl', `N${i}`, timeline);
    const response = await dhl('N4999');
    expect(response.status).toBe(200);
  });

  it('frees a held socket when closed', async () => {
    server.inject('dhl', { kind: 'timeout', holdMs: 60_000 });
    const pending = dhl('1').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedAt = performance.now();
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(performance.now() - startedAt).toBeLessThan(1000);
    server = await createFakeCarrierServer({ now: () => now });
  });

  it('answers routes no carrier has with 404', async () => {
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });

  describe.skipIf(!fixturesPresent)('payload shapes match the real carrier fixtures', () => {
    const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

    it('UPS track and not-found', async () => {
      server.script('ups', '1Z1', timeline);
      now = START + HOUR;
      const token = await bearer('/security/v1/oauth/token', { headers: { ...form, Authorization: basic('a', 'b') }, body: 'grant_type=client_credentials' });
      const get = async (n: string): Promise<unknown> =>
        (await fetch(`${server.url}/api/track/v1/details/${n}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(unknownFields(await get('1Z1'), fixturePaths('ups/ups-delivered-postman-example.json'))).toEqual([]);
      expect(unknownFields(await get('1Z0'), fixturePaths('ups/ups-warning-tracking-not-found.json'))).toEqual([]);
    });

    it('FedEx track with a not-found number', async () => {
      server.script('fedex', '7948', timeline);
      now = START + HOUR;
      const token = await bearer('/oauth/token', { headers: form, body: 'grant_type=client_credentials&client_id=a&client_secret=b' });
      const response = await fetch(`${server.url}/track/v1/trackingnumbers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          includeDetailedScans: true,
          trackingInfo: [{ trackingNumberInfo: { trackingNumber: '7948' } }, { trackingNumberInfo: { trackingNumber: '0' } }],
        }),
      });
      const known = fixturePaths('fedex/fedex-openapi-example-plus-notfound.json', 'fedex/fedex-duplicate-tracking-number-delivery-exceptions.json');
      expect(unknownFields(await response.json(), known)).toEqual([]);
    });

    it('USPS track, not-found envelope and rejected token', async () => {
      server.script('usps', '9400', timeline);
      const json = { 'Content-Type': 'application/json' };
      const token = await bearer('/oauth2/v3/token', {
        headers: json,
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }),
      });
      const get = async (n: string): Promise<unknown> =>
        (await fetch(`${server.url}/tracking/v3/tracking/${n}?expand=DETAIL`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(unknownFields(await get('9400'), fixturePaths('usps_v3/usps-v3-delivered-parcel-locker.json'))).toEqual([]);
      expect(unknownFields(await get('0'), fixturePaths('usps_v3/usps-v3-error-envelope-openapi.json'))).toEqual([]);
      server.inject('usps', { kind: 'bad_credentials' });
      const rejected = await fetch(`${server.url}/oauth2/v3/token`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }),
      });
      expect(rejected.status).toBe(401);
      expect(unknownFields(await rejected.json(), fixturePaths('usps_v3/usps-v3-oauth-invalid-client.json'))).toEqual([]);
    });

    it('DHL track and 404 problem', async () => {
      server.script('dhl', '123', timeline);
      now = START + HOUR;
      expect(unknownFields(await (await dhl('123')).json(), fixturePaths('dhl_unified/dhl-unified-openapi-example.json'))).toEqual([]);
      const missing = await dhl('0');
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(unknownFields(await missing.json(), fixturePaths('dhl_unified/dhl-unified-404-not-found.json'))).toEqual([]);
    });

    it('EasyPost tracker', async () => {
      server.script('easypost', 'EZ1', timeline);
      const response = await fetch(`${server.url}/v2/trackers`, {
        method: 'POST',
        headers: { Authorization: basic('key', ''), 'Content-Type': 'application/json' },
        body: JSON.stringify({ tracker: { tracking_code: 'EZ1' } }),
      });
      expect(unknownFields(await response.json(), fixturePaths('easypost/easypost-tracker-usps-pre-transit.json'))).toEqual([]);
    });
  });
});
