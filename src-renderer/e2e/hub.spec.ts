import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStationOnHub, TIMERS_LED_BY_HUB } from '../../src-main/hub';
import { memorySecretStore, systemClock } from '../../src-main/platform/ports';
import { quietLogger } from '../../src-main/testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../../src-main/testing/temp-postgres';
import { axeFindings } from './axe';
import { openBrowserApp, type BrowserApp } from './harness';

let pg: TempPostgres;
let app: BrowserApp;
beforeAll(async () => {
  pg = await startTempPostgres();
  const url = `${await pg.createDatabase('hub_e2e')}?sslmode=disable`;
  const secrets = memorySecretStore();
  // As browser mode starts on a hub (web/serve.ts): the core's job timers off, the station replicating.
  app = await openBrowserApp({
    secrets,
    config: TIMERS_LED_BY_HUB,
    viewport: { width: 1280, height: 720 },
    beforeServe: async (core) => {
      const joined = await core.dispatch('hub.connect', { address: { url }, station: { name: 'Pack 1', role: 'packing' } });
      if (!joined.ok) throw new Error(joined.error.message);
      const station = await startStationOnHub({ core, secrets, clock: systemClock, logger: quietLogger, timers: TIMERS_LED_BY_HUB });
      return station.stop;
    },
  });
  const loaded = await app.core.dispatch('demo.load', { shipments: 20 });
  if (!loaded.ok) throw new Error(loaded.error.message);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await pg?.stop();
});

const hubLine = () => app.page.getByTestId('hub-status').textContent();

async function scanSome(count: number, sessionId: number) {
  const numbers = app.core.services.db.raw.prepare('SELECT tracking_number AS t FROM shipments ORDER BY id LIMIT ?').all(count) as { t: string }[];
  for (const { t } of numbers) {
    const scanned = await app.core.dispatch('reconcile.scan', { sessionId, raw: t });
    if (!scanned.ok) throw new Error(scanned.error.message);
  }
}

describe('the hub in the status bar', () => {
  it('says connected with nothing waiting, offline with the count going up while the hub is down, and drains to 0 when it is back', async () => {
    await expect.poll(hubLine, { timeout: 20_000 }).toBe('Hub: connected · 0 waiting');

    // The panel: who leads each job, the outbox, no error; and nothing axe objects to at 1280×720.
    await app.page.getByTestId('hub-status').click();
    const panel = app.page.getByRole('dialog', { name: 'Warehouse hub' });
    await panel.waitFor();
    await expect.poll(() => panel.getByRole('row', { name: /Exception rules/ }).textContent(), { timeout: 15_000 }).toContain('Pack 1');
    expect(await panel.getByTestId('hub-last-error').textContent()).toBe('None');
    expect(await axeFindings(app.page)).toEqual([]);
    const box = await panel.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 720 && box.x + box.width <= 1280).toBe(true);
    await app.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // Settings → Warehouse hub: the form's fields, tested against the hub with a wrong password, in plain words.
    await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = app.page.getByTestId('hub-settings');
    await expect.poll(() => settings.getByTestId('hub-current').textContent()).toContain('(Pack 1, Packing) is connected to postgres://postgres@127.0.0.1');
    await settings.getByRole('radio', { name: 'Host, database and user' }).check();
    await settings.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await settings.getByLabel('Port', { exact: true }).fill(String(pg.port));
    await settings.getByLabel('Database', { exact: true }).fill('hub_e2e');
    await settings.getByLabel('User', { exact: true }).fill('postgres');
    await settings.getByLabel('Password', { exact: true }).fill('not-the-password');
    await settings.getByRole('combobox', { name: /^TLS/ }).selectOption('disable');
    await settings.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => settings.getByTestId('hub-message').textContent(), { timeout: 15_000 })
      .toBe('The hub did not answer: the hub refused the user name or password.');
    expect(await axeFindings(app.page)).toEqual([]);

    const session = await app.core.dispatch('reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' });
    if (!session.ok) throw new Error(session.error.message);
    await expect.poll(hubLine, { timeout: 10_000 }).toBe('Hub: connected · 0 waiting');

    await pg.halt();
    await scanSome(3, session.value.id);
    await expect.poll(hubLine, { timeout: 15_000 }).toMatch(/^Hub: offline since \d\d:\d\d · \d+ changes waiting$/);
    const waiting = async () => Number((await hubLine())?.match(/· ([\d,]+) change/)?.[1].replace(/,/g, '') ?? 0);
    const before = await waiting();
    await scanSome(5, session.value.id);
    await expect.poll(waiting, { timeout: 5_000 }).toBeGreaterThan(before);

    await pg.resume();
    await expect.poll(hubLine, { timeout: 40_000 }).toBe('Hub: connected · 0 waiting');
  }, 120_000);
});
