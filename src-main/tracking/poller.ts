import { gzipSync } from 'node:zlib';
import type { CarrierHealth, CarrierHealthState } from '../../src-shared/api/tracking';
import { CADENCE_SETTINGS, nextPollAt, pollDeadline, type PollSubject } from '../../src-shared/domain/tracking/cadence';
import { CARRIER_LABELS, type TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import { CARRIERS, type Carrier, type TrackingStatus } from '../../src-shared/domain/tracking/status';
import { CARRIER_MANIFESTS, trackingAccountFor } from '../carriers/registry';
import { QUOTA_HELD } from '../carriers/transport';
import type { Admission, CarrierClient, TrackingFailure } from '../carriers/types';
import type { InferResult } from 'kysely';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, Notifier } from '../platform/ports';
import type { Accounts, CarrierAccount } from './accounts';
import type { Ingest } from './ingest';
import { circuitAfter, standingAfter, type PollResult } from './policy';
import { createStandings, type StoredStanding } from './standing';

/**
 * What this process remembers about each carrier between runs. Quota use, pauses, the breaker and an auth stop
 * are in the store (standing.ts), shared with every other process.
 */
interface CarrierRuntime {
  /** Network-level failure on the last attempt: the machine, not the carrier, is probably offline. */
  unreachable: boolean;
  /** Read by the client's admission check, so a new quota applies without a new client. */
  quotaPerMinute: number;
  client: CarrierClient | null;
  clientKey: string;
}

const DUE_COLUMNS = ['id', 'tracking_number', 'carrier', 'status', 'label_created_at', 'delivered_at', 'expected_delivery_current', 'next_poll_at'] as const;
/** The carrier and status columns only ever hold the status model's values. */
type Modelled = { carrier: Carrier; status: TrackingStatus };

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
  /** How long one carrier request may take; the clients' default when unset. */
  requestTimeoutMs?: number;
  /** Lets tests and the bench put an in-process carrier in place of an HTTP client; `admit` is asked before each request. */
  createClient?: (account: CarrierAccount, credentials: Record<string, string>, admit: () => Admission) => CarrierClient;
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
/** Due parcels read (oldest due first) to choose a run's requests from, per request it may send; at least MIN_CANDIDATES. */
const CANDIDATES_PER_SLOT = 10;
const MIN_CANDIDATES = 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const TERMINAL_SQL = "('delivered', 'returned', 'cancelled')";

/** Polls what is due, per carrier account, within quota; the one place that talks to carriers on a schedule. */
export function createPoller(options: PollerOptions) {
  const { db, clock, accounts, ingest, events } = options;
  const random = options.random ?? Math.random;
  const runtimes = new Map<TrackingAccount, CarrierRuntime>();
  const standings = createStandings(db);

  const adoptUnscheduled = db.prepare(
    `UPDATE shipments SET next_poll_at = ? WHERE id IN (
       SELECT id FROM shipments WHERE next_poll_at IS NULL AND status NOT IN ${TERMINAL_SQL} LIMIT ${ADOPT_BATCH})`,
  );
  const setNextPoll = db.prepare('UPDATE shipments SET next_poll_at = ? WHERE id = ?');
  const dueShipments = () => db.kysely.selectFrom('shipments').select(DUE_COLUMNS).$narrowType<Modelled>();
  type DueShipment = InferResult<ReturnType<typeof dueShipments>>[number];
  const dueById = dueShipments().where('id', '=', 0).compile();
  const insertRaw = db.prepare('INSERT INTO carrier_responses (carrier, url, http_status, fetched_at, body) VALUES (?, ?, ?, ?, ?)');

  const runtimeFor = (account: CarrierAccount): CarrierRuntime => {
    let runtime = runtimes.get(account.carrier);
    if (!runtime) {
      runtime = { unreachable: false, quotaPerMinute: account.quotaPerMinute, client: null, clientKey: '' };
      runtimes.set(account.carrier, runtime);
    }
    runtime.quotaPerMinute = account.quotaPerMinute;
    return runtime;
  };

  const clientFor = async (account: CarrierAccount, runtime: CarrierRuntime): Promise<CarrierClient | null> => {
    const credentials = await accounts.credentials(account.carrier);
    if (!credentials) return null;
    // Rebuilt when settings change so a new key or URL takes effect without a restart.
    const key = `${account.baseUrl}|${JSON.stringify(credentials)}`;
    if (runtime.client && runtime.clientKey === key) return runtime.client;
    // Every request (token, track, retry) is charged to the account's window in the store before it is sent.
    const admit = () => standings.admit(account.carrier, runtime.quotaPerMinute, clock.now());
    runtime.client = options.createClient
      ? options.createClient(account, credentials, admit)
      : CARRIER_MANIFESTS[account.carrier].create({
          baseUrl: account.baseUrl,
          credentials,
          fetch: options.fetch,
          now: clock.now,
          admit,
          timeoutMs: options.requestTimeoutMs,
        });
    runtime.clientKey = key;
    return runtime.client;
  };

  const subjectOf = (shipment: DueShipment): PollSubject => ({
    status: shipment.status,
    labelCreatedAt: Date.parse(shipment.label_created_at),
    deliveredAt: shipment.delivered_at ? Date.parse(shipment.delivered_at) : null,
    expectedDelivery: shipment.expected_delivery_current,
  });

  /** By the cadence of the account that asked: EasyPost's settings govern the carriers it stands in for. */
  const schedule = (shipment: DueShipment, now: number, cadence: CarrierAccount['cadence']) => {
    const next = nextPollAt(subjectOf(shipment), now, cadence);
    // A little jitter keeps parcels imported together from being polled together forever.
    setNextPoll.run(next === null ? NEVER : iso(next + Math.round(random() * 60_000)), shipment.id);
  };

  /**
   * Tells staff about a whole-request failure. Credentials are a person's problem: the stop itself is in the
   * store (every process stops asking), and only the process that stopped the carrier notifies, once.
   */
  const announce = (account: CarrierAccount, runtime: CarrierRuntime, whole: TrackingFailure, stopped: boolean) => {
    const label = CARRIER_LABELS[account.carrier];
    if (whole.kind === 'auth') {
      if (!stopped) return;
      options.notifier.notify(`${label} tracking stopped`, `${label} refused Waybill's credentials. Update them in Settings → Carriers.`);
      events.emit('carriers.healthChanged', { carrier: account.carrier, state: 'auth_failed', message: whole.message });
    } else if (whole.kind === 'rate_limited') {
      events.emit('carriers.healthChanged', { carrier: account.carrier, state: 'rate_limited', message: whole.message });
    } else {
      runtime.unreachable = whole.kind === 'transient' && /network|timeout|refused|reset|fetch failed|ENOTFOUND|ECONN/i.test(`${whole.code} ${whole.message}`);
      events.emit('carriers.healthChanged', { carrier: account.carrier, state: 'backing_off', message: whole.message });
    }
  };

  const pollResult = (answered: boolean, whole: TrackingFailure | undefined): PollResult => {
    if (whole === undefined || whole.kind === 'auth') return { answered, failure: null };
    const kind = whole.code === QUOTA_HELD ? 'quota_held' : whole.kind === 'rate_limited' ? 'rate_limited' : 'failed';
    return { answered, failure: { kind, retryAfterSeconds: whole.retryAfterSeconds } };
  };

  const pollAccount = async (account: CarrierAccount, carriers: Carrier[], now: number, summary: PollRunSummary) => {
    const runtime = runtimeFor(account);
    const standing = standings.get(account.carrier);
    if (standing.authRefused !== null || now < standing.pausedUntil) return;
    const circuit = circuitAfter(standing.failures, standing.openedAt, now);
    if (circuit === 'open') return;
    const client = await clientFor(account, runtime);
    if (!client) return;
    const { free } = standings.room(account.carrier, account.quotaPerMinute, now);
    // Half-open: one small probe decides whether the carrier is back.
    const requests = circuit === 'half_open' ? Math.min(1, free) : free;
    if (requests < 1) return;
    // More is due than the quota allows after an outage, or on a busy morning: the earliest deadline goes first.
    const slots = requests * client.maxBatch;
    const candidates = db.all(
      dueShipments()
        .where('carrier', 'in', carriers)
        .where('next_poll_at', '<=', iso(now))
        // Due, so it has a time.
        .$narrowType<{ next_poll_at: string }>()
        .orderBy('next_poll_at')
        .limit(Math.max(MIN_CANDIDATES, slots * CANDIDATES_PER_SLOT))
        .compile(),
    );
    const due = candidates
      .map((d) => ({ d, deadline: pollDeadline(subjectOf(d), Date.parse(d.next_poll_at), account.cadence) }))
      .sort((a, b) => a.deadline - b.deadline)
      .slice(0, slots)
      .map(({ d }) => d);
    if (due.length === 0) return;
    summary.requested += due.length;

    const outcome = await client.track(due.map((d) => d.tracking_number));
    const after = clock.now();
    const fetchedAt = iso(after);
    db.write(() => {
      for (const r of outcome.raw) insertRaw.run(account.carrier, r.url, r.httpStatus, r.fetchedAt, gzipSync(r.body));
    });
    // Only what the carrier said about a number answers it; a whole-request failure answers nothing.
    const whole = outcome.errors.find((e) => e.trackingNumber === null);
    const answered = new Set([
      ...outcome.results.map((r) => r.trackingNumber),
      ...outcome.results.map((r) => r.requestedNumber),
      ...outcome.errors.map((e) => e.trackingNumber),
    ]);
    answered.delete(null);
    const ingested = ingest.ingest(outcome.results, fetchedAt);
    summary.results += outcome.results.length;
    summary.newEvents += ingested.newEvents;
    summary.changed += ingested.changedShipments.length;
    summary.errors += outcome.errors.length;
    if (answered.size > 0) runtime.unreachable = false;
    const result = pollResult(answered.size > 0, whole);
    const refused = whole?.kind === 'auth' ? whole.message : null;
    let stopped = false;
    standings.change(account.carrier, after, (current) => {
      // Whoever records the refusal first tells staff; another process hearing it too stays quiet.
      stopped = refused !== null && current.authRefused === null;
      return {
        ...standingAfter(current, result, after, random),
        lastSuccessAt: result.answered ? after : current.lastSuccessAt,
        lastFailure: whole && whole.code !== QUOTA_HELD ? `${whole.kind}: ${whole.message}` : current.lastFailure,
        lastFailureAt: whole && whole.code !== QUOTA_HELD ? after : current.lastFailureAt,
        authRefused: refused ?? current.authRefused,
      };
    });
    if (whole && whole.code !== QUOTA_HELD) announce(account, runtime, whole, stopped);
    // Numbers the carrier answered get their next turn; the rest stay due behind the carrier's backoff.
    db.write(() => {
      for (const d of due) {
        if (!answered.has(d.tracking_number)) continue;
        // Read again: the ingest has just moved its status and dates.
        const fresh = db.first(dueById, [d.id]);
        if (fresh) schedule(fresh, after, account.cadence);
      }
    });
    if (ingested.changedShipments.length) events.emit('tracking.updated', { shipmentIds: ingested.changedShipments });
  };

  const activeAccounts = () => accounts.list().filter((a) => a.enabled && a.configured);
  const activeCarriers = (): ReadonlySet<TrackingAccount> => new Set(activeAccounts().map((a) => a.carrier));

  /** Which shipment carriers each account polls: its own, plus everything else for the aggregator. */
  const routing = (active: CarrierAccount[]): Map<TrackingAccount, Carrier[]> => {
    const configured = new Set(active.map((a) => a.carrier));
    const carriers = db.all(
      db.kysely.selectFrom('shipments').select('carrier').distinct().where('next_poll_at', 'is not', null).$narrowType<Pick<Modelled, 'carrier'>>().compile(),
    );
    const map = new Map<TrackingAccount, Carrier[]>();
    for (const { carrier } of carriers) {
      const account = trackingAccountFor(carrier, configured);
      if (account) map.set(account, [...(map.get(account) ?? []), carrier]);
    }
    return map;
  };

  let running: Promise<PollRunSummary> | null = null;

  const runOnce = async (only: ReadonlySet<TrackingAccount> | undefined): Promise<PollRunSummary> => {
    const now = clock.now();
    while (adoptUnscheduled.run(iso(now)).changes === ADOPT_BATCH);
    const summary: PollRunSummary = { requested: 0, results: 0, newEvents: 0, changed: 0, errors: 0 };
    const active = activeAccounts().filter((a) => !only || only.has(a.carrier));
    const routes = routing(active);
    // Carriers run side by side: one hanging or backing off never holds up another.
    await Promise.all(
      active.map(async (account) => {
        const carriers = routes.get(account.carrier);
        if (!carriers) return;
        try {
          await pollAccount(account, carriers, now, summary);
        } catch (error) {
          options.logger.error(`polling ${account.carrier} failed`, error);
        }
      }),
    );
    return summary;
  };

  const health = (): CarrierHealth[] => {
    const now = clock.now();
    const nextPoll = db.prepare(
      "SELECT min(next_poll_at) AS next, sum(next_poll_at <= ?) AS due FROM shipments WHERE carrier IN (SELECT value FROM json_each(?)) AND next_poll_at <> 'never'",
    );
    const all = accounts.list();
    const routes = routing(all.filter((a) => a.enabled && a.configured));
    return all.map((account) => {
      const runtime = runtimes.get(account.carrier);
      const standing = standings.get(account.carrier);
      const adapter = CARRIER_MANIFESTS[account.carrier];
      const circuit = circuitAfter(standing.failures, standing.openedAt, now);
      const poll = nextPoll.get(iso(now), JSON.stringify(routes.get(account.carrier) ?? [])) as { next: string | null; due: number | null };
      return {
        carrier: account.carrier,
        label: CARRIER_LABELS[account.carrier],
        configured: account.configured,
        enabled: account.enabled,
        environment: account.environment,
        baseUrl: account.baseUrl,
        credentialFields: [...adapter.credentialFields],
        quotaPerMinute: account.quotaPerMinute,
        quotaLeft: standings.room(account.carrier, account.quotaPerMinute, now).free,
        state: healthState(account, runtime, standing, circuit, now),
        circuit,
        consecutiveFailures: standing.failures,
        lastSuccessAt: standing.lastSuccessAt === null ? null : iso(standing.lastSuccessAt),
        lastFailure: standing.authRefused ?? standing.lastFailure,
        lastFailureAt: standing.lastFailureAt === null ? null : iso(standing.lastFailureAt),
        pausedUntil: standing.pausedUntil > now ? iso(standing.pausedUntil) : null,
        nextPollAt: poll.next,
        dueNow: poll.due ?? 0,
        cadence: Object.fromEntries(CADENCE_SETTINGS.map((k) => [k, account.cadence[k]])) as CarrierHealth['cadence'],
      };
    });
  };

  return {
    /**
     * Never overlaps itself: a tick that arrives mid-run waits for the same run. `only` limits the run to the
     * accounts this station leads when stations share a hub (hub/leader-jobs.ts).
     */
    runOnce: (only?: ReadonlySet<TrackingAccount>) => {
      running ??= runOnce(only).finally(() => (running = null));
      return running;
    },
    /**
     * Due at once; `unpolled` counts those no active account can ask about, so staff know to set one up, and
     * `accounts` are the ones that will (on a hub the refresh tells which another station polls).
     */
    queue(ids: number[]): { queued: number; unpolled: number; accounts: TrackingAccount[] } {
      const now = iso(clock.now());
      const active = activeCarriers();
      const accounts = new Set<TrackingAccount>();
      const mark = (id: number) =>
        db.first(
          db.kysely
            .updateTable('shipments')
            .set({ next_poll_at: now })
            .where('id', '=', id)
            .returning('carrier')
            .$narrowType<Pick<Modelled, 'carrier'>>()
            .compile(),
        );
      const counts = db.write(() =>
        ids.reduce(
          (n, id) => {
            const row = mark(id);
            const account = row && trackingAccountFor(row.carrier, active);
            if (account) accounts.add(account);
            return row ? { queued: n.queued + 1, unpolled: n.unpolled + (account ? 0 : 1) } : n;
          },
          { queued: 0, unpolled: 0 },
        ),
      );
      return { ...counts, accounts: [...accounts] };
    },
    queueCarrier(carrier: TrackingAccount): number {
      const active = activeCarriers();
      const carriers = CARRIERS.filter((c) => trackingAccountFor(c, active) === carrier);
      return db
        .prepare(`UPDATE shipments SET next_poll_at = ? WHERE carrier IN (SELECT value FROM json_each(?)) AND status NOT IN ${TERMINAL_SQL}`)
        .run(iso(clock.now()), JSON.stringify(carriers)).changes;
    },
    /** The quota check for a request made outside a poll (Settings' connection test): it counts like any other. */
    admitFor: (account: CarrierAccount) => () => standings.admit(account.carrier, account.quotaPerMinute, clock.now()),
    /**
     * Staff changed the account or asked to resume: try again at once. A credentials stop is lifted too, unless
     * the credentials were left as they were (`keepAuthStop`): the carrier refused those.
     */
    resume(carrier: TrackingAccount, options: { keepAuthStop?: boolean } = {}): void {
      const runtime = runtimes.get(carrier);
      if (runtime) runtime.client = null;
      // Our own backoff ends with the failure run; a pause with no failures is the carrier's Retry-After (or the quota) and stays.
      standings.change(carrier, clock.now(), (current) => ({
        ...current,
        failures: 0,
        openedAt: null,
        pausedUntil: current.failures > 0 ? 0 : current.pausedUntil,
        authRefused: options.keepAuthStop ? current.authRefused : null,
      }));
    },
    /** The carrier accepted the credentials in a connection test: every process may poll with them again. */
    credentialsAccepted(carrier: TrackingAccount): void {
      standings.change(carrier, clock.now(), (current) => ({ ...current, authRefused: null }));
    },
    health,
    /** Offline when every active carrier's last attempt failed at the network level. */
    isOffline: (): boolean => {
      const states = activeAccounts().map((a) => runtimes.get(a.carrier));
      return states.length > 0 && states.every((r) => r?.unreachable === true);
    },
  };
}

function healthState(account: CarrierAccount, runtime: CarrierRuntime | undefined, standing: StoredStanding, circuit: string, now: number): CarrierHealthState {
  if (!account.configured) return 'unconfigured';
  if (!account.enabled) return 'disabled';
  if (standing.authRefused !== null) return 'auth_failed';
  if (runtime?.unreachable) return 'offline';
  if (circuit === 'open') return 'circuit_open';
  if (standing.pausedUntil > now) return standing.failures > 0 ? 'backing_off' : 'rate_limited';
  return 'ok';
}

export type Poller = ReturnType<typeof createPoller>;
