import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src-main/exports/testing-csv';
import { seedDataset } from '../../src-main/reports/testing-dataset';
import { openBrowserApp, type BrowserApp } from './harness';

let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp();
  seedDataset(app.core);
});
afterAll(async () => app?.close());

/** A figure of one row of the performance table, found by the row's carrier as shown ("UPS", or "All" for the total). */
const figure = async (carrier: string, colId: string) =>
  app.page
    .locator('[data-testid="performance-grid"] .ag-row')
    .filter({ has: app.page.locator('[col-id="carrier"]', { hasText: new RegExp(`^${carrier}$`) }) })
    .locator(`[col-id="${colId}"]`);
const drillRows = () => app.page.locator('[data-testid="drill-grid"] .ag-row [col-id="trackingNumber"]');

describe('Reports in browser mode', () => {
  it('opens carrier performance and follows a change of range', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Reports', exact: true }).click();
    await page.getByLabel('From').fill('2026-11-02');
    await page.getByLabel('To').fill('2026-11-08');
    await expect.poll(() => page.getByTestId('report-scope').textContent()).toContain('12 shipments, 2026-11-02 to 2026-11-08');
    await expect.poll(async () => (await figure('UPS', 'onTimeRate')).textContent()).toBe('75.0%');
    expect(await (await figure('UPS', 'shipped')).textContent()).toBe('9');
    expect(await (await figure('UPS', 'transitHours.median')).textContent()).toBe('65.3');
    // DHL delivered nothing: its rates have no population and show a dash, not 0%.
    expect(await (await figure('DHL', 'onTimeRate')).textContent()).toBe('—');
    expect(await (await figure('All', 'shipped')).textContent()).toBe('12');
  });

  it('explains a figure on hover with its formula and population', async () => {
    const { page } = app;
    await (await figure('UPS', 'onTimeRate')).hover();
    const tooltip = page.locator('.ag-tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('delivered on or before the original expected date');
    expect(await tooltip.textContent()).toContain('(4 shipments)');
  });

  it('drills into a figure and lists the shipments behind it', async () => {
    const { page } = app;
    await (await figure('UPS', 'onTimeRate')).click();
    await expect.poll(() => page.getByTestId('drill-title').textContent()).toBe('UPS · On time');
    await expect.poll(async () => (await drillRows().allTextContents()).sort()).toEqual(['TRACKA', 'TRACKB', 'TRACKC', 'TRACKD']);
    await page.getByRole('button', { name: 'Late', exact: true }).click();
    await expect.poll(() => drillRows().allTextContents()).toEqual(['TRACKB']);
  });

  it('exports the report as CSV and the browser downloads it', async () => {
    const { page } = app;
    await page.getByRole('group', { name: 'Export report' }).getByRole('button', { name: 'Export CSV' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download carrier-performance/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^carrier-performance-2026-11-02-to-2026-11-08-.+\.csv$/);
    const [header, ...rows] = parseCsv(readFileSync(await download.path(), 'utf8'));
    const ups = rows.find((r) => r[0] === 'UPS') as string[];
    // Written for people: headers in words with units, rates as percentages, and a total row.
    expect(ups[header.indexOf('On time (%)')]).toBe('75');
    expect(ups[header.indexOf('Shipped')]).toBe('9');
    expect(rows.at(-1)?.[0]).toBe('All');
    expect(await page.getByTestId('export-progress').textContent()).toMatch(/^\d+ rows ready/);
  });

  it('exports the drilled-down shipments too', async () => {
    const { page } = app;
    await page.getByRole('group', { name: 'Export these shipments' }).getByRole('button', { name: 'Export CSV' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download (?!carrier-performance)/ }).click()]);
    const [header, ...rows] = parseCsv(readFileSync(await download.path(), 'utf8'));
    expect(rows.map((r) => r[header.indexOf('tracking_number')])).toEqual(['TRACKB']);
  });

  it('prints the table for a PDF', async () => {
    const { page } = app;
    await page.emulateMedia({ media: 'print' });
    try {
      await expect.poll(() => page.locator('.print-only').isVisible()).toBe(true);
      expect(await page.locator('.print-table').textContent()).toContain('UPS');
      expect(await page.getByTestId('performance-grid').isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('shows the weekly summary with the change from the week before', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Weekly summary' }).click();
    await page.getByLabel('Week').fill('2026-W45');
    await expect.poll(() => page.getByTestId('weekly').textContent()).toContain('compared with 2026-W44');
    const onTime = page.locator('.weekly-table tr').filter({ hasText: 'On time' });
    await expect.poll(() => onTime.textContent()).toContain('75.0%−25.0 pt');
  });

  it('shows the daily health', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Daily health' }).click();
    await expect.poll(() => page.getByTestId('daily-health').textContent()).toContain('Labels not yet reconciled');
  });
});
