import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShipments } from '../../src-main/demo/seed';
import { dragScrollbarToBottom, openBrowserApp, type BrowserApp } from './harness';

const SHIPMENTS = 100_000;

let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp({
    showScrollbars: true,
    beforeLoad: (core) => void seedShipments(core.services.db, { shipments: SHIPMENTS, now: Date.now(), withEvents: false }),
  });
  await app.page.getByRole('navigation').getByRole('button', { name: 'Shipments', exact: true }).click();
}, 180_000);
afterAll(async () => app?.close());

describe('Shipments scrollbar over a big store', () => {
  it('is sized for every row from the first block: one drag to the bottom shows the last shipment', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('shipment-count').textContent(), { timeout: 60_000 }).toBe('100,000 shipments');
    await expect.poll(() => page.locator('.ag-row[row-index="0"] [col-id="trackingNumber"]').count(), { timeout: 30_000 }).toBe(1);
    // The default view is newest label first (ties by id, newest first too), so the last row is the oldest label.
    const { oldest } = app.core.services.db.prepare('SELECT tracking_number AS oldest FROM shipments ORDER BY label_created_at ASC, id ASC LIMIT 1').get() as {
      oldest: string;
    };

    await dragScrollbarToBottom(page, page.locator('.ag-body-vertical-scroll-viewport'));

    const lastRow = page.locator(`.ag-row[row-index="${SHIPMENTS - 1}"] [col-id="trackingNumber"]`);
    await expect.poll(() => lastRow.textContent(), { timeout: 30_000 }).toBe(oldest);
  }, 150_000);
});
