import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRACKING_ACCOUNTS } from '../../../src-shared/domain/tracking/carriers';
import { CARRIER_MANIFESTS } from '../registry';
import type { Credentials, FakeCarrierName, FakeCarrierSpec, FakeEvent, FakeParcel, FakeRequest, FakeResponse, FakeTrackRoute } from './model';
import { bearerToken } from './model';

export type { FakeCarrierName, FakeEvent } from './model';

/** How long a 'timeout' fault holds the socket by default: past the clients' 15 s default timeout. */
const DEFAULT_HOLD_MS = 20_000;

/**
 * Faults hit the track endpoints only; `times` (default 1) counts the track requests they spoil.
 * `retryAfter` sends that Retry-After header as written (an HTTP date, say) in place of the seconds.
 */
export type FakeFault =
  /** Answers normally: queued first, it lets the fault after it hit a later request. */
  | { kind: 'none'; times?: number }
  | { kind: '429'; retryAfterSeconds: number; retryAfter?: string; times?: number }
  | { kind: '500'; times?: number }
  | { kind: '503'; retryAfter?: string; times?: number }
  /** A 200 with this body in place of the carrier's answer (an event with no date, say). */
  | { kind: 'body'; body: string; contentType?: string; times?: number }
  | { kind: 'timeout'; times?: number; holdMs?: number }
  | { kind: 'truncated'; times?: number }
  | { kind: 'malformed'; times?: number }
  | { kind: 'auth_expired'; times?: number }
  /**
   * A 200 in which these numbers (default: the first one asked) carry the carrier's per-item error and the
   * rest are answered: FedEx and Australia Post, which answer several numbers a request.
   */
  | { kind: 'item_error'; trackingNumbers?: string[]; times?: number }
  /** Every event listed twice. */
  | { kind: 'duplicated'; times?: number }
  /** Events listed in no time order (the carrier's status field still says where the parcel is). */
  | { kind: 'shuffled'; times?: number }
  /** The history as it stood `ageMs` ago (default two hours), served after newer answers. */
  | { kind: 'stale'; ageMs?: number; times?: number }
  | { kind: 'bad_credentials' };

type CountedFault = Exclude<FakeFault, { kind: 'bad_credentials' }>;

export interface FakeRequestLog {
  carrier: FakeCarrierName;
  path: string;
  time: number;
  /** The numbers a track request asked for, in request order. */
  trackingNumbers?: string[];
}

export interface FakeCarrierServer {
  url: string;
  close(): Promise<void>;
  /** Replaces the number's timeline; events become visible as the injected clock passes their `at`. */
  script(carrier: FakeCarrierName, trackingNumber: string, timeline: FakeEvent[]): void;
  inject(carrier: FakeCarrierName, fault: FakeFault): void;
  /** Removes pending faults, bad_credentials included. */
  clearFaults(carrier: FakeCarrierName): void;
  /** Every request the server answered, oldest first; clear it with `requests.length = 0`. */
  requests: FakeRequestLog[];
  /** From now on only these credentials are accepted; until called, any non-empty credentials are. */
  setCredentials(carrier: FakeCarrierName, credentials: Credentials): void;
}

interface CarrierState {
  name: FakeCarrierName;
  spec: FakeCarrierSpec;
  timelines: Map<string, FakeEvent[]>;
  faults: Array<{ fault: CountedFault; remaining: number }>;
  badCredentials: boolean;
  expected: Credentials | null;
}

const MALFORMED_BODY = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Please try again later</h1></body></html>';

const DEFAULT_STALE_MS = 2 * 60 * 60_000;

/** A fixed scramble of a history, the same every time and in time order neither way for three or more events: every second event first, then the rest. */
const scrambled = (events: FakeEvent[]): FakeEvent[] => [...events.filter((_, i) => i % 2 === 1), ...events.filter((_, i) => i % 2 === 0)];

function visibleEvents(timeline: FakeEvent[] | undefined, now: number): FakeEvent[] {
  if (timeline === undefined) return [];
  let count = 0;
  while (count < timeline.length && timeline[count].at <= now) count += 1;
  return timeline.slice(0, count);
}

function credentialsAccepted(state: CarrierState, presented: Credentials | null): presented is Credentials {
  if (presented === null || state.badCredentials) return false;
  if (Object.values(presented).some((value) => value.length === 0)) return false;
  return state.expected === null || Object.entries(state.expected).every(([key, value]) => presented[key] === value);
}

function takeFault(state: CarrierState): CountedFault | null {
  const next = state.faults[0];
  if (next === undefined) return null;
  next.remaining -= 1;
  if (next.remaining <= 0) state.faults.shift();
  return next.fault;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, response: FakeResponse): void {
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.body)) });
  res.end(response.body);
}

/** Announces the full length, sends half, then drops the connection: the client sees a body cut mid-stream. */
function writeTruncated(res: ServerResponse, response: FakeResponse): void {
  const bytes = Buffer.from(response.body);
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}

export interface FakeCarrierServerOptions {
  now: () => number;
  /** Told when a 'timeout' fault starts holding a request, so a simulation can end the client's wait at once. */
  onHold?: (req: FakeRequest) => void;
}

export async function createFakeCarrierServer(options: FakeCarrierServerOptions): Promise<FakeCarrierServer> {
  const { now } = options;
  // Every carrier account speaks its own wire format here, from its folder's manifest.
  const states = TRACKING_ACCOUNTS.map((name): CarrierState => ({
    name,
    spec: CARRIER_MANIFESTS[name].fake(),
    timelines: new Map(),
    faults: [],
    badCredentials: false,
    expected: null,
  }));
  const tokens = new Map<string, { carrier: FakeCarrierName; expiresAt: number }>();
  const held = new Set<NodeJS.Timeout>();
  const requests: FakeRequestLog[] = [];

  const stateOf = (carrier: FakeCarrierName): CarrierState => states[TRACKING_ACCOUNTS.indexOf(carrier)];

  const issueToken = (state: CarrierState, token: NonNullable<FakeCarrierSpec['token']>, req: FakeRequest): FakeResponse => {
    const presented = token.credentials(req);
    if (!credentialsAccepted(state, presented)) return token.rejected();
    const accessToken = `fake-${state.name}-${randomUUID()}`;
    tokens.set(accessToken, { carrier: state.name, expiresAt: now() + token.lifetimeSeconds * 1000 });
    return { status: 200, body: JSON.stringify(token.grant(accessToken, now(), presented)), headers: { 'Content-Type': 'application/json' } };
  };

  const authorized = (state: CarrierState, req: FakeRequest): boolean => {
    if (state.spec.keyCredentials) return credentialsAccepted(state, state.spec.keyCredentials(req));
    const issued = tokens.get(bearerToken(req) ?? '');
    return issued !== undefined && issued.carrier === state.name && now() < issued.expiresAt;
  };

  const hold = (res: ServerResponse, holdMs: number): void => {
    const timer = setTimeout(() => {
      held.delete(timer);
      res.destroy();
    }, holdMs);
    held.add(timer);
  };

  /** The carrier's answer, bent by a fault that spoils what it says rather than how it is sent. */
  const render = (state: CarrierState, route: FakeTrackRoute, req: FakeRequest, numbers: string[], fault: CountedFault | null = null): FakeResponse => {
    const asOf = fault?.kind === 'stale' ? now() - (fault.ageMs ?? DEFAULT_STALE_MS) : now();
    const failing = fault?.kind === 'item_error' ? new Set(fault.trackingNumbers ?? numbers.slice(0, 1)) : new Set<string>();
    const parcels: FakeParcel[] = numbers.map((trackingNumber) => {
      const events = visibleEvents(state.timelines.get(trackingNumber), asOf);
      const listed = fault?.kind === 'duplicated' ? events.flatMap((e) => [e, e]) : fault?.kind === 'shuffled' ? scrambled(events) : events;
      return failing.has(trackingNumber) ? { trackingNumber, events: listed, failed: true } : { trackingNumber, events: listed };
    });
    return route.render(req, parcels, now());
  };

  const serveTrack = (state: CarrierState, req: FakeRequest, numbers: string[], res: ServerResponse): void => {
    const route = state.spec.track;
    if (!authorized(state, req)) return write(res, state.spec.unauthorized());
    const fault = takeFault(state);
    switch (fault?.kind) {
      case 'auth_expired':
        tokens.delete(bearerToken(req) ?? '');
        return write(res, state.spec.unauthorized());
      case '429': {
        const limited = state.spec.rateLimited();
        return write(res, { ...limited, headers: { ...limited.headers, 'Retry-After': fault.retryAfter ?? String(fault.retryAfterSeconds) } });
      }
      case '500':
        return write(res, state.spec.serverError());
      case '503': {
        const down = state.spec.serverError();
        return write(res, {
          ...down,
          status: 503,
          headers: { ...down.headers, ...(fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter }) },
        });
      }
      case 'body':
        return write(res, { status: 200, body: fault.body, headers: { 'Content-Type': fault.contentType ?? 'application/json' } });
      case 'timeout':
        options.onHold?.(req);
        return hold(res, fault.holdMs ?? DEFAULT_HOLD_MS);
      case 'truncated':
        return writeTruncated(res, render(state, route, req, numbers));
      case 'malformed':
        return write(res, { status: 200, body: MALFORMED_BODY, headers: { 'Content-Type': 'application/json' } });
      default:
        return write(res, render(state, route, req, numbers, fault));
    }
  };

  /** Finds the carrier and endpoint a request is for; every carrier's paths are distinct. */
  const dispatch = (req: FakeRequest, res: ServerResponse): void => {
    for (const state of states) {
      const { token, track, extra } = state.spec;
      if (token && req.method === 'POST' && req.path === token.path) {
        requests.push({ carrier: state.name, path: req.path, time: now() });
        return write(res, issueToken(state, token, req));
      }
      if (req.method === track.method && track.matches(req.path)) {
        const numbers = track.numbers(req);
        requests.push({ carrier: state.name, path: req.path, time: now(), trackingNumbers: numbers });
        return serveTrack(state, req, numbers, res);
      }
      if (extra && req.method === extra.method && extra.matches(req.path)) {
        requests.push({ carrier: state.name, path: req.path, time: now() });
        return write(res, authorized(state, req) ? render(state, extra, req, []) : state.spec.unauthorized());
      }
    }
    write(res, { status: 404, body: JSON.stringify({ error: 'no such route' }), headers: { 'Content-Type': 'application/json' } });
  };

  const server = createServer((incoming, res) => {
    readBody(incoming)
      .then((body) => {
        const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
        dispatch({ method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, body }, res);
      })
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
    script: (carrier, trackingNumber, timeline) => {
      stateOf(carrier).timelines.set(
        trackingNumber,
        [...timeline].sort((a, b) => a.at - b.at),
      );
    },
    inject: (carrier, fault) => {
      const state = stateOf(carrier);
      if (fault.kind === 'item_error' && !state.spec.itemErrors) throw new Error(`${carrier} answers one number a request: it has no per-item errors`);
      if (fault.kind === 'bad_credentials') state.badCredentials = true;
      else state.faults.push({ fault, remaining: fault.times ?? 1 });
    },
    clearFaults: (carrier) => {
      const state = stateOf(carrier);
      state.faults = [];
      state.badCredentials = false;
    },
    setCredentials: (carrier, credentials) => {
      stateOf(carrier).expected = { ...credentials };
    },
  };
}
