import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src-main/exports/testing-csv';
import { openBrowserApp, type BrowserApp } from './harness';

let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp();
  // The app opens on the queue (the first view); these tests work in Shipments.
  await app.page.getByRole('navigation').getByRole('button', { name: 'Shipments', exact: true }).click();
});
afterAll(async () => app?.close());

const gridRows = (app: BrowserApp) => app.page.locator('.ag-row [col-id="carrier"]');
const column = (app: BrowserApp, colId: string) => app.page.locator(`.ag-row [col-id="${colId}"]`);
const cell = (app: BrowserApp, rowIndex: number, colId: string) => app.page.locator(`.ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`);

describe('Shipments view in browser mode', () => {
  it('takes the token out of the address bar and shows the status bar', async () => {
    const { page } = app;
    await page.getByTestId('connectivity').waitFor();
    expect(page.url()).not.toContain('token');
    expect(await page.getByTestId('connectivity').textContent()).toBe('Online');
    expect(await page.getByTestId('store-size').textContent()).toMatch(/Store \d/);
  });

  it('offers sample data on first run and fills the grid from the core', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await expect.poll(() => page.getByTestId('shipment-count').textContent(), { timeout: 30_000 }).toBe('5,000 shipments');
    await expect.poll(() => gridRows(app).count()).toBeGreaterThan(10);
  });

  it('re-queries the core when a header is clicked to sort', async () => {
    const { page } = app;
    await page.locator('.ag-header-cell[col-id="orderValue"] .ag-header-cell-label').click();
    await page.locator('.ag-header-cell[col-id="orderValue"] .ag-header-cell-label').click();
    const first = cell(app, 0, 'orderValue');
    await expect.poll(async () => (await first.textContent()) ?? '').toMatch(/^4\d\d\.\d\d USD$/);
    const max = (app.core.services.db.raw.prepare('SELECT max(order_value_cents) AS m FROM shipments').get() as { m: number }).m;
    await expect.poll(() => first.textContent()).toBe(`${(max / 100).toFixed(2)} USD`);
  });

  it('filters by carrier in SQL and the count follows', async () => {
    const { page } = app;
    await page.getByLabel('Carrier').selectOption('ups');
    const ups = (app.core.services.db.raw.prepare("SELECT count(*) AS n FROM shipments WHERE carrier = 'ups'").get() as { n: number }).n;
    await expect.poll(() => page.getByTestId('shipment-count').textContent()).toBe(`${ups.toLocaleString('en-US')} shipments`);
    await expect.poll(async () => new Set(await column(app, 'carrier').allTextContents())).toEqual(new Set(['UPS']));
  });

  it('exports every shipment the filter finds, in the order on screen', async () => {
    const { page } = app;
    await page.getByRole('group', { name: 'Export these shipments' }).getByRole('button', { name: 'Export CSV' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download shipments-/ }).click()]);
    const [header, ...rows] = parseCsv(readFileSync(await download.path(), 'utf8'));
    const ups = app.core.services.db.raw
      .prepare("SELECT tracking_number AS t FROM shipments WHERE carrier = 'ups' ORDER BY order_value_cents DESC, id DESC")
      .all() as { t: string }[];
    expect(rows).toHaveLength(ups.length);
    expect(new Set(rows.map((r) => r[header.indexOf('carrier')]))).toEqual(new Set(['ups']));
    // Sorted by value, highest first, as the header clicks above left the grid.
    const values = rows.map((r) => Number(r[header.indexOf('order_value')]));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(rows[0][header.indexOf('tracking_number')]).toBe(await cell(app, 0, 'trackingNumber').textContent());
  });

  it('finds one shipment by order number', async () => {
    const { page } = app;
    await page.getByLabel('Carrier').selectOption('');
    const order = app.core.services.db.raw.prepare('SELECT order_number AS o, tracking_number AS t FROM shipments WHERE id = 123').get() as {
      o: string;
      t: string;
    };
    await page.getByLabel('Search tracking or order number').fill(order.o);
    await page.getByLabel('Search tracking or order number').press('Enter');
    await expect.poll(() => page.getByTestId('shipment-count').textContent()).toBe('1 shipment');
    await expect.poll(() => column(app, 'trackingNumber').allTextContents()).toEqual([order.t]);
  });
});
