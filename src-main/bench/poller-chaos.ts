import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CADENCE } from '../../src-shared/domain/tracking/cadence';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import { createFakeCarrierServer, type FakeCarrierServer, type FakeEvent, type FakeFault } from '../carriers/fake-server';
import type { FakeRequest } from '../carriers/fake-server/model';
import type { TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import { CARRIER_MANIFESTS } from '../carriers/registry';
import { createCore } from '../core';
import { seededRandom } from '../demo/random';
import { memorySecretStore, type Logger } from '../platform/ports';
import { quotaWindow } from '../tracking/policy';
import { percentile, result, round, type BenchResult } from './measure';
import { firstSeenOutForDelivery, SIM_SHIPMENT_INSERT, simulatedParcel } from './tracking';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/**
 * A hung request ends as the client's timeout does (a transient 'timeout' failure) as soon as the fake server
 * starts holding it: the simulated clock stands still during a poll, so waiting out a real timeout measured
 * nothing but cost the run minutes, and a short real timeout made a loaded machine fail answers that were only
 * slow. The clients keep their own 15 s timeout for everything else.
 */
const HOLD_MS = 200;
const SIM_REQUEST_HEADER = 'x-sim-request';
/** Share of a carrier's track requests that meet an everyday fault, outside its outages. */
const FAULT_RATE = 0.03;
/** Share that get a 200 wrong in part (a per-item error, repeated, shuffled or stale events), on top of those. */
const SPOILED_RATE = 0.02;

interface SimCarrier {
  account: TrackingAccount;
  /** The shipments' carrier: EasyPost stands in for OnTrac, which has no account of its own. */
  carrier: Carrier;
  quotaPerMinute: number;
  credentials: Record<string, string>;
  number: (i: number) => string;
  /** The carrier's codes for: label, pickup, hub, out for delivery, delivered. */
  codes: [string, string, string, string, string];
  /** OAuth carriers: a track request may meet an expired token; the others present a key every time. */
  oauth?: boolean;
  /** A 200 whose only event has no readable time and no code, in this carrier's wire format. */
  blank?: { body: (trackingNumber: string) => string; contentType: string };
  /** Answers several numbers a request, and can fail one of them alone. */
  batch?: boolean;
}

const pad = (i: number, width: number) => String(i).padStart(width, '0');
const SIM_CARRIERS: SimCarrier[] = [
  {
    account: 'ups',
    carrier: 'ups',
    quotaPerMinute: 30,
    oauth: true,
    credentials: { clientId: 'sim-ups-id', clientSecret: 'sim-ups-secret' },
    number: (i) => `1Z999AA1${pad(i, 10)}`,
    codes: ['MP', 'OR', 'AR', 'OT', 'FS'],
  },
  {
    account: 'fedex',
    carrier: 'fedex',
    quotaPerMinute: 10,
    oauth: true,
    batch: true,
    credentials: { clientId: 'sim-fedex-id', clientSecret: 'sim-fedex-secret' },
    number: (i) => `79${pad(i, 10)}`,
    codes: ['OC', 'PU', 'AR', 'OD', 'DL'],
  },
  {
    account: 'usps',
    carrier: 'usps',
    oauth: true,
    quotaPerMinute: 20,
    credentials: { clientId: 'sim-usps-id', clientSecret: 'sim-usps-secret' },
    number: (i) => `94001${pad(i, 17)}`,
    codes: ['GX', '03', '10', 'OF', '01'],
    blank: { body: () => '{"trackingEvents":[{"eventTimestamp":"not a date"}]}', contentType: 'application/json' },
  },
  {
    account: 'dhl',
    carrier: 'dhl',
    quotaPerMinute: 10,
    credentials: { apiKey: 'sim-dhl-key' },
    number: (i) => `JD01${pad(i, 10)}`,
    codes: ['pre-transit', 'transit', 'transit', 'transit', 'delivered'],
  },
  {
    account: 'canada_post',
    carrier: 'canada_post',
    quotaPerMinute: 20,
    credentials: { username: 'sim-cpc-user', password: 'sim-cpc-pass' },
    number: (i) => `10000${pad(i, 11)}`,
    codes: ['3000', '0100', '0100', '0174', '1496'],
    blank: {
      body: (n) =>
        `<tracking-detail><pin>${n}</pin><significant-events><occurrence><event-date>bogus</event-date></occurrence></significant-events></tracking-detail>`,
      contentType: 'application/xml',
    },
  },
  {
    account: 'australia_post',
    carrier: 'australia_post',
    quotaPerMinute: 10,
    batch: true,
    credentials: { apiKey: 'sim-auspost-key', password: 'sim-auspost-pass', accountNumber: '1000123456' },
    number: (i) => `33XYZ${pad(i, 19)}`,
    codes: [
      'Shipping information received by Australia Post',
      'Item processed at facility',
      'Item processed at facility',
      'Onboard for delivery',
      'Delivered - Left in a safe place',
    ],
  },
  {
    account: 'easypost',
    carrier: 'ontrac',
    quotaPerMinute: 30,
    credentials: { apiKey: 'sim-easypost-key' },
    number: (i) => `EZ${pad(i, 10)}`,
    codes: ['OC', 'PU', 'AR', 'OD', 'DL'],
  },
];
const STEP_STATUS: TrackingStatus[] = ['created', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered'];
const STEP_TEXT = ['Label created', 'Picked up', 'Arrived at facility', 'Out for delivery', 'Delivered'];

interface Outage {
  account: TrackingAccount;
  start: number;
  end: number;
  fault: FakeFault;
}

interface DayFigures {
  delays: number[];
  p95ByCarrier: Record<string, number>;
  requests: number;
  duplicateEvents: number;
  blankEvents: number;
  maxRequestsPer60sOverQuota: Record<string, number>;
  /** Outages of 10 minutes or more; those the poller met while there was time to notice (`met`); of those, where the breaker opened. */
  breakerOpenedInOutages: { outages: number; met: number; opened: number };
  faultsInjected: number;
  spoiledAnswers: number;
  terminalUndone: number;
  delaysByWindow: Record<string, { events: number; p95: number | null; max: number | null }>;
}

/** Most requests any window [t, t + span) held, over the quota's requests per window. */
function busiestWindow(times: number[], perMinute: number): number {
  const window = quotaWindow(perMinute);
  let busiest = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= window.spanMs) first += 1;
    busiest = Math.max(busiest, last - first + 1);
  }
  return round(busiest / window.requests);
}

/**
 * A fetch whose requests the fake server can end as timed out: each carries an id, and when the server holds
 * one (a hang) its promise fails as undici fails on a timeout, which the transport reads as `timeout`.
 */
function createHangCutter() {
  const pending = new Map<string, (error: Error) => void>();
  let next = 0;
  const fetch: typeof globalThis.fetch = (input, init) => {
    const id = String((next += 1));
    const headers = new Headers(init?.headers);
    headers.set(SIM_REQUEST_HEADER, id);
    return new Promise<Response>((resolve, reject) => {
      pending.set(id, reject);
      globalThis
        .fetch(input, { ...init, headers })
        .then(resolve, reject)
        .finally(() => pending.delete(id));
    });
  };
  const held = (req: FakeRequest) => {
    const id = req.headers[SIM_REQUEST_HEADER];
    const reject = typeof id === 'string' ? pending.get(id) : undefined;
    reject?.(Object.assign(new TypeError('fetch failed'), { cause: { code: 'TIMEOUT' } }));
  };
  return { fetch, held };
}

/** Picks one of the everyday faults a carrier throws at a poller, in about the mix a proxy saw on a real day. */
function everydayFault(sim: SimCarrier, random: () => number, now: number, trackingNumber: string): FakeFault {
  const roll = random();
  const retryAfterSeconds = 30 + Math.floor(random() * 90);
  if (roll < 0.03) return { kind: '429', retryAfterSeconds };
  if (roll < 0.06) return { kind: '429', retryAfterSeconds, retryAfter: new Date(now + retryAfterSeconds * 1000).toUTCString() };
  if (roll < 0.4) return { kind: '503', retryAfter: '120' };
  if (roll < 0.55) return { kind: '500' };
  if (roll < 0.65) return { kind: 'timeout', holdMs: HOLD_MS };
  if (roll < 0.75) return { kind: 'truncated' };
  if (roll < 0.85) return { kind: 'malformed' };
  if (roll < 0.95 && sim.blank) return { kind: 'body', body: sim.blank.body(trackingNumber), contentType: sim.blank.contentType };
  return sim.oauth ? { kind: 'auth_expired' } : { kind: '500' };
}

/** A 200 that is wrong in part: one parcel of a batch failing, every event twice, events out of order, or the history as it stood hours ago. */
function spoiledAnswer(sim: SimCarrier, random: () => number): FakeFault {
  const roll = random();
  if (sim.batch && roll < 0.25) return { kind: 'item_error' };
  if (roll < 0.5) return { kind: 'duplicated' };
  if (roll < 0.75) return { kind: 'shuffled' };
  return { kind: 'stale', ageMs: (1 + Math.floor(random() * 3)) * HOUR };
}

/** One day of polling seven carriers over HTTP through the fake carrier server, in simulated minutes. */
async function simulateChaosDay(parcelsPerCarrier: number, faults: boolean): Promise<DayFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-bench-chaos-'));
  const dayStart = Date.parse('2026-11-20T00:00:00Z');
  let now = dayStart;
  const clock = { now: () => now };
  const random = seededRandom(21);
  const hung = createHangCutter();
  const server: FakeCarrierServer = await createFakeCarrierServer({ now: clock.now, onHold: hung.held });
  const core = createCore({
    dbPath: join(dir, 'chaos.db'),
    clock,
    fetch: hung.fetch,
    secrets: memorySecretStore(),
    config: { version: 'bench', dataDir: dir, cadence: DEFAULT_CADENCE, rulesTickMs: 0 },
    logger: quiet,
    createCarrierClient: (account, credentials, admit) =>
      CARRIER_MANIFESTS[account.carrier].create({
        baseUrl: account.baseUrl,
        credentials,
        fetch: hung.fetch,
        now: clock.now,
        admit,
      }),
  });
  try {
    const ofdAt = new Map<string, number>();
    const accountOf = new Map<string, TrackingAccount>();
    const sample = new Map<TrackingAccount, string>();
    const insert = core.services.db.raw.prepare(SIM_SHIPMENT_INSERT);
    core.services.db.write(() => {
      for (const sim of SIM_CARRIERS) {
        for (let i = 0; i < parcelsPerCarrier; i++) {
          const n = sim.number(i);
          const { times, insert: row } = simulatedParcel(random, dayStart, i);
          const ofd = times[3];
          const timeline: FakeEvent[] = times.map((at, k) => ({
            at,
            code: sim.codes[k],
            description: STEP_TEXT[k],
            location: { city: 'DENVER', state: 'CO', country: 'US', utcOffset: '-07:00' },
            status: STEP_STATUS[k],
          }));
          server.script(sim.account, n, timeline);
          if (ofd < dayStart + DAY) ofdAt.set(n, ofd);
          accountOf.set(n, sim.account);
          if (i === 0) sample.set(sim.account, n);
          insert.run(...row(n, sim.carrier));
        }
      }
    });
    for (const sim of SIM_CARRIERS) {
      await core.dispatch('carriers.save', {
        carrier: sim.account,
        environment: 'custom',
        baseUrl: server.url,
        credentials: sim.credentials,
        quotaPerMinute: sim.quotaPerMinute,
      });
    }

    // Two outages (one of 5xx, one of hangs) and one credentials-refused window a carrier, at seeded times.
    const outages: Outage[] = [];
    const refused: Outage[] = [];
    if (faults) {
      for (const sim of SIM_CARRIERS) {
        for (const [k, fault] of [
          [0, { kind: '500', times: 1_000_000 }],
          [1, { kind: 'timeout', holdMs: HOLD_MS, times: 1_000_000 }],
        ] as const) {
          const start = dayStart + (k * 12 + 2 + Math.floor(random() * 8)) * HOUR;
          outages.push({ account: sim.account, start, end: start + (33 + Math.floor(random() * 26)) * MINUTE, fault });
        }
        const start = dayStart + (10 + Math.floor(random() * 4)) * HOUR;
        refused.push({ account: sim.account, start, end: start + 20 * MINUTE, fault: { kind: 'bad_credentials' } });
      }
    }
    const windows = [...outages, ...refused];

    const seen = firstSeenOutForDelivery(core, () => now);
    // A delivered parcel shown as anything else later: a terminal status undone.
    const terminal = new Set<number>();
    let terminalUndone = 0;
    const statusOf = core.services.db.raw.prepare('SELECT status FROM shipments WHERE id = ?').pluck();
    core.events.subscribe((name, payload) => {
      if (name !== 'tracking.updated') return;
      for (const id of (payload as { shipmentIds: number[] }).shipmentIds) {
        const delivered = statusOf.get(id) === 'delivered';
        if (delivered) terminal.add(id);
        else if (terminal.delete(id)) terminalUndone += 1;
      }
    });
    const openedAt = core.services.db.raw.prepare('SELECT carrier, circuit_opened_at AS at FROM carrier_accounts');
    const breakerOpenings = new Set<string>();
    let faultsInjected = 0;
    let spoiledAnswers = 0;
    // Faults are queued in step with the requests each carrier gets, so they stay a share of its traffic.
    const owed = new Map<TrackingAccount, number>();
    const spoiledOwed = new Map<TrackingAccount, number>();
    let counted = 0;
    const { poller } = core.services.tracking;
    for (now = dayStart; now < dayStart + DAY; now += MINUTE) {
      for (const w of windows) {
        if (w.start === now) server.inject(w.account, w.fault);
        if (w.end === now) {
          server.clearFaults(w.account);
          // A person fixed the credentials in Settings.
          if (w.fault.kind === 'bad_credentials') await core.dispatch('carriers.resume', { carrier: w.account });
        }
      }
      if (faults) {
        for (const r of server.requests.slice(counted)) {
          // Requests into an outage already fail: they owe no everyday fault for later.
          if (!r.trackingNumbers || windows.some((w) => w.account === r.carrier && w.start <= r.time && r.time < w.end)) continue;
          owed.set(r.carrier, (owed.get(r.carrier) ?? 0) + FAULT_RATE);
          spoiledOwed.set(r.carrier, (spoiledOwed.get(r.carrier) ?? 0) + SPOILED_RATE);
        }
        counted = server.requests.length;
        for (const sim of SIM_CARRIERS) {
          if (windows.some((w) => w.account === sim.account && w.start <= now && now < w.end)) continue;
          if ((owed.get(sim.account) ?? 0) >= random()) {
            owed.set(sim.account, Math.max(0, (owed.get(sim.account) ?? 0) - 1));
            server.inject(sim.account, everydayFault(sim, random, now, sample.get(sim.account) as string));
            faultsInjected += 1;
          }
          if ((spoiledOwed.get(sim.account) ?? 0) >= random()) {
            spoiledOwed.set(sim.account, Math.max(0, (spoiledOwed.get(sim.account) ?? 0) - 1));
            server.inject(sim.account, spoiledAnswer(sim, random));
            spoiledAnswers += 1;
          }
        }
      }
      await poller.runOnce();
      for (const r of openedAt.all() as { carrier: string; at: string | null }[]) if (r.at) breakerOpenings.add(`${r.carrier}|${r.at}`);
    }

    const delayOf = ([n, ofd]: [string, number]) => ((seen.get(n) ?? dayStart + DAY) - ofd) / MINUTE;
    const delays = [...ofdAt].map(delayOf).sort((a, b) => a - b);
    // Where the minutes go: out-for-delivery events that happened during one of their carrier's fault windows, and the rest.
    const windowOf = ([n, ofd]: [string, number]) => windows.find((w) => w.account === accountOf.get(n) && w.start <= ofd && ofd < w.end);
    const byWindow = (pick: (w: Outage | undefined) => boolean) => {
      const picked = [...ofdAt]
        .filter((e) => pick(windowOf(e)))
        .map(delayOf)
        .sort((a, b) => a - b);
      return { events: picked.length, p95: picked.length ? percentile(picked, 95) : null, max: picked.at(-1) ?? null };
    };
    const delaysByWindow = {
      outside: byWindow((w) => w === undefined),
      outage500: byWindow((w) => w?.fault.kind === '500'),
      outageHangs: byWindow((w) => w?.fault.kind === 'timeout'),
      credentialsRefused: byWindow((w) => w?.fault.kind === 'bad_credentials'),
    };
    const p95ByCarrier = Object.fromEntries(
      SIM_CARRIERS.map((sim) => [
        sim.account,
        percentile(
          [...ofdAt]
            .filter(([n]) => accountOf.get(n) === sim.account)
            .map(delayOf)
            .sort((a, b) => a - b),
          95,
        ),
      ]),
    );
    const raw = core.services.db.raw;
    const { duplicates } = raw
      .prepare(
        "SELECT count(*) - count(DISTINCT shipment_id || '|' || coalesce(occurred_at, local_time, '') || '|' || raw_code || '|' || raw_text) AS duplicates FROM tracking_events",
      )
      .get() as { duplicates: number };
    const { blank } = raw
      .prepare("SELECT count(*) AS blank FROM tracking_events WHERE occurred_at IS NULL AND local_time IS NULL AND trim(raw_code) = ''")
      .get() as { blank: number };
    const openings = [...breakerOpenings].map((k) => ({ account: k.split('|')[0], at: Date.parse(k.split('|')[1]) }));
    const long = outages.filter((o) => o.end - o.start >= 10 * MINUTE);
    // An outage no request met before its last ten minutes (nothing was due) is one no poller could notice in time.
    const met = long.filter((o) =>
      server.requests.some((r) => r.trackingNumbers && r.carrier === o.account && r.time >= o.start && r.time < o.end - 10 * MINUTE),
    );
    return {
      delays,
      p95ByCarrier,
      requests: server.requests.length,
      duplicateEvents: duplicates,
      blankEvents: blank,
      maxRequestsPer60sOverQuota: Object.fromEntries(
        SIM_CARRIERS.map((sim) => [
          sim.account,
          busiestWindow(
            server.requests.filter((r) => r.carrier === sim.account).map((r) => r.time),
            sim.quotaPerMinute,
          ),
        ]),
      ),
      breakerOpenedInOutages: {
        outages: long.length,
        met: met.length,
        opened: met.filter((o) => openings.some((b) => b.account === o.account && b.at >= o.start && b.at < o.end)).length,
      },
      faultsInjected,
      spoiledAnswers,
      terminalUndone,
      delaysByWindow,
    };
  } finally {
    core.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const figures = (day: DayFigures) => ({
  p50: round(percentile(day.delays, 50)),
  p95: round(percentile(day.delays, 95)),
  p95ByCarrier: day.p95ByCarrier,
  outForDeliveryEvents: day.delays.length,
  carrierRequests: day.requests,
  duplicateEvents: day.duplicateEvents,
  blankEvents: day.blankEvents,
  maxRequestsPer60sOverQuota: day.maxRequestsPer60sOverQuota,
  breakerOpenedInOutages: day.breakerOpenedInOutages,
  terminalUndone: day.terminalUndone,
});

/** Out-for-delivery freshness p95 (minutes) on a day of carrier faults, against the same day without them. */
export async function benchPollerChaos(parcelsPerCarrier = 493): Promise<BenchResult> {
  const chaos = await simulateChaosDay(parcelsPerCarrier, true);
  const clean = await simulateChaosDay(parcelsPerCarrier, false);
  return result('poller.chaos', 'min', percentile(chaos.delays, 95), percentile(clean.delays, 95), {
    ...figures(chaos),
    faultsInjected: chaos.faultsInjected,
    spoiledAnswers: chaos.spoiledAnswers,
    delaysByWindow: chaos.delaysByWindow,
    clean: figures(clean),
    quotasPerMinute: Object.fromEntries(SIM_CARRIERS.map((s) => [s.account, s.quotaPerMinute])),
  });
}
