import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierHealth } from '../../src-shared/api/tracking';
import { exampleTrackingNumber, TRACKING_ACCOUNTS, type TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import { createFakeCarrierServer, type FakeCarrierServer, type FakeEvent } from '../carriers/fake-server';
import { CARRIER_MANIFESTS } from '../carriers/registry';
import { createCore, type Core } from '../core';
import { memorySecretStore } from '../platform/ports';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { createPoller, type PollerOptions } from './poller';
import { join } from 'node:path';
import { fileSecretStore } from '../platform/file-secret-store';
import { cli } from '../testing/run-cli';

const MIN = 60_000;
const HOUR = 60 * MIN;
const start = Date.parse('2026-11-20T12:00:00Z');
const at = (minutes: number) => start + minutes * MIN;

let core: TempCore;
let fake: FakeCarrierServer;
const others: Core[] = [];

beforeEach(async () => {
  core = createTempCore(start);
  fake = await createFakeCarrierServer({ now: core.clock.now });
});
afterEach(async () => {
  others.splice(0).forEach((c) => c.close());
  await fake.close();
  core.dispose();
});

/** Distinct credentials for any account, in the fields its manifest asks for. */
const credentialsOf = (carrier: TrackingAccount) =>
  Object.fromEntries(CARRIER_MANIFESTS[carrier].credentialFields.map((field) => [field, `${carrier}-${field}-7781`]));

async function connect(target: Core, carrier: TrackingAccount, quotaPerMinute = 100) {
  const saved = await target.dispatch('carriers.save', {
    carrier,
    environment: 'custom',
    baseUrl: fake.url,
    credentials: credentialsOf(carrier),
    quotaPerMinute,
  });
  expect(saved.ok).toBe(true);
}

function addShipment(trackingNumber: string, carrier: string, status = 'in_transit'): number {
  const stamp = new Date(start - 5 * HOUR).toISOString();
  return Number(
    core.services.db.raw
      .prepare(
        `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, created_at, updated_at)
         VALUES ('test', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(trackingNumber, trackingNumber, carrier, stamp, status, stamp, stamp).lastInsertRowid,
  );
}

const journey: FakeEvent[] = [
  { at: at(-300), code: 'MP', description: 'Shipper created a label', location: null, status: 'created' },
  { at: at(-60), code: 'PU', description: 'Pickup Scan', location: { city: 'RENO', state: 'NV', country: 'US', utcOffset: '-08:00' }, status: 'in_transit' },
  {
    at: at(-30),
    code: 'OT',
    description: 'Out For Delivery Today',
    location: { city: 'RENO', state: 'NV', country: 'US', utcOffset: '-08:00' },
    status: 'out_for_delivery',
  },
];

const row = (id: number) =>
  core.services.db.raw.prepare('SELECT status, next_poll_at FROM shipments WHERE id = ?').get(id) as { status: string; next_poll_at: string };
const events = (id: number) => (core.services.db.raw.prepare('SELECT count(*) AS n FROM tracking_events WHERE shipment_id = ?').get(id) as { n: number }).n;
const trackRequests = (carrier?: string) => fake.requests.filter((r) => r.trackingNumbers && (!carrier || r.carrier === carrier));
const health = async (target: Core, carrier: string) => {
  const list = await target.dispatch('carriers.list', {});
  if (!list.ok) throw new Error(list.error.message);
  return list.value.find((h) => h.carrier === carrier) as CarrierHealth;
};
const poll = () => core.services.tracking.poller.runOnce();

/** Another process on the same store: the app beside `track poll --once`, with its own memory. */
function secondProcess(): Core {
  const other = createCore({
    dbPath: core.dbPath,
    clock: core.clock,
    fetch,
    secrets: memorySecretStore(),
    config: { version: 'test', dataDir: core.dir },
    logger: quietLogger,
  });
  others.push(other);
  return other;
}

/** A poller of its own on the test's store, its notifications kept in `notified`; `options` add what a test changes. */
const pollerOnStore = (notified: string[] = [], options: Partial<PollerOptions> = {}) =>
  createPoller({
    db: core.services.db,
    clock: core.clock,
    fetch,
    accounts: core.services.tracking.accounts,
    ingest: core.services.tracking.ingest,
    events: core.events,
    notifier: { notify: (title) => notified.push(title) },
    logger: quietLogger,
    ...options,
  });

/** Most requests any 60 s window [t, t + 60 s) held, token requests included. */
const busiestMinute = (times: number[]) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + MIN).length));

describe('1. a whole-request failure is the carrier failing, even for one parcel a request', () => {
  it('counts UPS answering 500 to everything, backs off, opens the breaker, and answers no parcel', async () => {
    await connect(core, 'ups');
    const ids = ['1Z999AA10000000001', '1Z999AA10000000002', '1Z999AA10000000003'].map((n) => addShipment(n, 'ups'));
    fake.inject('ups', { kind: '500', times: 1000 });
    await core.dispatch('tracking.refresh', { shipmentIds: ids });
    const dueAt = ids.map((id) => row(id).next_poll_at);
    for (let i = 0; i < 7; i++) {
      if (i > 0) core.clock.advance(31 * MIN);
      await poll();
    }
    // One request a poll (the other parcels not asked): five failures open the breaker; each probe after the cool-down re-opens it.
    expect(trackRequests('ups')).toHaveLength(7);
    expect(await health(core, 'ups')).toMatchObject({
      state: 'circuit_open',
      circuit: 'open',
      consecutiveFailures: 7,
      lastSuccessAt: null,
      lastFailure: expect.stringContaining('HTTP 500'),
    });
    expect(ids.map((id) => row(id).next_poll_at)).toEqual(dueAt);
  });

  it.each([
    ['an unreadable body', { kind: 'malformed' as const, times: 5 }],
    ['a body cut mid-stream', { kind: 'truncated' as const, times: 5 }],
  ])('counts %s from USPS as a failure of the carrier, not of the parcel', async (_name, fault) => {
    await connect(core, 'usps');
    const id = addShipment('9400100000000000000028', 'usps');
    fake.inject('usps', fault);
    await poll();
    expect(await health(core, 'usps')).toMatchObject({ state: 'backing_off', consecutiveFailures: 1, lastSuccessAt: null });
    // Still due now: not rescheduled hours ahead as if USPS had answered.
    expect(row(id).next_poll_at).toBe(new Date(start).toISOString());
  });

  it('ends a failure run when the carrier answers again, and only then moves last success', async () => {
    await connect(core, 'ups');
    const id = addShipment('1Z999AA10000000001', 'ups');
    fake.script('ups', '1Z999AA10000000001', journey);
    fake.inject('ups', { kind: '500', times: 2 });
    await poll();
    core.clock.advance(31 * MIN);
    await poll();
    expect(await health(core, 'ups')).toMatchObject({ consecutiveFailures: 2, lastSuccessAt: null });
    core.clock.advance(31 * MIN);
    await poll();
    expect(await health(core, 'ups')).toMatchObject({ state: 'ok', consecutiveFailures: 0, lastSuccessAt: new Date(core.clock.now()).toISOString() });
    expect(row(id).status).toBe('out_for_delivery');
  });
});

describe('2. carriers are polled side by side, and a hanging carrier is backed off as a whole', () => {
  it('answers FedEx while UPS hangs, and spends one timeout on UPS, not one a parcel', async () => {
    const { services } = core;
    // The core's own poller would wait the clients' 15 s; this one gives up on a request after 300 ms.
    const poller = pollerOnStore([], { requestTimeoutMs: 300 });
    await connect(core, 'ups');
    await connect(core, 'fedex');
    const hung = ['1Z999AA10000000001', '1Z999AA10000000002', '1Z999AA10000000003'].map((n) => addShipment(n, 'ups'));
    const fedex = addShipment('794843185300', 'fedex');
    fake.script('fedex', '794843185300', journey);
    fake.inject('ups', { kind: 'timeout', holdMs: 5_000, times: 3 });
    // FedEx's events are announced (tracking.updated) while UPS still hangs: its failure is not recorded yet.
    const upsFailures = () =>
      (services.db.raw.prepare("SELECT consecutive_failures AS n FROM carrier_accounts WHERE carrier = 'ups'").get() as { n: number }).n;
    let fedexAnsweredBeforeUpsGaveUp = false;
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name === 'tracking.updated' && (payload as { shipmentIds: number[] }).shipmentIds.includes(fedex))
        fedexAnsweredBeforeUpsGaveUp = events(fedex) > 0 && upsFailures() === 0;
    });
    await poller.runOnce();
    unsubscribe();
    expect(fedexAnsweredBeforeUpsGaveUp).toBe(true);
    expect(trackRequests('ups')).toHaveLength(1);
    // Seen through the core's own poller: the standing is in the store, whichever poller wrote it.
    expect(await health(core, 'ups')).toMatchObject({ state: 'backing_off', consecutiveFailures: 1, lastFailure: expect.stringContaining('timeout') });
    expect(hung.map((id) => row(id).status)).toEqual(['in_transit', 'in_transit', 'in_transit']);
  });
});

describe('3. the quota holds in every sliding 60 s window, every request counted', () => {
  it('charges token requests and expired-token retries, across a busy quarter hour with faults', async () => {
    await connect(core, 'ups', 4);
    for (let i = 0; i < 40; i++) {
      const n = `1Z999AA1${String(i).padStart(10, '0')}`;
      addShipment(n, 'ups');
      fake.script('ups', n, journey);
    }
    for (let second = 0; second < 15 * 60; second += 10) {
      if (second === 120) fake.inject('ups', { kind: 'auth_expired' });
      if (second === 300) fake.inject('ups', { kind: 'auth_expired' });
      await poll();
      core.clock.advance(10_000);
    }
    const times = fake.requests.filter((r) => r.carrier === 'ups').map((r) => r.time);
    expect(fake.requests.filter((r) => !r.trackingNumbers).length).toBeGreaterThanOrEqual(3);
    expect(busiestMinute(times)).toBeLessThanOrEqual(4);
    // The quota is spent, not left idle: every parcel got its answer within the quarter hour.
    expect(times.length).toBeGreaterThanOrEqual(40);
  });

  it("counts Settings' connection test against the same minute as the poller's requests", async () => {
    await connect(core, 'ups', 2);
    addShipment('1Z999AA10000000001', 'ups');
    expect(await core.dispatch('carriers.testConnection', { carrier: 'ups' })).toMatchObject({ ok: true, value: { ok: true } });
    await poll();
    expect(fake.requests.map((r) => (r.trackingNumbers ? 'track' : 'token'))).toEqual(['token', 'token']);
    core.clock.advance(MIN);
    await poll();
    expect(trackRequests('ups')).toHaveLength(1);
  });

  it("holds DHL's 0.17 a minute as one request per 353 s", async () => {
    await connect(core, 'dhl', 0.17);
    for (let i = 0; i < 3; i++) addShipment(`JD01460000000000${i}`, 'dhl');
    for (let minute = 0; minute < 12; minute++) {
      await poll();
      core.clock.advance(MIN);
    }
    expect(trackRequests('dhl').map((r) => (r.time - start) / 1000)).toEqual([0, 360, 720].filter((s) => s < 12 * 60));
  });
});

describe('4. quota use, Retry-After and the breaker are in the store, for every process', () => {
  it("a second process sends nothing before the first one's Retry-After, nor past its quota, nor through its open breaker", async () => {
    await connect(core, 'ups', 3);
    const other = secondProcess();
    await connect(other, 'ups', 3);
    for (let i = 0; i < 10; i++) addShipment(`1Z999AA1${String(i).padStart(10, '0')}`, 'ups');

    await poll();
    expect(fake.requests).toHaveLength(3);
    await other.services.tracking.poller.runOnce();
    expect(fake.requests).toHaveLength(3);

    core.clock.advance(MIN);
    fake.inject('ups', { kind: '429', retryAfterSeconds: 300 });
    await poll();
    core.clock.advance(2 * MIN);
    await other.services.tracking.poller.runOnce();
    expect(trackRequests('ups')).toHaveLength(3);
    expect(await health(other, 'ups')).toMatchObject({ state: 'rate_limited', pausedUntil: new Date(at(6)).toISOString() });

    core.clock.set(at(7));
    fake.inject('ups', { kind: '500', times: 1000 });
    for (let i = 0; i < 5; i++) {
      await (i % 2 ? other : core).services.tracking.poller.runOnce();
      core.clock.advance(31 * MIN);
    }
    expect(await health(other, 'ups')).toMatchObject({ consecutiveFailures: 5, circuit: 'half_open' });
    core.clock.set(Date.parse((await health(core, 'ups')).lastFailureAt as string) + 4 * MIN);
    const before = fake.requests.length;
    await other.services.tracking.poller.runOnce();
    await poll();
    expect(fake.requests).toHaveLength(before);
    expect(await health(other, 'ups')).toMatchObject({ state: 'circuit_open', circuit: 'open' });
  });

  it("keeps a carrier's Retry-After when staff save its settings, and lifts only our own backoff", async () => {
    await connect(core, 'ups');
    addShipment('1Z999AA10000000001', 'ups');
    fake.inject('ups', { kind: '429', retryAfterSeconds: 600 });
    await poll();
    await connect(core, 'ups', 50);
    expect(await health(core, 'ups')).toMatchObject({ state: 'rate_limited', pausedUntil: new Date(at(10)).toISOString() });
    core.clock.set(at(11));
    fake.inject('ups', { kind: '500' });
    await poll();
    expect(await health(core, 'ups')).toMatchObject({ state: 'backing_off', consecutiveFailures: 1 });
    await core.dispatch('carriers.resume', { carrier: 'ups' });
    expect(await health(core, 'ups')).toMatchObject({ state: 'ok', consecutiveFailures: 0, pausedUntil: null });
  });
});

describe('5. Retry-After on a 503 is honoured as on a 429', () => {
  it.each([
    ['in seconds', () => '120', 120],
    ['as an HTTP date', () => new Date(core.clock.now() + 180_000).toUTCString(), 180],
  ])('%s', async (_name, header, seconds) => {
    await connect(core, 'ups');
    const id = addShipment('1Z999AA10000000001', 'ups');
    fake.script('ups', '1Z999AA10000000001', journey);
    fake.inject('ups', { kind: '503', retryAfter: header() });
    await poll();
    expect(await health(core, 'ups')).toMatchObject({ state: 'backing_off', pausedUntil: new Date(start + seconds * 1000).toISOString() });
    core.clock.advance(seconds * 1000 - 1000);
    await poll();
    expect(trackRequests('ups')).toHaveLength(1);
    core.clock.advance(1000);
    await poll();
    expect(trackRequests('ups')).toHaveLength(2);
    expect(row(id).status).toBe('out_for_delivery');
  });
});

describe('6. an event with no readable time and no code is a parse failure of its parcel, never a stored event', () => {
  it.each([
    ['usps' as const, '9400100000000000000028', '{"trackingEvents":[{"eventTimestamp":"not a date"}]}', 'application/json'],
    [
      'canada_post' as const,
      '1000000000000001',
      '<tracking-detail><pin>1000000000000001</pin><significant-events><occurrence><event-date>bogus</event-date></occurrence></significant-events></tracking-detail>',
      'application/xml',
    ],
  ])('%s', async (carrier, number, body, contentType) => {
    await connect(core, carrier);
    const id = addShipment(number, carrier);
    fake.inject(carrier, { kind: 'body', body, contentType });
    await poll();
    expect(events(id)).toBe(0);
    expect(row(id).status).toBe('in_transit');
    const kept = core.services.db.raw
      .prepare("SELECT count(*) AS n FROM carrier_responses WHERE carrier = ? AND http_status = 200 AND url NOT LIKE '%token%'")
      .get(carrier) as { n: number };
    expect(kept.n).toBe(1);
    // The parcel's answer was unreadable, not the carrier: no failure run, no backoff.
    expect(await health(core, carrier)).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
  });
});

/** The account that polls each shipment carrier here, and a number in that carrier's format. */
const ACCOUNT_PARCELS: [TrackingAccount, Carrier, string][] = TRACKING_ACCOUNTS.map((account) => {
  const carrier: Carrier = account === 'easypost' ? 'ontrac' : account;
  return [account, carrier, exampleTrackingNumber(carrier, 4711)];
});
/** Each carrier's own codes (Australia Post's words) for: label, pickup, out for delivery, delivered. */
const CODES: Record<TrackingAccount, [string, string, string, string]> = {
  ups: ['MP', 'OR', 'OT', 'FS'],
  fedex: ['OC', 'PU', 'OD', 'DL'],
  usps: ['GX', '03', 'OF', '01'],
  dhl: ['pre-transit', 'transit', 'transit', 'delivered'],
  canada_post: ['3000', '0100', '0174', '1496'],
  australia_post: ['Shipping information received by Australia Post', 'Item processed at facility', 'Onboard for delivery', 'Delivered - Left in a safe place'],
  easypost: ['OC', 'PU', 'OD', 'DL'],
};
const STEPS: [number, TrackingStatus, string][] = [
  [-300, 'created', 'Label created'],
  [-60, 'in_transit', 'Picked up'],
  [-30, 'out_for_delivery', 'Out for delivery'],
  [90, 'delivered', 'Delivered'],
];
/** Label, pickup and out for delivery before the test's start; delivered an hour and a half after it. */
const journeyOf = (account: TrackingAccount): FakeEvent[] =>
  STEPS.map(([minutes, status, text], k) => ({
    at: at(minutes),
    code: CODES[account][k],
    description: account === 'australia_post' ? CODES[account][k] : text,
    location: { city: 'RENO', state: 'NV', country: 'US', utcOffset: '-08:00' },
    status,
  }));
const lastEventAt = (id: number) => (core.services.db.raw.prepare('SELECT last_event_at AS t FROM shipments WHERE id = ?').get(id) as { t: string | null }).t;

describe('7. answers that are wrong in part: per-item errors, repeats, shuffles and stale snapshots', () => {
  it.each([
    ['fedex' as const, ['794843185301', '794843185302', '794843185303']],
    ['australia_post' as const, ['33XYZ000000000000000000001', '33XYZ000000000000000000002', '33XYZ000000000000000000003']],
  ])('%s: a per-item error fails that parcel only; the others in the batch are stored and the carrier is not failed', async (carrier, numbers) => {
    await connect(core, carrier);
    const ids = numbers.map((n) => addShipment(n, carrier));
    numbers.forEach((n) => fake.script(carrier, n, journeyOf(carrier)));
    fake.inject(carrier, { kind: 'item_error', trackingNumbers: [numbers[1]] });
    await poll();
    expect(trackRequests(carrier)).toHaveLength(1);
    expect(ids.map((id) => row(id).status)).toEqual(['out_for_delivery', 'in_transit', 'out_for_delivery']);
    expect(ids.map(events)).toEqual([3, 0, 3]);
    expect(await health(core, carrier)).toMatchObject({ state: 'ok', consecutiveFailures: 0, lastSuccessAt: new Date(start).toISOString() });
    // The failed parcel is asked again in its turn (in transit: three hours on) and gets its answer.
    expect(Date.parse(row(ids[1]).next_poll_at) - start).toBeGreaterThanOrEqual(3 * HOUR);
    core.clock.set(Date.parse(row(ids[1]).next_poll_at));
    await poll();
    expect(row(ids[1]).status).toBe('delivered');
    expect(events(ids[1])).toBe(4);
  });

  it.each(ACCOUNT_PARCELS)(
    '%s: a shuffled, then a duplicated answer store each event once, at the status of the newest event',
    async (account, carrier, number) => {
      await connect(core, account);
      const id = addShipment(number, carrier);
      fake.script(account, number, journeyOf(account));
      fake.inject(account, { kind: 'shuffled' });
      await poll();
      expect(row(id).status).toBe('out_for_delivery');
      expect(lastEventAt(id)).toBe(new Date(at(-30)).toISOString().replace('.000', ''));
      core.clock.set(Date.parse(row(id).next_poll_at));
      fake.inject(account, { kind: 'duplicated' });
      await poll();
      expect(events(id)).toBe(3);
      expect(row(id).status).toBe('out_for_delivery');
      expect(trackRequests(account).length).toBeGreaterThanOrEqual(2);
    },
  );

  it.each(ACCOUNT_PARCELS)(
    '%s: a stale answer after a newer one never undoes a status, delivered included, nor removes events',
    async (account, carrier, number) => {
      await connect(core, account);
      const id = addShipment(number, carrier);
      fake.script(account, number, journeyOf(account));
      await poll();
      expect(row(id).status).toBe('out_for_delivery');
      // Two hours older than now: the label only, before the pickup scan.
      core.clock.set(at(40));
      fake.inject(account, { kind: 'stale', ageMs: 2 * HOUR });
      await poll();
      expect(row(id).status).toBe('out_for_delivery');
      expect(events(id)).toBe(3);
      core.clock.set(at(100));
      await poll();
      expect(row(id).status).toBe('delivered');
      const newest = lastEventAt(id);
      core.clock.set(at(130));
      fake.inject(account, { kind: 'stale', ageMs: 2 * HOUR });
      await core.dispatch('tracking.refresh', { shipmentIds: [id] });
      await poll();
      expect(row(id).status).toBe('delivered');
      expect(events(id)).toBe(4);
      expect(lastEventAt(id)).toBe(newest);
      expect(trackRequests(account)).toHaveLength(4);
    },
  );
});

describe('8. a carrier that refused the credentials stays stopped for every process on the store', () => {
  it('stops the app and `track poll --once` alike, with one notification, until new credentials or a good test', async () => {
    const notified: string[] = [];
    const other = secondProcess();
    const first = pollerOnStore(notified);
    await connect(core, 'ups');
    await connect(other, 'ups');
    const id = addShipment('1Z999AA10000000001', 'ups');
    fake.script('ups', '1Z999AA10000000001', journey);
    fake.inject('ups', { kind: 'bad_credentials' });
    await first.runOnce();
    expect(notified).toEqual(['UPS tracking stopped']);
    const asked = fake.requests.length;

    // The credentials are fixed at UPS, but nobody told Waybill: neither process asks with the refused ones.
    fake.clearFaults('ups');
    core.clock.advance(HOUR);
    await other.services.tracking.poller.runOnce();
    await first.runOnce();
    expect(fake.requests).toHaveLength(asked);
    expect(await health(other, 'ups')).toMatchObject({ state: 'auth_failed', lastFailure: expect.stringContaining('401') });
    expect(notified).toHaveLength(1);
    expect(row(id).status).toBe('in_transit');

    // Saving other settings keeps the stop; a connection test UPS accepts lifts it for both.
    await other.dispatch('carriers.save', { carrier: 'ups', environment: 'custom', baseUrl: fake.url, quotaPerMinute: 50 });
    await first.runOnce();
    expect(fake.requests).toHaveLength(asked);
    expect(await other.dispatch('carriers.testConnection', { carrier: 'ups' })).toMatchObject({ ok: true, value: { ok: true } });
    expect(await health(core, 'ups')).toMatchObject({ state: 'ok' });
    await first.runOnce();
    expect(row(id).status).toBe('out_for_delivery');
  });

  it('new credentials saved in one process lift the stop another process recorded', async () => {
    const other = secondProcess();
    await connect(core, 'dhl');
    await connect(other, 'dhl');
    addShipment('JD014600000000001', 'dhl');
    fake.inject('dhl', { kind: 'bad_credentials' });
    await poll();
    expect(await health(other, 'dhl')).toMatchObject({ state: 'auth_failed' });
    fake.clearFaults('dhl');
    await other.dispatch('carriers.save', {
      carrier: 'dhl',
      environment: 'custom',
      baseUrl: fake.url,
      credentials: { apiKey: 'a-new-key-9921' },
      quotaPerMinute: 100,
    });
    expect(await health(core, 'dhl')).toMatchObject({ state: 'ok' });
    const asked = trackRequests('dhl').length;
    await poll();
    expect(trackRequests('dhl')).toHaveLength(asked + 1);
  });
});

describe('9. when more is due than the quota allows, the parcels polled most often go first', () => {
  it('asks about a parcel due today before one on a 3-hour turn that has waited longer', async () => {
    // Two requests this minute: the token and one parcel.
    await connect(core, 'ups', 2);
    const due = (n: string, expected: string, minutesLate: number) => {
      const id = addShipment(n, 'ups');
      core.services.db.raw
        .prepare('UPDATE shipments SET expected_delivery_current = ?, next_poll_at = ? WHERE id = ?')
        .run(expected, new Date(at(-minutesLate)).toISOString(), id);
      fake.script('ups', n, journeyOf('ups'));
    };
    due('1Z999AA10000000001', '2026-11-25', 60);
    due('1Z999AA10000000002', '2026-11-20', 20);
    await poll();
    expect(trackRequests('ups').map((r) => r.trackingNumbers)).toEqual([['1Z999AA10000000002']]);
  });
});

describe('8b. the stop holds for the CLI', () => {
  it('`track poll --once` on the same store asks nothing of a carrier the app saw refuse the credentials, until a test passes', async () => {
    // The app as browser mode keeps credentials: in the file the CLI reads beside the store.
    const app = createCore({
      dbPath: core.dbPath,
      clock: core.clock,
      fetch,
      secrets: fileSecretStore(join(core.dir, 'secrets.browser-mode.json'), quietLogger),
      config: { version: 'test', dataDir: core.dir },
      logger: quietLogger,
    });
    others.push(app);
    await connect(app, 'ups');
    addShipment('1Z999AA10000000001', 'ups');
    fake.inject('ups', { kind: 'bad_credentials' });
    await app.services.tracking.poller.runOnce();
    fake.clearFaults('ups');
    const asked = fake.requests.length;

    const stopped = await cli('track', 'poll', '--once', '--db', core.dbPath);
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.out)).toMatchObject({ requested: 0, carriers: [{ carrier: 'ups', state: 'auth_failed' }] });
    expect(fake.requests).toHaveLength(asked);

    expect(await app.dispatch('carriers.testConnection', { carrier: 'ups' })).toMatchObject({ ok: true, value: { ok: true } });
    const resumed = await cli('track', 'poll', '--once', '--db', core.dbPath);
    expect(JSON.parse(resumed.out)).toMatchObject({ requested: 1, carriers: [{ carrier: 'ups', state: 'ok' }] });
    expect(trackRequests('ups').length).toBeGreaterThan(0);
  });
});

describe('10. a token refused right after it was issued is the carrier failing, not the credentials', () => {
  it('backs UPS off and polls again after the backoff, with no stop and no notification', async () => {
    const notified: string[] = [];
    const poller = pollerOnStore(notified);
    await connect(core, 'ups');
    const id = addShipment('1Z999AA10000000001', 'ups');
    fake.script('ups', '1Z999AA10000000001', journeyOf('ups'));
    // The cached token expires, and so does the one issued in its place.
    fake.inject('ups', { kind: 'auth_expired', times: 2 });
    await poller.runOnce();
    expect(await health(core, 'ups')).toMatchObject({ state: 'backing_off', consecutiveFailures: 1, lastFailure: expect.stringContaining('new token') });
    expect(notified).toEqual([]);
    core.clock.advance(MIN);
    await poller.runOnce();
    expect(row(id).status).toBe('out_for_delivery');
  });
});
