import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src-main/exports/testing-csv';
import { openBrowserApp, type BrowserApp } from './harness';

let app: BrowserApp;
let reason: string;
let openCount: number;

const raw = () => app.core.services.db.raw;
const openOf = (r: string) =>
  (raw().prepare("SELECT count(*) AS n FROM exceptions WHERE reason = ? AND state IN ('open', 'in_progress')").get(r) as { n: number }).n;
const cell = (rowIndex: number, colId: string) => app.page.locator(`.ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`);
const label = (r: string) => r.replace(/_/g, ' ');

beforeAll(async () => {
  app = await openBrowserApp();
  const loaded = await app.core.dispatch('demo.load', { shipments: 2000 });
  expect(loaded.ok).toBe(true);
  // demo.load sets the rules off by itself; waiting for a pass makes the starting counts certain.
  await app.core.services.exceptions.evaluateAll();
  const busiest = raw()
    .prepare(
      "SELECT reason, count(*) AS n FROM exceptions WHERE state IN ('open', 'in_progress') AND reason NOT IN ('late', 'stalled', 'at_risk') GROUP BY reason ORDER BY n DESC LIMIT 1",
    )
    .get() as { reason: string; n: number };
  reason = busiest.reason;
  openCount = busiest.n;
  expect(openCount).toBeGreaterThanOrEqual(4);
});
afterAll(async () => app?.close());

/** Keys go to the dialog only once it has taken focus; on a loaded machine that lags its first paint. */
const dialogHasFocus = () => expect.poll(() => app.page.locator('[role="dialog"] :focus').count()).toBe(1);

describe('Exception queue in browser mode', () => {
  it('signs an operator in at a named workstation', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Exceptions' }).click();
    await page.getByLabel('Operator name or badge').fill('Dana Kim');
    await page.getByLabel('Operator name or badge').press('Enter');
    await page.getByLabel('Workstation').fill('Pack 1');
    await page.getByLabel('Workstation').press('Enter');
    await expect.poll(() => page.getByTestId('current-operator').textContent()).toContain('Dana Kim');
    expect(await app.core.dispatch('operators.list', {})).toEqual({ ok: true, value: [{ name: 'Dana Kim', badge: null }] });
  });

  it('shows the dashboard tile for the reason and filters the queue by it', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId(`tile-reason-${reason}`).textContent()).toBe(`${label(reason)} ${openCount}`);
    await page.getByLabel('Reason', { exact: true }).selectOption(reason);
    await expect.poll(() => page.getByTestId('exception-count').textContent()).toBe(`${openCount} parcels`);
    // One line per parcel, its reasons listed: every line names the chosen one.
    await expect
      .poll(async () => (await page.locator('.ag-row [col-id="reason"]').allTextContents()).every((t) => t.split(' + ').includes(label(reason))))
      .toBe(true);
  });

  it('assigns, snoozes and resolves by keyboard, and the dashboard counts move', async () => {
    const { page } = app;
    // Signed in, the keys are already in the grid, on the first row.
    await page.keyboard.press('Escape');
    const first = (await cell(0, 'trackingNumber').textContent()) ?? '';
    expect(first).not.toBe('');

    await page.keyboard.press('a');
    await expect.poll(() => cell(0, 'assignee').textContent()).toBe('Dana Kim');

    await page.keyboard.press('s');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await dialogHasFocus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('exception-count').textContent()).toBe(`${openCount - 1} parcels`);
    await expect.poll(() => cell(0, 'trackingNumber').textContent()).not.toBe(first);
    const second = (await cell(0, 'trackingNumber').textContent()) ?? '';

    await page.keyboard.press('r');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await dialogHasFocus();
    await page.keyboard.press('2');
    await page.keyboard.type('Customer agreed to a new delivery day');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('exception-count').textContent()).toBe(`${openCount - 2} parcels`);
    await expect.poll(() => page.getByTestId(`tile-reason-${reason}`).textContent(), { timeout: 10_000 }).toBe(`${label(reason)} ${openCount - 2}`);
    expect(openOf(reason)).toBe(openCount - 2);

    const byTracking = (t: string) =>
      raw()
        .prepare(
          `SELECT a.action, a.operator, a.station, e.state, e.resolution_code, e.resolution_note FROM audit_log a JOIN exceptions e ON e.id = a.entity_id
           JOIN shipments s ON s.id = e.shipment_id WHERE a.entity = 'exception' AND s.tracking_number = ? AND e.reason = ? AND a.operator != 'system' ORDER BY a.id`,
        )
        .all(t, reason);
    expect(byTracking(first)).toEqual([
      { action: 'assigned', operator: 'Dana Kim', station: 'Pack 1', state: 'snoozed', resolution_code: null, resolution_note: null },
      { action: 'snoozed', operator: 'Dana Kim', station: 'Pack 1', state: 'snoozed', resolution_code: null, resolution_note: null },
    ]);
    expect(byTracking(second)).toEqual([
      {
        action: 'resolved',
        operator: 'Dana Kim',
        station: 'Pack 1',
        state: 'resolved',
        resolution_code: 'customer_contacted',
        resolution_note: 'Customer agreed to a new delivery day',
      },
    ]);
  });

  it('refuses to act on an item another station changed a moment ago, and shows the change', async () => {
    const { page } = app;
    const tracking = (await cell(0, 'trackingNumber').textContent()) ?? '';
    // The parcel's leading reason, the one whose item the line shows.
    const lead = ((await cell(0, 'reason').textContent()) ?? '').split(' + ')[0].replace(/ /g, '_');
    const item = raw()
      .prepare('SELECT e.id, e.version FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ? AND e.reason = ?')
      .get(tracking, lead) as { id: number; version: number };
    // Another station's assignment whose live update has not reached this window yet.
    raw().prepare("UPDATE exceptions SET assignee = 'Ben Okafor', state = 'in_progress', version = version + 1 WHERE id = ?").run(item.id);
    raw()
      .prepare("INSERT INTO audit_log (entity, entity_id, action, operator, station, at) VALUES ('exception', ?, 'assigned', 'Ben Okafor', 'Desk 4', ?)")
      .run(item.id, new Date().toISOString());

    await page.keyboard.press('a');
    await expect
      .poll(() => page.getByTestId('exception-message').textContent())
      .toBe(`Exception #${item.id} was changed by Ben Okafor at Desk 4 (assigned) a moment ago; nothing was changed. Look at it again before acting.`);
    await expect.poll(() => cell(0, 'assignee').textContent()).toBe('Ben Okafor');
    expect(raw().prepare('SELECT assignee, version FROM exceptions WHERE id = ?').get(item.id)).toEqual({ assignee: 'Ben Okafor', version: item.version + 1 });
  });

  it('lists its shortcuts and shows the shipment timeline for the current row', async () => {
    const { page } = app;
    expect(await page.getByLabel('Keyboard shortcuts').textContent()).toContain('assign to me');
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('opened');
  });

  it('asks the carrier again about the current row with t, and says when nobody can be asked', async () => {
    const { page } = app;
    const tracking = (await cell(0, 'trackingNumber').textContent()) ?? '';
    const due = () =>
      (raw().prepare('SELECT next_poll_at FROM shipments WHERE tracking_number = ?').get(tracking) as { next_poll_at: string | null }).next_poll_at;
    const before = due();
    await page.keyboard.press('t');
    // No carrier account is set up in this window's store, so the clerk is told where to fix that.
    await expect.poll(() => page.getByTestId('exception-message').textContent()).toBe('1 parcel has no carrier account set up to ask — see Settings.');
    expect(due()).not.toBe(before);
    expect(await page.getByLabel('Keyboard shortcuts').textContent()).toContain('refresh tracking');
  });

  it('exports the whole filtered queue to CSV from the keyboard', async () => {
    const { page } = app;
    const shown = Number(((await page.getByTestId('exception-count').textContent()) ?? '').replace(/\D/g, ''));
    await page.keyboard.press('e');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download exceptions-/ }).click()]);
    const [header, ...rows] = parseCsv(readFileSync(await download.path(), 'utf8'));
    expect(rows).toHaveLength(shown);
    expect(shown).toBe(openOf(reason));
    expect(rows.every((r) => r[header.indexOf('reasons')].split(' ').includes(reason))).toBe(true);
    expect(rows[0][header.indexOf('tracking_number')]).toBe(await cell(0, 'trackingNumber').textContent());
  });

  it("adds another station's note to the timeline on screen as it happens", async () => {
    const tracking = (await cell(0, 'trackingNumber').textContent()) ?? '';
    const item = raw()
      .prepare('SELECT e.id, e.version FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ? AND e.reason = ?')
      .get(tracking, reason) as { id: number; version: number };
    const noted = await app.core.dispatch(
      'exceptions.note',
      { items: [item], note: 'Called the depot, parcel found' },
      { transport: 'in-process', operator: 'Ben Okafor', station: 'Desk 4' },
    );
    expect(noted.ok).toBe(true);
    await expect.poll(() => app.page.getByTestId('timeline').textContent()).toContain('“Called the depot, parcel found”');
    expect(await app.page.getByTestId('timeline').textContent()).toContain('Ben Okafor @ Desk 4');
  });
});
