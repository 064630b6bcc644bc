import { gzipSync } from 'node:zlib';
import type { CarrierHealth, CarrierHealthState } from '../../src-shared/api/tracking';
import { CADENCE_SETTINGS, nextPollAt } from '../../src-shared/domain/tracking/cadence';
import { CARRIERS, type Carrier, type TrackingStatus } from '../../src-shared/domain/tracking/status';
import { CARRIER_ADAPTERS, trackingAccountFor, type TrackingCarrier } from '../carriers/registry';
import type { CarrierClient, TrackOutcome } from '../carriers/types';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, Notifier } from '../platform/ports';
import type { Accounts, CarrierAccount } from './accounts';
import type { Ingest } from './ingest';
import { backoffMs, BREAKER_THRESHOLD, circuitAfter, newBucket, refill, type TokenBucket } from './policy';

/** What the poller remembers about each carrier between runs; in memory, rebuilt at start. */
interface CarrierRuntime {
  bucket: TokenBucket;
  failures: number;
  openedAt: number | null;
  pausedUntil: number;
  authFailed: string | null;
  lastSuccessAt: number | null;
  lastFailure: string | null;
  lastFailureAt: number | null;
  /** Network-level failure on the last attempt: the machine, not the carrier, is probably offline. */
  unreachable: boolean;
  client: CarrierClient | null;
  clientKey: string;
}

interface DueShipment {
  id: number;
  tracking_number: string;
  carrier: Carrier;
  status: TrackingStatus;
  label_created_at: string;
  delivered_at: string | null;
  expected_delivery_current: string | null;
}

export interface PollerOptions {
  db: Db;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  accounts: Accounts;
  ingest: Ingest;
  events: EventBus;
  notifier: Notifier;
  logger: Logger;
  random?: () => number;
  /** Lets tests and the bench put an in-process carrier in place of an HTTP client. */
  createClient?: (account: CarrierAccount, credentials: Record<string, string>) => CarrierClient;
}

export interface PollRunSummary {
  requested: number;
  results: number;
  newEvents: number;
  changed: number;
  errors: number;
}

const NEVER = 'never';
const ADOPT_BATCH = 2000;
const iso = (ms: number) => new Date(ms).toISOString();
const TERMINAL_SQL = "('delivered', 'returned', 'cancelled')";

/** Polls what is due, per carrier account, within quota; the one place that talks to carriers on a schedule. */
export function createPoller(options: PollerOptions) {
  const { db, clock, accounts, ingest, events } = options;
  const random = options.random ?? Math.random;
  const runtimes = new Map<TrackingCarrier, CarrierRuntime>();

  const adoptUnscheduled = db.prepare(
    `UPDATE shipments SET next_poll_at = ? WHERE id IN (
       SELECT id FROM shipments WHERE next_poll_at IS NULL AND status NOT IN ${TERMINAL_SQL} LIMIT ${ADOPT_BATCH})`,
  );
  const setNextPoll = db.prepare('UPDATE shipments SET next_poll_at = ? WHERE id = ?');
  const selectById = db.prepare(
    'SELECT id, tracking_number, carrier, status, label_created_at, delivered_at, expected_delivery_current FROM shipments WHERE id = ?',
  );
  const insertRaw = db.prepare('INSERT INTO carrier_responses (carrier, url, http_status, fetched_at, body) VALUES (?, ?, ?, ?, ?)');
  const recordHealth = db.prepare('UPDATE carrier_accounts SET last_success_at = ?, last_failure_at = ?, last_failure = ?, circuit_state = ? WHERE carrier = ?');

  const runtimeFor = (account: CarrierAccount): CarrierRuntime => {
    let runtime = runtimes.get(account.carrier);
    if (!runtime) {
      runtime = { bucket: newBucket(account.quotaPerMinute, clock.now()), failures: 0, openedAt: null, pausedUntil: 0, authFailed: null, lastSuccessAt: null, lastFailure: null, lastFailureAt: null, unreachable: false, client: null, clientKey: '' };
      runtimes.set(account.carrier, runtime);
    }
    if (runtime.bucket.perMinute !== account.quotaPerMinute) runtime.bucket = { ...runtime.bucket, perMinute: account.quotaPerMinute, capacity: account.quotaPerMinute };
    return runtime;
  };

  const clientFor = async (account: CarrierAccount, runtime: CarrierRuntime): Promise<CarrierClient | null> => {
    const credentials = await accounts.credentials(account.carrier);
    if (!credentials) return null;
    // Rebuilt when settings change so a new key or URL takes effect without a restart.
    const key = `${account.baseUrl}|${JSON.stringify(credentials)}`;
    if (runtime.client && runtime.clientKey === key) return runtime.client;
    runtime.client = options.createClient
      ? options.createClient(account, credentials)
      : CARRIER_ADAPTERS[account.carrier].create({ baseUrl: account.baseUrl, credentials, fetch: options.fetch, now: clock.now });
    runtime.clientKey = key;
    return runtime.client;
  };

  /** By the cadence of the account that asked: EasyPost's settings govern the carriers it stands in for. */
  const schedule = (shipment: DueShipment, now: number, cadence: CarrierAccount['cadence']) => {
    const next = nextPollAt(
      {
        status: shipment.status,
        labelCreatedAt: Date.parse(shipment.label_created_at),
        deliveredAt: shipment.delivered_at ? Date.parse(shipment.delivered_at) : null,
        expectedDelivery: shipment.expected_delivery_current,
      },
      now,
      cadence,
    );
    // A little jitter keeps parcels imported together from being polled together forever.
    setNextPoll.run(next === null ? NEVER : iso(next + Math.round(random() * 60_000)), shipment.id);
  };

  const fail = (account: CarrierAccount, runtime: CarrierRuntime, outcome: TrackOutcome, now: number) => {
    const whole = outcome.errors.find((e) => e.trackingNumber === null);
    if (!whole) return false;
    runtime.lastFailure = `${whole.kind}: ${whole.message}`;
    runtime.lastFailureAt = now;
    const label = CARRIER_ADAPTERS[account.carrier].label;
    if (whole.kind === 'auth') {
      // Credentials are a person's problem: stop asking, tell someone, leave every parcel's status alone.
      runtime.authFailed = whole.message;
      options.notifier.notify(`${label} tracking stopped`, `${label} refused Waybill's credentials. Update them in Settings → Carriers.`);
      events.emit('carriers.healthChanged', { carrier: account.carrier, state: 'auth_failed', message: whole.message });
    } else if (whole.kind === 'rate_limited') {
      runtime.pausedUntil = now + (whole.retryAfterSeconds !== undefined ? whole.retryAfterSeconds * 1000 : backoffMs(1, random));
      runtime.bucket = { ...runtime.bucket, tokens: 0 };
      events.emit('carriers.healthChanged', { carrier: account.carrier, state: 'rate_limited', message: whole.message });
    } else {
      runtime.failures += 1;
      runtime.unreachable = whole.kind === 'transient' && /network|timeout|refused|reset|fetch failed|ENOTFOUND|ECONN/i.test(`${whole.code} ${whole.message}`);
      if (runtime.failures >= BREAKER_THRESHOLD && runtime.openedAt === null) runtime.openedAt = now;
      if (runtime.openedAt !== null && runtime.failures > BREAKER_THRESHOLD) runtime.openedAt = now;
      runtime.pausedUntil = now + backoffMs(runtime.failures, random);
      events.emit('carriers.healthChanged', { carrier: account.carrier, state: 'backing_off', message: whole.message });
    }
    return true;
  };

  const pollAccount = async (account: CarrierAccount, carriers: Carrier[], now: number, summary: PollRunSummary) => {
    const runtime = runtimeFor(account);
    if (runtime.authFailed || now < runtime.pausedUntil) return;
    const circuit = circuitAfter(runtime.failures, runtime.openedAt, now);
    if (circuit === 'open') return;
    runtime.bucket = refill(runtime.bucket, now);
    const client = await clientFor(account, runtime);
    if (!client) return;
    // Half-open: one small probe decides whether the carrier is back.
    const requests = circuit === 'half_open' ? Math.min(1, Math.floor(runtime.bucket.tokens)) : Math.floor(runtime.bucket.tokens);
    if (requests < 1) return;
    const due = db
      .prepare(
        `SELECT id, tracking_number, carrier, status, label_created_at, delivered_at, expected_delivery_current FROM shipments
         WHERE carrier IN (${carriers.map(() => '?').join(',')}) AND next_poll_at <= ?
         ORDER BY (status = 'out_for_delivery') DESC, next_poll_at LIMIT ?`,
      )
      .all(...carriers, iso(now), requests * client.maxBatch) as DueShipment[];
    if (due.length === 0) return;
    runtime.bucket = { ...runtime.bucket, tokens: runtime.bucket.tokens - Math.ceil(due.length / client.maxBatch) };
    summary.requested += due.length;

    const outcome = await client.track(due.map((d) => d.tracking_number));
    const after = clock.now();
    const fetchedAt = iso(after);
    db.write(() => {
      for (const r of outcome.raw) insertRaw.run(account.carrier, r.url, r.httpStatus, r.fetchedAt, gzipSync(r.body));
    });
    const failedWhole = fail(account, runtime, outcome, after);
    const answered = new Set([...outcome.results.map((r) => r.trackingNumber), ...outcome.results.map((r) => r.requestedNumber), ...outcome.errors.map((e) => e.trackingNumber)]);
    const ingested = ingest.ingest(outcome.results, fetchedAt);
    summary.results += outcome.results.length;
    summary.newEvents += ingested.newEvents;
    summary.changed += ingested.changedShipments.length;
    summary.errors += outcome.errors.length;
    if (!failedWhole) {
      runtime.failures = 0;
      runtime.openedAt = null;
      runtime.unreachable = false;
      runtime.lastSuccessAt = after;
    }
    // Numbers the carrier answered get their next turn; the rest stay due behind the carrier's backoff.
    db.write(() => {
      for (const d of due) if (answered.has(d.tracking_number)) schedule(selectById.get(d.id) as DueShipment, after, account.cadence);
    });
    recordHealth.run(runtime.lastSuccessAt ? iso(runtime.lastSuccessAt) : null, runtime.lastFailureAt ? iso(runtime.lastFailureAt) : null, runtime.lastFailure, circuitAfter(runtime.failures, runtime.openedAt, after), account.carrier);
    if (ingested.changedShipments.length) events.emit('tracking.updated', { shipmentIds: ingested.changedShipments });
  };

  const activeAccounts = () => accounts.list().filter((a) => a.enabled && a.configured);
  const activeCarriers = (): ReadonlySet<TrackingCarrier> => new Set(activeAccounts().map((a) => a.carrier));

  /** Which shipment carriers each account polls: its own, plus everything else for the aggregator. */
  const routing = (active: CarrierAccount[]): Map<TrackingCarrier, Carrier[]> => {
    const configured = new Set(active.map((a) => a.carrier));
    const carriers = db.prepare('SELECT DISTINCT carrier FROM shipments WHERE next_poll_at IS NOT NULL').all() as { carrier: Carrier }[];
    const map = new Map<TrackingCarrier, Carrier[]>();
    for (const { carrier } of carriers) {
      const account = trackingAccountFor(carrier, configured);
      if (account) map.set(account, [...(map.get(account) ?? []), carrier]);
    }
    return map;
  };

  let running: Promise<PollRunSummary> | null = null;

  const runOnce = async (): Promise<PollRunSummary> => {
    const now = clock.now();
    while (adoptUnscheduled.run(iso(now)).changes === ADOPT_BATCH);
    const summary: PollRunSummary = { requested: 0, results: 0, newEvents: 0, changed: 0, errors: 0 };
    const active = activeAccounts();
    const routes = routing(active);
    for (const account of active) {
      const carriers = routes.get(account.carrier);
      if (!carriers) continue;
      try {
        await pollAccount(account, carriers, now, summary);
      } catch (error) {
        options.logger.error(`polling ${account.carrier} failed`, error);
      }
    }
    return summary;
  };

  const health = (): CarrierHealth[] => {
    const now = clock.now();
    const nextPoll = db.prepare("SELECT min(next_poll_at) AS next, sum(next_poll_at <= ?) AS due FROM shipments WHERE carrier IN (SELECT value FROM json_each(?)) AND next_poll_at <> 'never'");
    const all = accounts.list();
    const routes = routing(all.filter((a) => a.enabled && a.configured));
    return all.map((account) => {
      const runtime = runtimes.get(account.carrier);
      const adapter = CARRIER_ADAPTERS[account.carrier];
      const circuit = runtime ? circuitAfter(runtime.failures, runtime.openedAt, now) : 'closed';
      const poll = nextPoll.get(iso(now), JSON.stringify(routes.get(account.carrier) ?? [])) as { next: string | null; due: number | null };
      const bucket = runtime ? refill(runtime.bucket, now) : newBucket(account.quotaPerMinute, now);
      return {
        carrier: account.carrier,
        label: adapter.label,
        configured: account.configured,
        enabled: account.enabled,
        environment: account.environment,
        baseUrl: account.baseUrl,
        credentialFields: [...adapter.credentialFields],
        quotaPerMinute: account.quotaPerMinute,
        quotaLeft: Math.floor(bucket.tokens),
        state: healthState(account, runtime, circuit, now),
        circuit,
        consecutiveFailures: runtime?.failures ?? 0,
        lastSuccessAt: runtime?.lastSuccessAt ? iso(runtime.lastSuccessAt) : null,
        lastFailure: runtime?.authFailed ?? runtime?.lastFailure ?? null,
        lastFailureAt: runtime?.lastFailureAt ? iso(runtime.lastFailureAt) : null,
        pausedUntil: runtime && runtime.pausedUntil > now ? iso(runtime.pausedUntil) : null,
        nextPollAt: poll.next,
        dueNow: poll.due ?? 0,
        cadence: Object.fromEntries(CADENCE_SETTINGS.map((k) => [k, account.cadence[k]])) as CarrierHealth['cadence'],
      };
    });
  };

  return {
    /** Never overlaps itself: a tick that arrives mid-run waits for the same run. */
    runOnce: () => {
      running ??= runOnce().finally(() => (running = null));
      return running;
    },
    /** Due at once; `unpolled` counts those no active account can ask about, so staff know to set one up. */
    queue(ids: number[]): { queued: number; unpolled: number } {
      const now = iso(clock.now());
      const active = activeCarriers();
      const mark = db.prepare('UPDATE shipments SET next_poll_at = ? WHERE id = ? RETURNING carrier');
      return db.write(() =>
        ids.reduce(
          (n, id) => {
            const row = mark.get(now, id) as { carrier: Carrier } | undefined;
            return row ? { queued: n.queued + 1, unpolled: n.unpolled + (trackingAccountFor(row.carrier, active) ? 0 : 1) } : n;
          },
          { queued: 0, unpolled: 0 },
        ),
      );
    },
    queueCarrier(carrier: TrackingCarrier): number {
      const active = activeCarriers();
      const carriers = CARRIERS.filter((c) => trackingAccountFor(c, active) === carrier);
      return db
        .prepare(`UPDATE shipments SET next_poll_at = ? WHERE carrier IN (SELECT value FROM json_each(?)) AND status NOT IN ${TERMINAL_SQL}`)
        .run(iso(clock.now()), JSON.stringify(carriers)).changes;
    },
    /** Staff fixed the credentials: try again at once. */
    resume(carrier: TrackingCarrier): void {
      const runtime = runtimes.get(carrier);
      if (runtime) Object.assign(runtime, { authFailed: null, failures: 0, openedAt: null, pausedUntil: 0, client: null });
    },
    health,
    /** Offline when every active carrier's last attempt failed at the network level. */
    isOffline: (): boolean => {
      const states = activeAccounts().map((a) => runtimes.get(a.carrier));
      return states.length > 0 && states.every((r) => r?.unreachable === true);
    },
  };
}

function healthState(account: CarrierAccount, runtime: CarrierRuntime | undefined, circuit: string, now: number): CarrierHealthState {
  if (!account.configured) return 'unconfigured';
  if (!account.enabled) return 'disabled';
  if (!runtime) return 'ok';
  if (runtime.authFailed) return 'auth_failed';
  if (runtime.unreachable) return 'offline';
  if (circuit === 'open') return 'circuit_open';
  if (runtime.pausedUntil > now) return runtime.failures > 0 ? 'backing_off' : 'rate_limited';
  return 'ok';
}

export type Poller = ReturnType<typeof createPoller>;
