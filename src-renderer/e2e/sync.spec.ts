import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine, GENERIC_HEADER, genericRow } from '../../src-main/sync/testing/files';
import { openBrowserApp, type BrowserApp } from './harness';

let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp();
  // The app opens on the queue (the first view); these tests work in Shipments.
  await app.page.getByRole('navigation').getByRole('button', { name: 'Shipments', exact: true }).click();
});
afterAll(async () => app?.close());

const csv = (from: number, count: number, edit: (rows: string[][]) => void = () => undefined) => {
  const rows = Array.from({ length: count }, (_, i) => genericRow(from + i));
  edit(rows);
  return [GENERIC_HEADER, ...rows].map((r) => csvLine(r)).join('\r\n');
};
const countText = (app: BrowserApp) => app.page.getByTestId('shipment-count').textContent();

describe('Importing shipments in browser mode', () => {
  it('imports a picked CSV with the preset chosen, shows the progress bar finish and the grid fill', async () => {
    const { page } = app;
    await expect.poll(() => countText(app)).toBe('0 shipments');
    const file = csv(0, 4000, (rows) => {
      rows[5] = [...rows[5]];
      rows[5][1] = '';
    });
    await page.getByLabel('Import preset').selectOption('generic');
    await page.getByTestId('import-file-input').setInputFiles({ name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await expect.poll(() => page.getByTestId('sync-progress').getAttribute('value'), { timeout: 30_000 }).toBe('100');
    await expect.poll(() => page.getByTestId('sync-counts').textContent()).toBe('3,999 new · 0 updated · 0 unchanged · 1 rejected');
    await expect.poll(() => countText(app), { timeout: 30_000 }).toBe('3,999 shipments');
    await expect.poll(() => page.locator('.ag-row [col-id="trackingNumber"]').count()).toBeGreaterThan(10);
    await expect.poll(() => page.getByTestId('reject-summary').textContent()).toContain('1 row was not imported');
    expect(await page.getByTestId('rejects-table').locator('tbody tr').allTextContents()).toEqual(['7missing tracking number']);
    await expect.poll(() => page.getByTestId('last-sync').textContent()).toMatch(/^Last import: succeeded/);
  });

  it('imports a file dropped onto the view', async () => {
    const { page } = app;
    // Runs in the page; the Node-side type check has no DOM, so the two constructors are named by hand.
    const transfer = await page.evaluateHandle(
      (text) => {
        const dom = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: string[], name: string, options: { type: string }) => unknown;
        };
        const data = new dom.DataTransfer();
        data.items.add(new dom.File([text], 'dropped.csv', { type: 'text/csv' }));
        return data;
      },
      csv(10_000, 250),
    );
    await page.dispatchEvent('[data-testid="drop-zone"]', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer: transfer });
    await expect.poll(() => page.getByTestId('sync-counts').textContent(), { timeout: 30_000 }).toBe('250 new · 0 updated · 0 unchanged · 0 rejected');
    await expect.poll(() => countText(app), { timeout: 30_000 }).toBe('4,249 shipments');
    expect((app.core.services.db.raw.prepare("SELECT count(*) AS n FROM shipments WHERE external_id = 'GEN-10249'").get() as { n: number }).n).toBe(1);
  });

  it("opens a shipment's detail drawer with its address, weight and order", async () => {
    const { page } = app;
    await page.locator('.ag-row[row-index="0"] [col-id="trackingNumber"]').click();
    const drawer = page.getByTestId('shipment-detail');
    await drawer.waitFor();
    const text = (await drawer.textContent()) ?? '';
    expect(text).toContain('Chicago, IL, 60601, US');
    expect(text).toMatch(/\d+ oz/);
    expect(text).toContain('USD');
    expect(text).toMatch(/Sourcefile #GEN-\d+/);
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => drawer.count()).toBe(0);
  });
});
