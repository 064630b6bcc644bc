import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierHealth } from '../../src-shared/api/tracking';
import { createFakeCarrierServer, type FakeCarrierServer, type FakeEvent } from '../carriers/fake-server';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { BREAKER_COOLDOWN_MS } from './policy';

const MIN = 60_000;
const HOUR = 60 * MIN;
const start = Date.parse('2026-11-20T12:00:00Z');

let core: TempCore;
let fake: FakeCarrierServer;
const notifications: string[] = [];

beforeEach(async () => {
  notifications.length = 0;
  core = createTempCore(start, fetch, { notify: (title) => notifications.push(title) });
  fake = await createFakeCarrierServer({ now: core.clock.now });
});
afterEach(async () => {
  await fake.close();
  core.dispose();
});

function addShipment(trackingNumber: string, carrier: string, status = 'created', externalId = trackingNumber): number {
  const stamp = new Date(start - 5 * HOUR).toISOString();
  return Number(
    core.services.db.raw
      .prepare(
        `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, expected_delivery_original, expected_delivery_current, status, created_at, updated_at)
         VALUES ('test', ?, ?, ?, ?, '2026-11-23', '2026-11-23', ?, ?, ?)`,
      )
      .run(externalId, trackingNumber, carrier, stamp, status, stamp, stamp).lastInsertRowid,
  );
}

const at = (minutes: number) => start + minutes * MIN;
const place = { city: 'RENO', state: 'NV', postalCode: '89501', country: 'US', utcOffset: '-08:00' };
const journey = (offset = 0): FakeEvent[] => [
  { at: at(-300 + offset), code: 'MP', description: 'Shipper created a label', location: null, status: 'created' },
  { at: at(-60 + offset), code: 'PU', description: 'Pickup Scan', location: place, status: 'in_transit' },
  { at: at(60 + offset), code: 'OT', description: 'Out For Delivery Today', location: place, status: 'out_for_delivery' },
  { at: at(200 + offset), code: 'KB', description: 'Delivered', location: place, status: 'delivered' },
];

async function connect(carrier: 'ups' | 'fedex', quotaPerMinute = 100) {
  const saved = await core.dispatch('carriers.save', {
    carrier,
    environment: 'custom',
    baseUrl: fake.url,
    credentials: { clientId: 'id-123', clientSecret: 'secret-456' },
    quotaPerMinute,
  });
  expect(saved.ok).toBe(true);
}

const shipment = (id: number) =>
  core.services.db.raw.prepare('SELECT status, substatus, first_scan_at, delivered_at, last_event_text FROM shipments WHERE id = ?').get(id) as Record<
    string,
    string | null
  >;
const eventCount = (id: number) => (core.services.db.raw.prepare('SELECT count(*) AS n FROM tracking_events WHERE shipment_id = ?').get(id) as { n: number }).n;
const health = async (carrier: string) => {
  const list = await core.dispatch('carriers.list', {});
  if (!list.ok) throw new Error(list.error.message);
  return list.value.find((h) => h.carrier === carrier) as CarrierHealth;
};
const poll = () => core.services.tracking.poller.runOnce();

describe('poller against the fake carrier server over HTTP', () => {
  it('follows a parcel from pickup to delivery as the carrier reports it', async () => {
    await connect('ups');
    const id = addShipment('1Z999AA10123456784', 'ups');
    fake.script('ups', '1Z999AA10123456784', journey());
    const updates: number[][] = [];
    core.events.subscribe((name, payload) => name === 'tracking.updated' && updates.push((payload as { shipmentIds: number[] }).shipmentIds));

    await poll();
    expect(shipment(id)).toMatchObject({ status: 'in_transit', first_scan_at: expect.stringMatching(/^2026-11-20T11:00/) });
    expect(updates).toEqual([[id]]);

    core.clock.advance(3 * HOUR);
    await core.dispatch('tracking.refresh', { shipmentIds: [id] });
    await poll();
    expect(shipment(id)).toMatchObject({ status: 'out_for_delivery' });

    core.clock.advance(3 * HOUR);
    await poll();
    expect(shipment(id)).toMatchObject({ status: 'delivered', delivered_at: expect.stringMatching(/^2026-11-20T15:20/) });
    expect(eventCount(id)).toBe(4);
  });

  it('never stores an event twice, across polls and after reopening the store', async () => {
    await connect('ups');
    const id = addShipment('1Z999AA10123456784', 'ups');
    fake.script('ups', '1Z999AA10123456784', journey());
    await poll();
    const first = eventCount(id);
    await core.dispatch('tracking.refresh', { shipmentIds: [id] });
    await poll();
    expect(eventCount(id)).toBe(first);
  });

  it('keeps a delivered parcel delivered when an older event arrives', async () => {
    await connect('ups');
    const id = addShipment('1Z999AA10123456784', 'ups');
    fake.script('ups', '1Z999AA10123456784', journey(-400));
    await poll();
    expect(shipment(id).status).toBe('delivered');
    fake.script('ups', '1Z999AA10123456784', journey(-400).slice(0, 3));
    await core.dispatch('tracking.refresh', { shipmentIds: [id] });
    await poll();
    expect(shipment(id).status).toBe('delivered');
  });

  it('"Refresh now" for a carrier asks again about every parcel still moving with it, and nothing else', async () => {
    await connect('ups');
    const moving = addShipment('1Z999AA10123456784', 'ups', 'in_transit');
    addShipment('1Z999AA10123456795', 'ups', 'delivered');
    const unpolled = addShipment('771234567890', 'fedex', 'in_transit');
    fake.script('ups', '1Z999AA10123456784', journey());
    await poll();
    core.clock.advance(2 * HOUR);

    expect(await core.dispatch('tracking.refresh', { carrier: 'ups' })).toEqual({ ok: true, value: { queued: 1, unpolled: 0, elsewhere: [] } });
    await poll();
    expect(shipment(moving).status).toBe('out_for_delivery');
    // No FedEx account and no aggregator: nothing polls those parcels, so nothing is queued.
    expect(await core.dispatch('tracking.refresh', { carrier: 'fedex' })).toEqual({ ok: true, value: { queued: 0, unpolled: 0, elsewhere: [] } });
    expect(await core.dispatch('tracking.refresh', { shipmentIds: [moving, unpolled, 999_999] })).toEqual({
      ok: true,
      value: { queued: 2, unpolled: 1, elsewhere: [] },
    });
  });

  it('polls each carrier on its own cadence, and refuses one that would spend the quota on a single parcel', async () => {
    await connect('ups');
    const save = (cadence?: Record<string, number>) =>
      core.dispatch('carriers.save', { carrier: 'ups', environment: 'custom', baseUrl: fake.url, quotaPerMinute: 100, cadence });
    expect((await save({ outForDeliveryMinutes: 10 })).ok).toBe(true);
    const id = addShipment('1Z999AA10123456784', 'ups');
    fake.script('ups', '1Z999AA10123456784', journey(-120));
    await poll();
    expect(shipment(id).status).toBe('out_for_delivery');
    const next = Date.parse((core.services.db.raw.prepare('SELECT next_poll_at FROM shipments WHERE id = ?').get(id) as { next_poll_at: string }).next_poll_at);
    // Ten minutes, plus up to a minute of jitter.
    expect(next - start).toBeGreaterThanOrEqual(10 * MIN);
    expect(next - start).toBeLessThanOrEqual(11 * MIN);
    expect((await health('ups')).cadence).toMatchObject({ outForDeliveryMinutes: 10, activeHours: 3 });

    expect(await save({ outForDeliveryMinutes: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringContaining('Out for delivery, every (minutes): at least 5') },
    });
    expect(await save({ outForDeliveryMinutes: 10, pollEverySecond: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    // A save that leaves the cadence out (a new quota, say) keeps it; the defaults again bring the defaults back.
    expect((await save()).ok).toBe(true);
    expect((await health('ups')).cadence.outForDeliveryMinutes).toBe(10);
    expect((await save({ outForDeliveryMinutes: 30 })).ok).toBe(true);
    expect((await health('ups')).cadence.outForDeliveryMinutes).toBe(30);
  });

  it('batches FedEx numbers 30 to a request and one unknown number fails nothing else', async () => {
    await connect('fedex');
    const ids = Array.from({ length: 31 }, (_, i) => addShipment(`7${String(100000000 + i).padStart(11, '0')}`, 'fedex'));
    ids.slice(0, 30).forEach((_, i) => fake.script('fedex', `7${String(100000000 + i).padStart(11, '0')}`, journey()));
    await poll();
    const trackRequests = fake.requests.filter((r) => r.path.includes('/track/'));
    expect(trackRequests.map((r) => r.trackingNumbers?.length)).toEqual([30, 1]);
    expect(ids.slice(0, 30).every((id) => shipment(id).status === 'in_transit')).toBe(true);
    expect(shipment(ids[30]).status).toBe('created');
  });

  it('polls Australia Post parcels through their own account, ten ids to a request', async () => {
    const saved = await core.dispatch('carriers.save', {
      carrier: 'australia_post',
      environment: 'custom',
      baseUrl: fake.url,
      credentials: { apiKey: 'auspost-key', password: 'auspost-pass', accountNumber: '1000123456' },
    });
    expect(saved.ok).toBe(true);
    const numbers = Array.from({ length: 12 }, (_, i) => `33XYZ00123456010009315${String(i).padStart(2, '0')}`);
    const ids = numbers.map((n) => addShipment(n, 'australia_post'));
    for (const n of numbers) {
      fake.script('australia_post', n, [
        { at: at(-300), code: '', description: 'Shipping information received by Australia Post', location: null, status: 'created' },
        {
          at: at(-60),
          code: '',
          description: 'Item processed at facility',
          location: { city: 'SUNSHINE WEST', state: 'VIC', utcOffset: '+11:00' },
          status: 'in_transit',
        },
      ]);
    }
    await poll();
    expect(ids.map((id) => shipment(id).status)).toEqual(ids.map(() => 'in_transit'));
    expect(fake.requests.filter((r) => r.trackingNumbers).map((r) => r.trackingNumbers?.length)).toEqual([10, 2]);
  });

  it('polls Canada Post pins through their own account and reads its XML', async () => {
    const saved = await core.dispatch('carriers.save', {
      carrier: 'canada_post',
      environment: 'custom',
      baseUrl: fake.url,
      credentials: { username: 'cpc-user', password: 'cpc-pass' },
    });
    expect(saved.ok).toBe(true);
    const id = addShipment('1000000000000001', 'canada_post');
    const montreal = { city: 'MONTREAL', state: 'QC', utcOffset: '-05:00' };
    fake.script('canada_post', '1000000000000001', [
      { at: at(-300), code: '3000', description: 'Electronic information submitted by shipper', location: montreal, status: 'created' },
      { at: at(-60), code: '0174', description: 'Item out for delivery', location: montreal, status: 'out_for_delivery' },
    ]);
    await poll();
    expect(shipment(id)).toMatchObject({ status: 'out_for_delivery', last_event_text: 'Item out for delivery' });
    expect(eventCount(id)).toBe(2);
  });

  it('spends no more than the quota, token request included: 2 requests a minute means a token and one parcel, then 2 parcels a minute', async () => {
    await connect('ups', 2);
    for (let i = 0; i < 5; i++) {
      addShipment(`1Z00000000000000${i}`, 'ups');
    }
    const tracked = () => fake.requests.filter((r) => r.path.includes('/track/')).length;
    await poll();
    await poll();
    expect(fake.requests.map((r) => (r.trackingNumbers ? 'track' : 'token'))).toEqual(['token', 'track']);
    core.clock.advance(MIN);
    await poll();
    expect(tracked()).toBe(3);
    core.clock.advance(30_000);
    await poll();
    expect(tracked()).toBe(3);
  });

  it('honours Retry-After on a 429 and then carries on', async () => {
    await connect('ups');
    const id = addShipment('1Z999AA10123456784', 'ups');
    fake.script('ups', '1Z999AA10123456784', journey());
    fake.inject('ups', { kind: '429', retryAfterSeconds: 120 });
    await poll();
    expect((await health('ups')).state).toBe('rate_limited');
    core.clock.advance(60_000);
    await poll();
    expect(fake.requests.filter((r) => r.path.includes('/track/')).length).toBe(1);
    core.clock.advance(61_000);
    await poll();
    expect(shipment(id).status).toBe('in_transit');
  });

  it('backs off on server errors, opens the circuit after five, and probes once after the cool-down', async () => {
    await connect('ups');
    const id = addShipment('1Z999AA10123456784', 'ups');
    fake.script('ups', '1Z999AA10123456784', journey());
    fake.inject('ups', { kind: '500', times: 5 });
    for (let i = 0; i < 5; i++) {
      if (i > 0) core.clock.advance(31 * MIN);
      await poll();
    }
    expect(await health('ups')).toMatchObject({ consecutiveFailures: 5, circuit: 'open' });
    const requestsWhileOpen = fake.requests.length;
    core.clock.advance(BREAKER_COOLDOWN_MS - MIN);
    await poll();
    expect(fake.requests.length).toBe(requestsWhileOpen);
    expect(shipment(id).status).toBe('created');
    core.clock.advance(MIN);
    await poll();
    expect(shipment(id).status).toBe('out_for_delivery');
    expect(await health('ups')).toMatchObject({ consecutiveFailures: 0, circuit: 'closed', state: 'ok' });
  });

  it('stops a carrier whose credentials are refused, tells a person, and leaves parcel statuses alone', async () => {
    await connect('ups');
    const id = addShipment('1Z999AA10123456784', 'ups', 'in_transit');
    fake.inject('ups', { kind: 'bad_credentials' });
    await poll();
    expect(shipment(id).status).toBe('in_transit');
    expect(notifications).toEqual(['UPS tracking stopped']);
    expect((await health('ups')).state).toBe('auth_failed');
    core.clock.advance(HOUR);
    await poll();
    expect(fake.requests.filter((r) => r.path.includes('oauth')).length).toBe(1);
    fake.clearFaults('ups');
    await core.dispatch('carriers.resume', { carrier: 'ups' });
    fake.script('ups', '1Z999AA10123456784', journey());
    await poll();
    expect((await health('ups')).state).toBe('ok');
  });

  it('never sends credentials back to a window', async () => {
    await connect('ups');
    const listed = JSON.stringify(await core.dispatch('carriers.list', {}));
    expect(listed).not.toContain('secret-456');
    expect(listed).not.toContain('id-123');
  });

  it('reports offline when the carrier cannot be reached, and recovers', async () => {
    const saved = await core.dispatch('carriers.save', {
      carrier: 'ups',
      environment: 'custom',
      baseUrl: 'http://127.0.0.1:1',
      credentials: { clientId: 'a', clientSecret: 'b' },
    });
    expect(saved.ok).toBe(true);
    addShipment('1Z999AA10123456784', 'ups');
    await poll();
    const status = await core.dispatch('system.status', {});
    expect(status.ok && status.value.online).toBe(false);
  });
});
