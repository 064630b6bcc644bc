import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSummary } from '../../src-shared/api';
import { createCore } from '../core';
import { memorySecretStore, systemClock } from '../platform/ports';
import { quietLogger } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { HUB_SECRET_KEY } from './config';
import { startStationOnHub, TIMERS_LED_BY_HUB } from '.';
import { plainHubError } from './plain-error';

let pg: TempPostgres;
let dir: string;
beforeAll(async () => {
  pg = await startTempPostgres();
  dir = mkdtempSync(join(tmpdir(), 'waybill-hub-console-'));
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const unwrap = <T>(envelope: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
};

describe('the hub handlers', () => {
  it('say "not configured", test, connect with the form fields, follow the live station, and disconnect; the password never comes back', async () => {
    const secrets = memorySecretStore();
    const core = createCore({
      dbPath: join(dir, 'a.db'),
      clock: systemClock,
      fetch,
      secrets,
      config: { version: 'test', dataDir: dir, ...TIMERS_LED_BY_HUB },
      logger: quietLogger,
    });
    const events: HubSummary[] = [];
    core.events.subscribe((name, payload) => name === 'hub.statusChanged' && events.push(payload as HubSummary));
    try {
      expect(unwrap(await core.dispatch('hub.status', {}))).toMatchObject({ configured: false, connected: false, live: false, hub: null, outbox: 0 });

      await pg.createDatabase('hub_console');
      const fields = {
        host: '127.0.0.1',
        port: pg.port,
        database: 'hub_console',
        user: 'postgres',
        password: 'waybill-test',
        tls: 'disable' as const,
        caFile: '',
      };
      expect(unwrap(await core.dispatch('hub.test', { address: { ...fields, password: 'wrong' } }))).toEqual({
        ok: false,
        error: 'the hub refused the user name or password',
      });
      expect(unwrap(await core.dispatch('hub.test', { address: fields }))).toMatchObject({ ok: true, hub: expect.stringContaining('hub_console') });
      const bad = await core.dispatch('hub.connect', { address: { url: 'mysql://x' } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });

      const joined = unwrap(await core.dispatch('hub.connect', { address: fields, station: { name: 'Pack 1', role: 'packing' } }));
      expect(joined).toMatchObject({ station: { name: 'Pack 1', role: 'packing' }, takesEffect: 'restart' });
      expect(await secrets.get(HUB_SECRET_KEY)).toContain('waybill-test');
      expect(unwrap(await core.dispatch('hub.status', {}))).toMatchObject({ configured: true, live: false, station: { name: 'Pack 1' } });

      const running = await startStationOnHub({ core, secrets, clock: systemClock, logger: quietLogger, timers: TIMERS_LED_BY_HUB });
      await expect.poll(() => events.at(-1), { timeout: 10_000 }).toMatchObject({ configured: true, connected: true, live: true, outbox: 0, lastError: null });
      const status = unwrap(await core.dispatch('hub.status', {}));
      expect(status).toMatchObject({ connected: true, hub: expect.stringContaining('127.0.0.1'), stations: [{ name: 'Pack 1', role: 'packing' }] });
      await expect
        .poll(async () => unwrap(await core.dispatch('hub.status', {})).leaders, { timeout: 10_000 })
        .toContainEqual(expect.objectContaining({ job: 'rules', stationName: 'Pack 1' }));
      expect(JSON.stringify([status, events])).not.toContain('waybill-test');
      // A window that subscribes after the last change still hears the status: it is said again while unchanged.
      const late: HubSummary[] = [];
      const unsubscribe = core.events.subscribe((name, payload) => name === 'hub.statusChanged' && late.push(payload as HubSummary));
      await expect.poll(() => late.length, { timeout: 10_000 }).toBeGreaterThan(0);
      unsubscribe();
      expect(late[0]).toMatchObject({ connected: true, outbox: 0, stationNamed: true });

      expect(unwrap(await core.dispatch('hub.disconnect', {}))).toEqual({ takesEffect: 'restart' });
      expect(await secrets.get(HUB_SECRET_KEY)).toBeNull();
      expect(unwrap(await core.dispatch('hub.status', {}))).toMatchObject({ configured: false, live: false });
      await running.stop();
    } finally {
      core.close();
    }
  });
});

describe('hub errors in plain words', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 'nothing answers at that address: is the hub running?'],
    [{ code: '28P01', message: 'password authentication failed for user "waybill"' }, 'the hub refused the user name or password'],
    [{ code: '3D000', message: 'database "x" does not exist' }, 'that database does not exist on the hub'],
    [new Error('Connection terminated unexpectedly'), 'the connection to the hub was cut'],
    [new Error('the hub heartbeat took longer than 4000 ms'), 'the hub did not answer in time'],
    [new Error('something new'), 'something new'],
  ])('%o reads "%s"', (error, text) => expect(plainHubError(error)).toBe(text));
});
