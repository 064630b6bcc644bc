import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatusDetail } from '../../src-shared/api';
import type { RefreshResult } from '../../src-shared/api/tracking';
import type { FakeEvent } from '../carriers/fake-server';
import { createFakeCarrierServer, type FakeCarrierServer } from '../carriers/fake-server';
import { memorySecretStore, type SecretStore } from '../platform/ports';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { parseHubUrl, saveHubConfig } from './config';
import { stationFor } from './for-core';
import { startStationOnHub, TIMERS_LED_BY_HUB } from './index';
import { pollOnceAsStation } from './manual-poll';
import { keepFakeUpsAccount } from './testing/fake-ups';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const LABEL = '1Z999AA10123456784';
const at = (minutes: number) => NOW + minutes * 60_000;
const place = { city: 'Louisville', state: 'KY', country: 'US' };
const journey: FakeEvent[] = [
  { at: at(-300), code: 'MP', description: 'Shipper created a label', location: null, status: 'created' },
  { at: at(-60), code: 'OT', description: 'Out For Delivery Today', location: place, status: 'out_for_delivery' },
];

let pg: TempPostgres;
let fake: FakeCarrierServer;
beforeAll(async () => {
  pg = await startTempPostgres();
  fake = await createFakeCarrierServer({ now: () => NOW });
  fake.script('ups', LABEL, journey);
});
afterAll(async () => {
  await fake?.close();
  await pg?.stop();
});

async function call<T>(core: TempCore, method: string, arg: unknown): Promise<T> {
  const result = await core.dispatchUntrusted(method, arg, { transport: 'in-process', operator: 'Ana' });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

describe('a person’s refresh at stations on a hub', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('never reaches the carrier from a station that does not poll the account, says who does, and the answer arrives through the hub', async () => {
    const url = `${await pg.createDatabase('hub_manual_poll')}?sslmode=disable`;
    // Every carrier request, by the station that made it.
    const requests: string[] = [];
    const station = async (name: string) => {
      const logged: typeof fetch = (input, init) => (requests.push(name), fetch(input, init));
      const core = createTempCore(NOW, logged, undefined, TIMERS_LED_BY_HUB);
      cores.push(core);
      await keepFakeUpsAccount(core, fake.url);
      const secrets = memorySecretStore();
      await stationFor(core, { secrets, clock: core.clock, logger: quietLogger }).connect(url, { name });
      return { core, secrets };
    };
    // Neither station polls on a timer during the test: only a person's refresh, and what it causes, reach the carrier.
    const run = ({ core, secrets }: { core: TempCore; secrets: SecretStore }) =>
      startStationOnHub({
        core,
        secrets,
        clock: core.clock,
        logger: quietLogger,
        timers: { pollIntervalMs: 600_000, syncTickMs: 0, rulesTickMs: 0, reportScheduleTickMs: 0 },
        replication: { pushCheckMs: 50, slowPollMs: 200 },
      });
    const a = await station('Pack A');
    a.core.services.db.write(() =>
      a.core.services.db.raw
        .prepare(
          `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, next_poll_at, created_at, updated_at)
           VALUES ('test', 'x1', ?, 'ups', ?, 'in_transit', '2027-01-01T00:00:00.000Z', ?, ?)`,
        )
        .run(LABEL, new Date(at(-300)).toISOString(), new Date(at(-300)).toISOString(), new Date(at(-300)).toISOString()),
    );
    const runningA = await run(a);
    await expect
      .poll(async () => (await call<HubStatusDetail>(a.core, 'hub.status', {})).leaders.find((l) => l.job === 'carrier:ups')?.stationName, { timeout: 15_000 })
      .toBe('Pack A');
    const b = await station('Pack B');
    const runningB = await run(b);
    try {
      const parcel = () =>
        b.core.services.db.raw.prepare('SELECT id, status FROM shipments WHERE tracking_number = ?').get(LABEL) as { id: number; status: string } | undefined;
      await expect.poll(() => parcel()?.status, { timeout: 15_000 }).toBe('in_transit');
      const id = (parcel() as { id: number }).id;

      // B holds UPS credentials too, but A polls UPS: B's refresh marks the parcel due and says where it is polled.
      await expect
        .poll(async () => (await call<RefreshResult>(b.core, 'tracking.refresh', { shipmentIds: [id] })).elsewhere, { timeout: 15_000 })
        .toEqual([{ carrier: 'ups', label: 'UPS', station: 'Pack A' }]);
      // A hears of the parcel made due and asks at once; its answer reaches B through the hub.
      await expect.poll(() => parcel()?.status, { timeout: 15_000 }).toBe('out_for_delivery');
      expect(requests.filter((r) => r === 'Pack A').length).toBeGreaterThan(0);
      expect(await call<RefreshResult>(b.core, 'tracking.refresh', { carrier: 'ups' })).toMatchObject({ elsewhere: [{ carrier: 'ups', station: 'Pack A' }] });

      // `track poll --once` at B's store is a station too: it finds UPS led by A and leaves it alone.
      const cli = await pollOnceAsStation(b.core, { secrets: b.secrets, clock: b.core.clock, logger: quietLogger });
      expect(cli).toMatchObject({ summary: { requested: 0 }, elsewhere: [{ carrier: 'ups', station: 'Pack A' }] });
      expect(requests.filter((r) => r === 'Pack B')).toEqual([]);
    } finally {
      await runningB.stop();
      await runningA.stop();
    }

    // With nobody else polling UPS, the command takes the account for its run and polls as it always has.
    b.core.services.db.write(() => b.core.services.db.raw.prepare("UPDATE shipments SET next_poll_at = '2000-01-01T00:00:00.000Z'").run());
    const alone = await pollOnceAsStation(b.core, { secrets: b.secrets, clock: b.core.clock, logger: quietLogger });
    expect(alone.elsewhere).toEqual([]);
    expect(alone.summary.requested).toBe(1);
    expect(requests.filter((r) => r === 'Pack B').length).toBeGreaterThan(0);
  });
});

describe('track poll --once on a store joined to a hub it cannot reach', () => {
  it('polls nothing and says why: it cannot prove no other station polls the same account', async () => {
    const requests: string[] = [];
    const core = createTempCore(NOW, (input, init) => (requests.push(String(input)), fetch(input, init)));
    try {
      await keepFakeUpsAccount(core, fake.url);
      core.services.db.write(() =>
        core.services.db.raw
          .prepare(
            `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, next_poll_at, created_at, updated_at)
             VALUES ('test', 'x1', ?, 'ups', '2026-11-20T07:00:00.000Z', 'in_transit', '2000-01-01T00:00:00.000Z', '2026-11-20T07:00:00.000Z', '2026-11-20T07:00:00.000Z')`,
          )
          .run(LABEL),
      );
      const secrets = memorySecretStore();
      // Joined once; nothing answers at the address now.
      await saveHubConfig(secrets, parseHubUrl('postgres://waybill:secret@127.0.0.1:1/hub?sslmode=disable'));
      await expect(pollOnceAsStation(core, { secrets, clock: core.clock, logger: quietLogger })).rejects.toThrow(
        /the hub is out of reach .*nothing was polled/,
      );
      expect(requests).toEqual([]);
    } finally {
      core.dispose();
    }
  });
});
