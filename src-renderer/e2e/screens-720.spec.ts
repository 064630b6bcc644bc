import type { Locator } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserApp, type BrowserApp } from './harness';

/** The work surfaces at a small workstation's screen, 1280×720: the grid or table first, the rest folded away. */
let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 } });
  const loaded = await app.core.dispatch('demo.load', { shipments: 1500 });
  if (!loaded.ok) throw new Error(loaded.error.message);
});
afterAll(async () => app?.close());

const height = async (element: Locator) => (await element.boundingBox())?.height ?? 0;
const nav = (view: string) => app.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();

describe('Screens at 1280×720', () => {
  it('the exception queue gives its grid at least 60% of the window, with the dashboard and the rarer filters one click away', async () => {
    const { page } = app;
    await nav('Exceptions');
    const grid = page.locator('.exceptions-body .grid');
    await expect.poll(() => page.locator('.exceptions-body .ag-row').count()).toBeGreaterThan(0);
    expect(await height(grid)).toBeGreaterThanOrEqual(0.6 * 720);

    await page.getByRole('button', { name: 'Show dashboard' }).click();
    await expect.poll(() => page.getByText(/^Open exceptions/).count()).toBe(1);
    await page.getByRole('button', { name: 'Hide dashboard' }).click();
    await expect.poll(() => page.getByText(/^Open exceptions/).count()).toBe(0);

    expect(await page.getByLabel('Warehouse').count()).toBe(0);
    await page.getByRole('button', { name: 'More filters' }).click();
    // The choices come with the dashboard, which follows the first rules pass on a busy machine.
    await expect.poll(() => page.getByLabel('Warehouse').locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const [warehouse] = (await page.getByLabel('Warehouse').locator('option').allTextContents()).slice(1);
    await page.getByLabel('Warehouse').selectOption(warehouse);
    await page.getByRole('button', { name: 'More filters (1)' }).click();
    // Folded, the set filter still says it is there.
    expect(await page.getByRole('button', { name: 'More filters (1)' }).getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'More filters', exact: true }).count()).toBe(1);
  });

  it('carrier performance shows its table first, tall enough for every carrier and the total, with the charts below', async () => {
    const { page } = app;
    await nav('Reports');
    const table = page.getByTestId('performance-grid');
    await expect.poll(() => table.locator('.ag-row:not(.ag-row-pinned)').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    expect(await height(table)).toBeGreaterThanOrEqual(260);
    const tableBox = await table.boundingBox();
    const chartBox = await page.getByTestId('on-time-trend').boundingBox();
    expect(chartBox!.y).toBeGreaterThanOrEqual(tableBox!.y + tableBox!.height);
    // Every carrier's row and the total are on screen without scrolling.
    for (const row of await table.locator('.ag-row').all()) expect(await row.isVisible()).toBe(true);
    const last = await table.locator('.ag-row-pinned').boundingBox();
    expect(last!.y + last!.height).toBeLessThanOrEqual(720);
  });
});
