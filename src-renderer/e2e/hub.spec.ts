import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board } from '../../src-shared/api';
import { exampleTrackingNumber } from '../../src-shared/domain/tracking/carriers';
import { startStationOnHub, TIMERS_LED_BY_HUB } from '../../src-main/hub';
import { memorySecretStore, systemClock } from '../../src-main/platform/ports';
import { quietLogger } from '../../src-main/testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../../src-main/testing/temp-postgres';
import { axeFindings } from './axe';
import { openBrowserApp, type BrowserApp } from './harness';

// One hub and two browser-mode stations on it, shared by every test here: Pack 1 joins first and leads.
let pg: TempPostgres;
let pack1: BrowserApp;
let pack2: BrowserApp;
let hubUrl: string;
const closed = new Set<BrowserApp>();

/** A station as browser mode starts on a hub (web/serve.ts): the core's job timers off, the station replicating. */
async function openStation(url: string, name: string): Promise<BrowserApp> {
  const secrets = memorySecretStore();
  return openBrowserApp({
    secrets,
    config: TIMERS_LED_BY_HUB,
    viewport: { width: 1280, height: 720 },
    beforeServe: async (core) => {
      const joined = await core.dispatch('hub.connect', { address: { url }, station: { name, role: 'packing' } });
      if (!joined.ok) throw new Error(joined.error.message);
      const station = await startStationOnHub({ core, secrets, clock: systemClock, logger: quietLogger, timers: TIMERS_LED_BY_HUB });
      return station.stop;
    },
  });
}

const count = (app: BrowserApp, sql: string) => (app.core.services.db.raw.prepare(sql).get() as { n: number }).n;

beforeAll(async () => {
  pg = await startTempPostgres();
  const url = `${await pg.createDatabase('hub_e2e')}?sslmode=disable`;
  hubUrl = url;
  pack1 = await openStation(url, 'Pack 1');
  const loaded = await pack1.core.dispatch('demo.load', { shipments: 20 });
  if (!loaded.ok) throw new Error(loaded.error.message);
  await pack1.core.services.exceptions.evaluateAll();
  pack2 = await openStation(url, 'Pack 2');
}, 120_000);
afterAll(async () => {
  for (const app of [pack1, pack2]) if (app && !closed.has(app)) await app.close();
  await pg?.stop();
});

const hubLine = (app: BrowserApp) => () => app.page.getByTestId('hub-status').textContent();

async function openSession(app: BrowserApp, station: string): Promise<number> {
  const session = await app.core.dispatch('reconcile.openSession', { station, operator: 'Ana', purpose: 'carrier_handoff' });
  if (!session.ok) throw new Error(session.error.message);
  return session.value.id;
}

async function scan(app: BrowserApp, sessionId: number, labels: readonly string[]) {
  for (const raw of labels) {
    const scanned = await app.core.dispatch('reconcile.scan', { sessionId, raw });
    if (!scanned.ok) throw new Error(scanned.error.message);
  }
}

/** Valid UPS numbers no label has: each scan lands in "scanned, not expected" on the board. */
const unknownLabels = (from: number, n: number) => Array.from({ length: n }, (_, i) => exampleTrackingNumber('ups', 9_000_000 + from + i));

async function board(app: BrowserApp): Promise<Board> {
  const date = await app.page.getByLabel('Board day').inputValue();
  const answer = await app.core.dispatch('reconcile.board', { date });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

const bucket = (app: BrowserApp, name: string) => () => app.page.getByTestId(`bucket-${name}`).locator('.bucket-count').textContent();

async function showBoard(app: BrowserApp) {
  await app.page.getByRole('button', { name: 'Reconcile', exact: true }).click();
  await app.page.getByRole('tab', { name: 'Board' }).click();
}

describe('two stations on one hub', () => {
  it('both say connected; the panel says who leads; Settings tests an address in plain words', async () => {
    const exceptions = 'SELECT count(*) AS n FROM exceptions';
    expect(count(pack1, exceptions)).toBeGreaterThan(0);
    await expect.poll(() => count(pack2, exceptions), { timeout: 30_000 }).toBe(count(pack1, exceptions));
    // Pack 2 has just joined (a snapshot, then the feed): on a loaded machine that can take a while.
    await expect.poll(hubLine(pack1), { timeout: 40_000 }).toBe('Hub: connected · 0 waiting');
    await expect.poll(hubLine(pack2), { timeout: 40_000 }).toBe('Hub: connected · 0 waiting');

    // The panel: who leads each job, the outbox, no error; and nothing axe objects to at 1280×720.
    const { page } = pack2;
    await page.getByTestId('hub-status').click();
    const panel = page.getByRole('dialog', { name: 'Warehouse hub' });
    await panel.waitFor();
    await expect.poll(() => panel.getByRole('row', { name: /Exception rules/ }).textContent(), { timeout: 15_000 }).toContain('Pack 1');
    expect(await panel.getByTestId('hub-last-error').textContent()).toBe('None');
    expect(await axeFindings(page)).toEqual([]);
    const box = await panel.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 720 && box.x + box.width <= 1280).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // Settings → Warehouse hub: the form's fields, tested against the hub with a wrong password, in plain words.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByTestId('hub-settings');
    await expect.poll(() => settings.getByTestId('hub-current').textContent()).toContain('(Pack 2, Packing) is connected to postgres://postgres@127.0.0.1');
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
    expect(await axeFindings(page)).toEqual([]);
  }, 120_000);

  it('ten labels scanned at Pack 1 show on Pack 2’s board within 2 s, and its station filter narrows to them', async () => {
    await showBoard(pack2);
    const before = (await board(pack2)).counts.scanned_not_expected;
    await expect.poll(bucket(pack2, 'scanned_not_expected')).toBe(String(before));
    const session = await openSession(pack1, 'Pack 1');
    await scan(pack1, session, unknownLabels(0, 10));
    await expect.poll(bucket(pack2, 'scanned_not_expected'), { timeout: 2_000, interval: 50 }).toBe(String(before + 10));

    await pack2.page.getByLabel('Board station').selectOption('Pack 1');
    await expect.poll(bucket(pack2, 'scanned_not_expected')).toBe('10');
    await pack2.page.getByLabel('Board station').selectOption('');
  }, 60_000);

  it('a row from the hub that Pack 2 will not store is counted and listed in its hub panel, and the feed goes on', async () => {
    const status = await pack1.core.dispatch('hub.status', {});
    if (!status.ok) throw new Error(status.error.message);
    const admin = new Client({ connectionString: hubUrl });
    await admin.connect();
    try {
      // A row as a broken (or hostile) Pack 1 might send it: a shipment whose status this Waybill does not know.
      await admin.query("INSERT INTO rows (tbl, origin, key, op, data, written_by) VALUES ('shipments', $1, '424242', 'upsert', $2, $1)", [
        status.value.station.id,
        JSON.stringify({ source: 'x', external_id: 'refused-1', tracking_number: 'T', carrier: 'ups', label_created_at: '2026-11-20', status: 'exploded' }),
      ]);
      await admin.query('NOTIFY waybill_changes');
    } finally {
      await admin.end();
    }
    const { page } = pack2;
    await page.getByTestId('hub-status').click();
    const panel = page.getByRole('dialog', { name: 'Warehouse hub' });
    await expect.poll(() => panel.getByTestId('hub-refused-count').textContent(), { timeout: 15_000 }).toBe('1 row');
    await panel.getByTestId('hub-refused-toggle').click();
    const row = panel.getByTestId('hub-refused').getByRole('row', { name: /Shipment/ });
    await expect.poll(() => row.textContent()).toContain('Pack 1: 424242');
    expect(await row.textContent()).toContain('status exploded is not one this Waybill knows');
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByTestId('hub-settings-refused').textContent()).toContain('1 row from the hub could not be stored here');
    // Pack 1 wrote it (as far as the hub says) and passes over it; Pack 2 refused it and the feed went on.
    await expect.poll(hubLine(pack2), { timeout: 15_000 }).toBe('Hub: connected · 0 waiting');
    expect(count(pack2, "SELECT count(*) AS n FROM shipments WHERE external_id = 'refused-1'")).toBe(0);
  }, 60_000);

  it('one exception resolved at both stations at once: the first stays, and the other station’s panel says who won and offers to reopen', async () => {
    const find = (app: BrowserApp, tracking: string) =>
      app.core.services.db.raw
        .prepare('SELECT e.id, e.version FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ?')
        .get(tracking) as { id: number; version: number };
    const tracking = (
      pack1.core.services.db.raw
        .prepare(
          "SELECT s.tracking_number AS n FROM exceptions e JOIN shipments s ON s.id = e.shipment_id GROUP BY s.id HAVING count(*) = 1 AND max(e.state) = 'open' ORDER BY s.id LIMIT 1",
        )
        .get() as { n: string }
    ).n;
    const [at1, at2] = [find(pack1, tracking), find(pack2, tracking)];
    // Both before either push (a push waits for the next turn of the event loop): a true race.
    const results = await Promise.all([
      pack1.core.dispatch('exceptions.resolve', { items: [at1], code: 'carrier_contacted' }, { transport: 'in-process', operator: 'Ana' }),
      pack2.core.dispatch('exceptions.resolve', { items: [at2], code: 'refunded' }, { transport: 'in-process', operator: 'Bo' }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const lostAt = (app: BrowserApp) =>
      count(
        app,
        "SELECT count(*) AS n FROM audit_log WHERE action = 'hub_conflict_lost' AND station = (SELECT value FROM hub_station WHERE key = 'station.name')",
      );
    await expect.poll(() => lostAt(pack1) + lostAt(pack2), { timeout: 10_000 }).toBe(1);
    const [loser, winner, winnerName, winnerOperator] = lostAt(pack1) ? [pack1, pack2, 'Pack 2', 'Bo'] : [pack2, pack1, 'Pack 1', 'Ana'];
    // The loser holds the winner's resolution.
    const resolution = (app: BrowserApp) =>
      app.core.services.db.raw
        .prepare('SELECT e.state, e.resolution_code AS code FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ?')
        .get(tracking);
    await expect.poll(() => resolution(loser), { timeout: 10_000 }).toEqual(resolution(winner));

    const { page } = loser;
    await page.getByRole('button', { name: 'Exceptions', exact: true }).click();
    await page.getByLabel('Operator name or badge').fill('Cy');
    await page.getByLabel('Operator name or badge').press('Enter');
    // The station's saved name is the one its audit entries carry: shown, with no field to type another.
    await expect.poll(() => page.getByTestId('current-station').textContent()).toBe(`Workstation ${loser === pack1 ? 'Pack 1' : 'Pack 2'}`);
    expect(await page.getByLabel('Workstation').count()).toBe(0);
    await page.getByLabel('State', { exact: true }).selectOption('all');
    const search = page.getByLabel('Search tracking or order number');
    await search.fill(tracking);
    await search.press('Enter');
    await expect.poll(() => page.locator('.ag-row [col-id="trackingNumber"]').allTextContents()).toEqual([tracking]);
    await page.locator('.ag-row [col-id="trackingNumber"]').first().click();
    const note = page.getByTestId('exception-conflict');
    await expect
      .poll(() => note.textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(`came too late: resolved by ${winnerOperator} at ${winnerName}, \\d+ s ago`));

    // The winning station sees who has the item open at the other one, in the queue's Open at column.
    await winner.page.getByRole('button', { name: 'Exceptions', exact: true }).click();
    await winner.page.getByLabel('State', { exact: true }).selectOption('all');
    await winner.page.getByLabel('Search tracking or order number').fill(tracking);
    await winner.page.getByLabel('Search tracking or order number').press('Enter');
    await expect
      .poll(() => winner.page.locator('.ag-row [col-id="openAt"]').allTextContents(), { timeout: 15_000 })
      .toEqual([`Cy at ${loser === pack1 ? 'Pack 1' : 'Pack 2'}`]);

    // The manager's list of today's conflicts, from the hub panel.
    await page.getByTestId('hub-status').click();
    await page.getByTestId('hub-conflicts-toggle').click();
    await expect.poll(() => page.getByTestId('hub-conflicts').textContent()).toContain(`resolved by ${winnerOperator} at ${winnerName}`);
    await page.keyboard.press('Escape');

    // Reopen takes the item back; the note goes once the person has acted.
    await note.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => resolution(loser)).toMatchObject({ state: 'open' });
    await expect.poll(() => note.count()).toBe(0);
  }, 90_000);

  it('with the hub stopped both stations go on scanning and say "offline · N waiting"; back, both drain to 0 and their boards agree', async () => {
    const sessions = [await openSession(pack1, 'Pack 1'), await openSession(pack2, 'Pack 2')];
    await expect.poll(hubLine(pack1), { timeout: 10_000 }).toBe('Hub: connected · 0 waiting');
    await pg.halt();
    await scan(pack1, sessions[0], unknownLabels(100, 3));
    await scan(pack2, sessions[1], unknownLabels(200, 4));
    for (const app of [pack1, pack2]) await expect.poll(hubLine(app), { timeout: 15_000 }).toMatch(/^Hub: offline since \d\d:\d\d · \d+ changes? waiting$/);
    const waiting = async (app: BrowserApp) => Number((await hubLine(app)())?.match(/· ([\d,]+) change/)?.[1].replace(/,/g, '') ?? 0);
    const before = await waiting(pack1);
    await scan(pack1, sessions[0], unknownLabels(300, 2));
    await expect.poll(() => waiting(pack1), { timeout: 5_000 }).toBeGreaterThan(before);

    await pg.resume();
    for (const app of [pack1, pack2]) await expect.poll(hubLine(app), { timeout: 40_000 }).toBe('Hub: connected · 0 waiting');
    for (const app of [pack1, pack2]) await showBoard(app);
    await expect.poll(async () => JSON.stringify(await board(pack1)), { timeout: 10_000 }).toBe(JSON.stringify(await board(pack2)));
    const agreed = await board(pack1);
    for (const app of [pack1, pack2]) await expect.poll(bucket(app, 'scanned_not_expected')).toBe(String(agreed.counts.scanned_not_expected));
  }, 120_000);

  it('when the leading station goes, the other takes its jobs and the status panel says so', async () => {
    // After the outage either station may have taken the rules again: the one that leads now is the one that goes.
    const rulesLeader = async () => {
      const status = await pack2.core.dispatch('hub.status', {});
      return status.ok ? status.value.leaders.find((l) => l.job === 'rules')?.stationName : undefined;
    };
    await expect.poll(rulesLeader, { timeout: 15_000 }).toBeDefined();
    const leaderName = (await rulesLeader()) as string;
    const [leader, follower, followerName] = leaderName === 'Pack 1' ? [pack1, pack2, 'Pack 2'] : [pack2, pack1, 'Pack 1'];
    const { page } = follower;
    await page.getByTestId('hub-status').click();
    const panel = page.getByRole('dialog', { name: 'Warehouse hub' });
    const rules = () => panel.getByRole('row', { name: /Exception rules/ }).textContent();
    await expect.poll(rules, { timeout: 15_000 }).toContain(leaderName);
    closed.add(leader);
    await leader.close();
    // The panel asks the hub again on Refresh; the follower's next leadership round (5 s) takes the freed jobs.
    await expect
      .poll(
        async () => {
          await panel.getByRole('button', { name: 'Refresh' }).click();
          return rules();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain(followerName);
  }, 60_000);
});
