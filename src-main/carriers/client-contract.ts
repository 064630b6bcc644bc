/** The behaviour every carrier client must show against the fake carrier server, run by each carrier's client.test.ts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';
import { createFakeCarrierServer, type FakeCarrierName, type FakeCarrierServer, type FakeEvent } from './fake-server';
import type { CarrierClient, CarrierClientOptions } from './types';

export const CONTRACT_START = Date.parse('2026-11-20T15:00:00Z');
const HOUR = 3_600_000;

export interface ContractStep {
  code: string;
  description: string;
  status: TrackingStatus;
}

export interface ClientContract {
  carrier: FakeCarrierName;
  create: (options: CarrierClientOptions) => CarrierClient;
  credentials: Record<string, string>;
  /** Token lifetime the fake grants; absent for API-key carriers. */
  tokenLifetimeSeconds?: number;
  trackingNumber: string;
  /** A second scripted number, for batches. */
  otherNumber: string;
  unknownNumber: string;
  /** EasyPost answers an unknown code with a new tracker in status `unknown`, not with an error. */
  unknownIsTracker?: boolean;
  /** A parcel's life in this carrier's codes, oldest first; each step's status is what the client must report. */
  steps: ContractStep[];
}

export interface ContractHarness {
  server: FakeCarrierServer;
  clock: { now: number };
  client(overrides?: Partial<CarrierClientOptions>): CarrierClient;
  /** One event per step: the first already happened, then one an hour from the start. */
  scriptParcel(trackingNumber: string): FakeEvent[];
  trackRequests(): number;
  tokenRequests(): number;
}

const location = { city: 'MEMPHIS', state: 'TN', postalCode: '38118', country: 'US', utcOffset: '-06:00' };

/** Starts a fake server and a clock per test; the caller's describe block owns the lifecycle. */
export function useContractHarness(contract: ClientContract): ContractHarness {
  const clock = { now: CONTRACT_START };
  const harness = {
    clock,
    client: (overrides: Partial<CarrierClientOptions> = {}) =>
      contract.create({
        baseUrl: harness.server.url,
        credentials: contract.credentials,
        fetch: globalThis.fetch,
        now: () => clock.now,
        timeoutMs: 2000,
        ...overrides,
      }),
    scriptParcel: (trackingNumber: string) => {
      const events = contract.steps.map((step, index) => ({ ...step, at: CONTRACT_START + (index === 0 ? -HOUR : index * HOUR), location }));
      harness.server.script(contract.carrier, trackingNumber, events);
      return events;
    },
    trackRequests: () => harness.server.requests.filter((r) => r.trackingNumbers !== undefined).length,
    tokenRequests: () => harness.server.requests.filter((r) => r.trackingNumbers === undefined).length,
  } as ContractHarness;

  beforeEach(async () => {
    clock.now = CONTRACT_START;
    harness.server = await createFakeCarrierServer({ now: () => clock.now });
  });
  afterEach(async () => {
    await harness.server.close();
  });
  return harness;
}

/** Every string a caller could log or store from an outcome. */
function exposedText(outcome: unknown): string {
  return JSON.stringify(outcome);
}

export function describeClientContract(contract: ClientContract): void {
  describe(`${contract.carrier} client against the fake carrier server`, () => {
    const h = useContractHarness(contract);
    const oauth = contract.tokenLifetimeSeconds !== undefined;

    it('reports the scripted parcel progressively as the clock moves', async () => {
      h.scriptParcel(contract.trackingNumber);
      const client = h.client();
      for (const [index, step] of contract.steps.entries()) {
        h.clock.now = CONTRACT_START + index * HOUR;
        const outcome = await client.track([contract.trackingNumber]);
        expect(outcome.errors).toEqual([]);
        expect(outcome.results).toHaveLength(1);
        expect(outcome.results[0]).toMatchObject({ trackingNumber: contract.trackingNumber, status: step.status });
        expect(outcome.results[0].events.map((e) => e.code)).toEqual(contract.steps.slice(0, index + 1).map((s) => s.code));
      }
    });

    it('records every exchange in raw with status, ISO time and body', async () => {
      h.scriptParcel(contract.trackingNumber);
      const outcome = await h.client().track([contract.trackingNumber]);
      expect(outcome.raw).toHaveLength(oauth ? 2 : 1);
      for (const raw of outcome.raw) {
        expect(raw.url.startsWith(h.server.url)).toBe(true);
        expect([200, 201]).toContain(raw.httpStatus);
        expect(raw.fetchedAt).toBe(new Date(CONTRACT_START).toISOString());
        expect(raw.body.length).toBeGreaterThan(0);
      }
    });

    it('reports an unknown number for that number alone while the others succeed', async () => {
      h.scriptParcel(contract.trackingNumber);
      const outcome = await h.client().track([contract.trackingNumber, contract.unknownNumber]);
      if (contract.unknownIsTracker) {
        expect(outcome.errors).toEqual([]);
        expect(outcome.results.map((r) => [r.trackingNumber, r.status])).toEqual([
          [contract.trackingNumber, contract.steps[0].status],
          [contract.unknownNumber, 'unknown'],
        ]);
      } else {
        expect(outcome.results.map((r) => r.trackingNumber)).toEqual([contract.trackingNumber]);
        expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: contract.unknownNumber, kind: 'not_found' })]);
      }
    });

    it('answers 429 with rate_limited and the Retry-After seconds for the whole call', async () => {
      h.scriptParcel(contract.trackingNumber);
      h.server.inject(contract.carrier, { kind: '429', retryAfterSeconds: 30 });
      const outcome = await h.client().track([contract.trackingNumber]);
      expect(outcome.results).toEqual([]);
      expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'rate_limited', retryAfterSeconds: 30 })]);
    });

    it('stops after a rate limit instead of sending the rest of a split batch', async () => {
      h.scriptParcel(contract.trackingNumber);
      h.server.inject(contract.carrier, { kind: '429', retryAfterSeconds: 5 });
      const many = Array.from({ length: 31 }, (_, i) => `${contract.unknownNumber}${i}`);
      const outcome = await h.client().track(many);
      expect(h.trackRequests()).toBe(1);
      expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'rate_limited' })]);
    });

    it('takes a 5xx on one request of a split batch as the carrier failing: nothing pinned on a parcel, the rest not asked', async () => {
      h.scriptParcel(contract.trackingNumber);
      h.scriptParcel(contract.otherNumber);
      h.server.inject(contract.carrier, { kind: '500' });
      const outcome = await h
        .client()
        .track([contract.trackingNumber, contract.otherNumber, ...Array.from({ length: 30 }, (_, i) => `${contract.unknownNumber}${i}`)]);
      expect(h.trackRequests()).toBe(1);
      expect(outcome.results).toEqual([]);
      expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'transient' })]);
    });

    it('keeps what the carrier answered before a request failed', async () => {
      h.scriptParcel(contract.trackingNumber);
      h.scriptParcel(contract.otherNumber);
      const client = h.client();
      const first = Array.from({ length: client.maxBatch }, (_, i) => (i === 0 ? contract.trackingNumber : `${contract.unknownNumber}${i}`));
      h.server.inject(contract.carrier, { kind: 'none' });
      h.server.inject(contract.carrier, { kind: '500' });
      const outcome = await client.track([...first, contract.otherNumber]);
      expect(outcome.results.map((r) => r.trackingNumber)).toEqual([contract.trackingNumber]);
      expect(outcome.errors.filter((e) => e.trackingNumber === null)).toEqual([expect.objectContaining({ kind: 'transient', code: 'http_500' })]);
    });

    it('answers 500 with a transient whole-call error', async () => {
      h.scriptParcel(contract.trackingNumber);
      h.server.inject(contract.carrier, { kind: '500' });
      const outcome = await h.client().track([contract.trackingNumber]);
      expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'transient', code: 'http_500' })]);
    });

    it('gives up on a silent server after timeoutMs with a transient error', async () => {
      h.scriptParcel(contract.trackingNumber);
      h.server.inject(contract.carrier, { kind: 'timeout', holdMs: 3000 });
      const startedAt = performance.now();
      const outcome = await h.client({ timeoutMs: 200 }).track([contract.trackingNumber]);
      expect(performance.now() - startedAt).toBeLessThan(2000);
      expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'transient', code: 'timeout' })]);
    });

    it.each(['truncated', 'malformed'] as const)('reports a %s body as bad_payload', async (kind) => {
      h.scriptParcel(contract.trackingNumber);
      h.server.inject(contract.carrier, { kind });
      const outcome = await h.client().track([contract.trackingNumber]);
      expect(outcome.results).toEqual([]);
      expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'bad_payload' })]);
    });

    it('reports rejected credentials as auth, from track and from testConnection', async () => {
      h.scriptParcel(contract.trackingNumber);
      h.server.inject(contract.carrier, { kind: 'bad_credentials' });
      const client = h.client();
      const outcome = await client.track([contract.trackingNumber]);
      expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'auth' })]);
      expect(await client.testConnection()).toMatchObject({ ok: false, kind: 'auth' });
    });

    it('passes testConnection with the credentials the server expects', async () => {
      h.server.setCredentials(contract.carrier, contract.credentials);
      expect(await h.client().testConnection()).toEqual({ ok: true });
    });

    it('reports missing credentials as auth without calling the carrier', async () => {
      const outcome = await h.client({ credentials: {} }).track([contract.trackingNumber]);
      expect(outcome.errors).toEqual([expect.objectContaining({ kind: 'auth', code: 'missing_credentials' })]);
      expect(h.server.requests).toEqual([]);
    });

    if (oauth) {
      it('fetches the token once and reuses it', async () => {
        h.scriptParcel(contract.trackingNumber);
        const client = h.client();
        await client.track([contract.trackingNumber]);
        await client.track([contract.trackingNumber]);
        const outcomes = await Promise.all([client.track([contract.trackingNumber]), client.track([contract.trackingNumber])]);
        expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
        expect(h.tokenRequests()).toBe(1);
        expect(h.trackRequests()).toBe(4);
      });

      it('shares one token request between concurrent first calls', async () => {
        h.scriptParcel(contract.trackingNumber);
        const client = h.client();
        await Promise.all([client.track([contract.trackingNumber]), client.track([contract.trackingNumber]), client.testConnection()]);
        expect(h.tokenRequests()).toBe(1);
      });

      it('refreshes the token a minute before it expires, without a 401', async () => {
        h.scriptParcel(contract.trackingNumber);
        const client = h.client();
        await client.track([contract.trackingNumber]);
        h.clock.now = CONTRACT_START + (contract.tokenLifetimeSeconds! - 61) * 1000;
        await client.track([contract.trackingNumber]);
        expect(h.tokenRequests()).toBe(1);
        h.clock.now = CONTRACT_START + (contract.tokenLifetimeSeconds! - 59) * 1000;
        const outcome = await client.track([contract.trackingNumber]);
        expect(outcome.errors).toEqual([]);
        expect(h.tokenRequests()).toBe(2);
        expect(h.trackRequests()).toBe(3);
      });

      it('refreshes the token once and retries once when track answers 401', async () => {
        h.scriptParcel(contract.trackingNumber);
        h.server.inject(contract.carrier, { kind: 'auth_expired' });
        const outcome = await h.client().track([contract.trackingNumber]);
        expect(outcome.errors).toEqual([]);
        expect(outcome.results).toHaveLength(1);
        expect(h.tokenRequests()).toBe(2);
        expect(h.trackRequests()).toBe(2);
        expect(outcome.raw.map((r) => r.httpStatus)).toEqual([200, 401, 200, expect.any(Number)]);
      });

      it('reports the carrier failing, not the credentials, when the token it has just issued is refused too', async () => {
        h.scriptParcel(contract.trackingNumber);
        h.server.inject(contract.carrier, { kind: 'auth_expired', times: 2 });
        const outcome = await h.client().track([contract.trackingNumber]);
        expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'transient', code: 'token_refused' })]);
        expect(h.trackRequests()).toBe(2);
      });
    } else {
      it('does not retry a 401 when there is no token to refresh', async () => {
        h.scriptParcel(contract.trackingNumber);
        h.server.inject(contract.carrier, { kind: 'auth_expired' });
        const outcome = await h.client().track([contract.trackingNumber]);
        expect(outcome.errors).toEqual([expect.objectContaining({ trackingNumber: null, kind: 'auth' })]);
        expect(h.trackRequests()).toBe(1);
      });
    }

    it('never exposes credentials or access tokens in raw, errors or testConnection', async () => {
      h.scriptParcel(contract.trackingNumber);
      const client = h.client();
      const outcomes: unknown[] = [];
      outcomes.push(await client.track([contract.trackingNumber, contract.unknownNumber]));
      h.server.inject(contract.carrier, { kind: 'auth_expired' });
      outcomes.push(await client.track([contract.trackingNumber]));
      h.server.inject(contract.carrier, { kind: '500' });
      outcomes.push(await client.track([contract.trackingNumber]));
      h.server.inject(contract.carrier, { kind: 'bad_credentials' });
      outcomes.push(await h.client().track([contract.trackingNumber]));
      outcomes.push(await h.client().testConnection());
      const text = exposedText(outcomes);
      for (const secret of Object.values(contract.credentials)) expect(text).not.toContain(secret);
      expect(text).not.toMatch(new RegExp(`fake-${contract.carrier}-[0-9a-f]{8}`));
    });
  });
}
