import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CADENCE, type PollCadence } from '../../src-shared/domain/tracking/cadence';
import { eventKeys } from '../../src-shared/domain/tracking/event-key';
import type { Carrier, NormalizedEvent, TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { CarrierClient, TrackingResult } from '../carriers/types';
import { createCore, type Core } from '../core';
import { seededRandom } from '../demo/random';
import { memorySecretStore, type Logger } from '../platform/ports';
import { percentile, result, round, type BenchResult } from './measure';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A typical parcel history: label, pickup, three hub hops each way, out for delivery, delivered. */
const EVENTS_PER_SHIPMENT = 10;
/** Shipments per transaction on both sides: a backfill or a large poll round, not one parcel at a time. */
const INGEST_BATCH = 5000;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const STEPS: { status: TrackingStatus; code: string; text: string }[] = [
  { status: 'created', code: 'LC', text: 'Label created' },
  { status: 'in_transit', code: 'PU', text: 'Picked up' },
  { status: 'in_transit', code: 'AR', text: 'Arrived at facility' },
  { status: 'out_for_delivery', code: 'OD', text: 'Out for delivery' },
  { status: 'delivered', code: 'DL', text: 'Delivered' },
];
const HOPS: { status: TrackingStatus; code: string; text: string }[] = [
  STEPS[0],
  STEPS[1],
  { status: 'in_transit', code: 'DP', text: 'Departed facility' },
  STEPS[2],
  { status: 'in_transit', code: 'DP', text: 'Departed facility' },
  STEPS[2],
  { status: 'in_transit', code: 'DP', text: 'Departed facility' },
  { status: 'in_transit', code: 'AD', text: 'Arrived at destination facility' },
  STEPS[3],
  STEPS[4],
];

const toEvent = (step: (typeof STEPS)[number], at: number): NormalizedEvent => ({
  occurredAt: new Date(at).toISOString(),
  localTime: null,
  code: step.code,
  description: step.text,
  location: 'DENVER, CO',
  status: step.status,
  substatus: null,
});

/** 1,000,000 normalized events through the real ingest (dedupe + status update) vs a raw INSERT ... ON CONFLICT. */
/** When the store first showed each parcel out for delivery (or delivered), by tracking number, in simulated time. */
/** A parcel's day in the simulations: label, first scan, last hub scan, out for delivery (a third today, in the carriers' morning, 11:00–17:30 UTC), delivered. */
export function simulatedParcel(random: () => number, dayStart: number, i: number): { times: number[]; insert: SimInsert } {
  const ofdDay = dayStart + (i % 3) * 24 * HOUR;
  const ofd = ofdDay + 11 * HOUR + Math.floor(random() * 390) * MINUTE;
  const created = dayStart - (1 + random()) * 24 * HOUR;
  const times = [created, created + 4 * HOUR, dayStart - 2 * HOUR - Math.floor(random() * 600) * MINUTE, ofd, ofd + (2 + random() * 4) * HOUR];
  const expected = new Date(ofdDay).toISOString().slice(0, 10);
  // Polling starts spread over the first cycle, as it would for a store that has been running for days.
  const firstPoll = new Date(dayStart + Math.floor(random() * 120) * MINUTE).toISOString();
  const iso = (ms: number) => new Date(ms).toISOString();
  return { times, insert: (n, carrier) => [n, n, carrier, iso(created), expected, expected, iso(times[1]), iso(times[2]), firstPoll] };
}

type SimInsert = (trackingNumber: string, carrier: Carrier) => unknown[];

/** The simulated shipments, in transit and due for polling; parameters from simulatedParcel. */
export const SIM_SHIPMENT_INSERT = `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, expected_delivery_original, expected_delivery_current, status, first_scan_at, last_event_at, next_poll_at, created_at, updated_at)
       VALUES ('bench', ?, ?, ?, ?, ?, ?, 'in_transit', ?, ?, ?, 'x', 'x')`;

export function firstSeenOutForDelivery(core: Core, now: () => number): Map<string, number> {
  const seen = new Map<string, number>();
  const statusOf = core.services.db.raw.prepare('SELECT tracking_number AS n, status FROM shipments WHERE id = ?');
  core.events.subscribe((name, payload) => {
    if (name !== 'tracking.updated') return;
    for (const id of (payload as { shipmentIds: number[] }).shipmentIds) {
      const row = statusOf.get(id) as { n: string; status: string };
      if ((row.status === 'out_for_delivery' || row.status === 'delivered') && !seen.has(row.n)) seen.set(row.n, now());
    }
  });
  return seen;
}

export async function benchEventsIngest(core: Core, totalEvents = 1_000_000): Promise<BenchResult> {
  const { db } = core.services;
  const shipments = Math.ceil(totalEvents / EVENTS_PER_SHIPMENT);
  const targets = db.raw.prepare('SELECT id, tracking_number AS trackingNumber, carrier FROM shipments ORDER BY id LIMIT ?').all(shipments) as {
    id: number;
    trackingNumber: string;
    carrier: Carrier;
  }[];
  const base = Date.parse('2026-11-01T00:00:00Z');
  const results: TrackingResult[] = targets.map((t, i) => {
    const events = HOPS.map((step, k) => toEvent(step, base + i * MINUTE + k * 3 * HOUR));
    return {
      trackingNumber: t.trackingNumber,
      requestedNumber: null,
      carrier: t.carrier,
      status: 'delivered',
      substatus: null,
      deliveredAt: events[EVENTS_PER_SHIPMENT - 1].occurredAt,
      originalExpectedAt: null,
      currentExpectedAt: null,
      events,
      shipmentKey: null,
    };
  });
  const eventCount = results.length * EVENTS_PER_SHIPMENT;

  // The baseline table is tracking_events' own definition (key, foreign key, unique pair) under another name.
  const { sql } = db.raw.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'tracking_events'").get() as { sql: string };
  db.raw.exec(sql.replace('tracking_events', 'bench_events'));
  const rows = results.flatMap((r, i) => {
    const keys = eventKeys(r.carrier, r.trackingNumber, r.events);
    return r.events.map((e, k) => [targets[i].id, keys[k], e.occurredAt, e.localTime, e.status, e.substatus, e.code, e.description, e.location] as const);
  });
  const insert = db.raw.prepare(
    "INSERT INTO bench_events (shipment_id, event_key, occurred_at, local_time, status, substatus, raw_code, raw_text, location, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,'x') ON CONFLICT DO NOTHING",
  );
  let started = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += INGEST_BATCH * EVENTS_PER_SHIPMENT) {
    db.write(() => {
      for (const row of rows.slice(i, i + INGEST_BATCH * EVENTS_PER_SHIPMENT)) insert.run(...row);
    });
  }
  const baselineSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.raw.exec('DROP TABLE bench_events');

  const { ingest } = core.services.tracking;
  started = process.hrtime.bigint();
  for (let i = 0; i < results.length; i += INGEST_BATCH) ingest.ingest(results.slice(i, i + INGEST_BATCH), '2026-11-26T00:00:00Z');
  const ingestSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result('events.ingest', 'events/s', eventCount / ingestSeconds, eventCount / baselineSeconds, { events: eventCount, batch: INGEST_BATCH });
}

interface SimParcel {
  trackingNumber: string;
  carrier: Carrier;
  /** When each of STEPS happens at the carrier. */
  times: number[];
}

/** Quotas assumed for the simulated day: UPS and FedEx published limits; USPS at a raised quota (its default is 60 an hour). */
const SIM_QUOTAS: Record<string, { perMinute: number; maxBatch: number }> = {
  ups: { perMinute: 250, maxBatch: 1 },
  fedex: { perMinute: 100, maxBatch: 30 },
  usps: { perMinute: 250, maxBatch: 1 },
};

/** An in-process carrier that answers from the scripted timelines, so a whole day runs in seconds. */
function simulatedCarrier(carrier: string, parcels: Map<string, SimParcel>, now: () => number): CarrierClient {
  return {
    carrier,
    maxBatch: SIM_QUOTAS[carrier].maxBatch,
    testConnection: async () => ({ ok: true }),
    track: async (numbers) => ({
      raw: [],
      errors: [],
      results: numbers.map((n) => {
        const parcel = parcels.get(n) as SimParcel;
        const events = STEPS.flatMap((step, k) => (parcel.times[k] <= now() ? [toEvent(step, parcel.times[k])] : []));
        const latest = events.at(-1);
        return {
          trackingNumber: n,
          requestedNumber: null,
          carrier: parcel.carrier,
          status: latest?.status ?? 'created',
          substatus: null,
          deliveredAt: latest?.status === 'delivered' ? latest.occurredAt : null,
          originalExpectedAt: null,
          currentExpectedAt: null,
          events,
          shipmentKey: null,
        };
      }),
    }),
  };
}

/** Minutes between an out-for-delivery scan at the carrier and the console knowing it, over one simulated day. */
async function simulateDay(cadence: PollCadence, shipments: number): Promise<{ delays: number[]; requests: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-bench-poll-'));
  const dayStart = Date.parse('2026-11-20T00:00:00Z');
  let now = dayStart;
  const clock = { now: () => now };
  const random = seededRandom(99);
  const parcels = new Map<string, SimParcel>();
  const carriers = ['ups', 'fedex', 'usps'] as const satisfies readonly Carrier[];
  let requests = 0;
  const core = createCore({
    dbPath: join(dir, 'poll.db'),
    clock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: 'bench', dataDir: dir, cadence },
    logger: quiet,
    createCarrierClient: (account, _credentials, admit) => {
      const client = simulatedCarrier(account.carrier, parcels, clock.now);
      // Charged to the quota like an HTTP client's requests: one admission per request of maxBatch numbers.
      const admitted = (numbers: string[]) => {
        let taken = 0;
        while (taken < numbers.length && admit().ok) taken += client.maxBatch;
        requests += Math.ceil(Math.min(taken, numbers.length) / client.maxBatch);
        return numbers.slice(0, taken);
      };
      return { ...client, track: (numbers) => client.track(admitted(numbers)) };
    },
  });
  try {
    const insert = core.services.db.raw.prepare(SIM_SHIPMENT_INSERT);
    core.services.db.write(() => {
      for (let i = 0; i < shipments; i++) {
        const carrier = carriers[i % 3];
        const trackingNumber = `SIM${String(i).padStart(9, '0')}`;
        const parcel = simulatedParcel(random, dayStart, i);
        parcels.set(trackingNumber, { trackingNumber, carrier, times: parcel.times });
        insert.run(...parcel.insert(trackingNumber, carrier));
      }
    });
    const { poller } = core.services.tracking;
    for (const carrier of carriers) {
      await core.dispatch('carriers.save', {
        carrier,
        environment: 'production',
        credentials: { clientId: 'sim', clientSecret: 'sim' },
        quotaPerMinute: SIM_QUOTAS[carrier].perMinute,
      });
    }
    const seen = firstSeenOutForDelivery(core, () => now);
    for (now = dayStart; now < dayStart + 24 * HOUR; now += MINUTE) await poller.runOnce();
    const delays: number[] = [];
    for (const parcel of parcels.values()) {
      const ofd = parcel.times[3];
      if (ofd >= dayStart + 24 * HOUR) continue;
      delays.push(((seen.get(parcel.trackingNumber) ?? dayStart + 24 * HOUR) - ofd) / MINUTE);
    }
    return { delays: delays.sort((a, b) => a - b), requests };
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const FIXED_TWO_HOURS: PollCadence = {
  ...DEFAULT_CADENCE,
  outForDeliveryMinutes: 120,
  activeHours: 2,
  createdHours: 2,
  createdLateHours: 2,
  deliveryDayMinutes: 120,
};

export async function benchPollerFreshness(shipments = 20_000): Promise<BenchResult> {
  const ours = await simulateDay(DEFAULT_CADENCE, shipments);
  const fixed = await simulateDay(FIXED_TWO_HOURS, shipments);
  return result('poller.freshness', 'min', percentile(ours.delays, 95), percentile(fixed.delays, 95), {
    p50: round(percentile(ours.delays, 50)),
    baselineP50: round(percentile(fixed.delays, 50)),
    outForDeliveryEvents: ours.delays.length,
    carrierRequests: ours.requests,
    baselineCarrierRequests: fixed.requests,
    quotasPerMinute: Object.fromEntries(Object.entries(SIM_QUOTAS).map(([c, q]) => [c, `${q.perMinute} requests × ${q.maxBatch} numbers`])),
  });
}
