import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserApp, type BrowserApp } from './harness';

/** The exception queue on the floor at 1280×720 (issue 20, items 7 and 8): one line per parcel, typed ahead, aged right. */
let app: BrowserApp;
const raw = () => app.core.services.db.raw;
const count = async () => Number(((await app.page.getByTestId('exception-count').textContent()) ?? '').replace(/\D/g, ''));
const cell = (rowIndex: number, colId: string) => app.page.locator(`.ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`);
/** The grid row the keys are on, or null when they are elsewhere. */
const focusedRow = () => app.page.evaluate("document.activeElement?.closest('.ag-row')?.getAttribute('row-index') ?? null");

/** The search box applies on Enter; Escape hands the keys back to the grid. */
async function search(text: string) {
  await app.page.getByLabel('Search tracking or order number').fill(text);
  await app.page.getByLabel('Search tracking or order number').press('Enter');
}
const openItems = (tracking: string) =>
  (
    raw()
      .prepare(
        "SELECT count(*) AS n FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ? AND e.state IN ('open', 'in_progress')",
      )
      .get(tracking) as { n: number }
  ).n;

beforeAll(async () => {
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 } });
  const loaded = await app.core.dispatch('demo.load', { shipments: 2000 });
  expect(loaded.ok).toBe(true);
  await app.core.services.exceptions.evaluateAll();
});
afterAll(async () => app?.close());

describe('The exception queue at 1280×720', () => {
  it('puts the keys in the grid once someone signs in', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Exceptions' }).click();
    await page.getByLabel('Operator name or badge').fill('Dana Kim');
    await page.getByLabel('Operator name or badge').press('Enter');
    await expect.poll(focusedRow).toBe('0');
  });

  it('lists each parcel once, its reasons together, the most severe first, and counts parcels on the dashboard too', async () => {
    const { page } = app;
    // Every pass the sample data set off has finished: the counts below hold still.
    await app.core.services.exceptions.settled();
    const parcels = (raw().prepare("SELECT count(DISTINCT shipment_id) AS n FROM exceptions WHERE state IN ('open', 'in_progress')").get() as { n: number }).n;
    const items = (raw().prepare("SELECT count(*) AS n FROM exceptions WHERE state IN ('open', 'in_progress')").get() as { n: number }).n;
    expect(items).toBeGreaterThan(parcels);
    await expect.poll(count, { timeout: 10_000 }).toBe(parcels);
    const tracking = (await page.locator('.ag-row [col-id="trackingNumber"]').allTextContents()).filter(Boolean);
    expect(new Set(tracking).size).toBe(tracking.length);
    await page.getByRole('button', { name: 'Show dashboard' }).click();
    await expect.poll(() => page.getByTestId('tile-open-total').textContent(), { timeout: 10_000 }).toBe(parcels.toLocaleString('en-US'));
    // The tile's number is the length of the list it opens.
    const pastExpected = Number((await page.getByTestId('tile-past-expected').locator('b').textContent())?.replace(/\D/g, ''));
    await page.getByTestId('tile-past-expected').click();
    await expect.poll(count).toBe(pastExpected);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    // Late deliveries have left the queue: their figures open no list that could disagree; the report lists them.
    expect(await page.getByTestId('tile-late-deliveries').locator('button.chip').count()).toBe(0);
    await page.getByRole('button', { name: 'Hide dashboard' }).click();
    await expect.poll(count).toBe(parcels);

    // A parcel with several reasons: one line, the most severe leading, what makes up its priority on show.
    const several = raw()
      .prepare(
        "SELECT s.tracking_number AS t FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE e.state IN ('open', 'in_progress') GROUP BY s.id HAVING count(*) >= 3 LIMIT 1",
      )
      .get() as { t: string };
    await search(several.t);
    await expect.poll(count).toBe(1);
    await page.keyboard.press('Escape');
    const reasons = ((await cell(0, 'reason').textContent()) ?? '').split(' + ');
    expect(reasons.length).toBe(openItems(several.t));
    await expect.poll(() => page.getByTestId('facets').locator('li').count()).toBe(reasons.length);
    const explained = (await page.getByTestId('facets').textContent()) ?? '';
    expect(explained).toMatch(/severity \d+ × order value .* × age [\d.]+ .* = [\d,]+/);
    expect(explained).toContain(`= ${await cell(0, 'priority').textContent()}`);

    // Resolving the parcel's line handles every reason it had.
    await page.keyboard.press('r');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => openItems(several.t)).toBe(0);
    await expect.poll(count).toBe(0);
    await search('');
    await page.keyboard.press('Escape');
    await expect.poll(count).toBe(parcels - 1);
  });

  it('ages an item from when its problem happened, not from when the queue saw it', async () => {
    const { page } = app;
    // A delivered parcel turns out damaged: the carrier's damage scan was four days ago.
    const damagedAt = new Date(Date.now() - 4 * 86_400_000 - 3_600_000).toISOString();
    const old = raw()
      .prepare(
        `UPDATE shipments SET status = 'exception', substatus = 'damaged', last_event_at = ?, expected_delivery_original = NULL, expected_delivery_current = NULL
         WHERE id = (SELECT id FROM shipments WHERE status = 'delivered' ORDER BY id LIMIT 1) RETURNING id, tracking_number AS t`,
      )
      .get(damagedAt) as { id: number; t: string };
    await app.core.services.exceptions.evaluateShipments([old.id]);
    await search(old.t);
    await expect.poll(count).toBe(1);
    await expect.poll(() => cell(0, 'reason').textContent()).toMatch(/^damaged/);
    await expect.poll(() => cell(0, 'ageHours').textContent()).toBe('4 d');
    await search('');
    await page.keyboard.press('Escape');
  });

  it('keeps the keys typed ahead while a dialog opens: ten r 1 Enter at 120 ms a key resolve ten parcels', async () => {
    const { page } = app;
    await expect.poll(focusedRow).not.toBe(null);
    const before = await count();
    const resolved = () => (raw().prepare("SELECT count(DISTINCT shipment_id) AS n FROM exceptions WHERE state = 'resolved'").get() as { n: number }).n;
    const already = resolved();
    for (let i = 0; i < 10; i++) for (const key of ['r', '1', 'Enter']) await page.keyboard.press(key, { delay: 120 });
    await expect.poll(resolved, { timeout: 15_000 }).toBe(already + 10);
    await expect.poll(count).toBe(before - 10);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });
});
