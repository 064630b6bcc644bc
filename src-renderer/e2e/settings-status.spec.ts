import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeCarrierServer, type FakeCarrierServer } from '../../src-main/carriers/fake-server';
import { DEMO_CADENCE } from '../../src-main/demo/carriers';
import { openBrowserApp, type BrowserApp } from './harness';

/** Issue 20, items 11 and 12 at 1280×720: carrier health everywhere, a Settings form that does what it says, the Shipments drawer by keyboard. */
let app: BrowserApp;
let fake: FakeCarrierServer;
const nav = (view: string) => app.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true }).click();
const current = () => app.page.getByRole('navigation', { name: 'Views' }).locator('[aria-current="page"]').textContent();

beforeAll(async () => {
  fake = await createFakeCarrierServer({ now: Date.now });
  // The demo's polling cadence, faster than a person may set: a form shown with it must still save.
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 }, config: { cadence: DEMO_CADENCE } });
  const loaded = await app.core.dispatch('demo.load', { shipments: 300 });
  expect(loaded.ok).toBe(true);
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

describe('Settings, status bar and Shipments at 1280×720', () => {
  it('opens on the first view of the navigation, then on the last one used', async () => {
    const { page } = app;
    await expect.poll(current).toBe('Exceptions');
    await nav('Shipments');
    await page.reload();
    await expect.poll(current).toBe('Shipments');
  });

  it('opens a shipment with Enter, closes it with Esc and gives the keys back to its row; says "1 shipment"', async () => {
    const { page } = app;
    const cell = page.locator('.ag-row[row-index="2"] [col-id="trackingNumber"]');
    await cell.click();
    await page.getByTestId('shipment-detail').getByRole('button', { name: 'Close' }).click();
    const tracking = (await cell.textContent()) ?? '';
    await cell.press('Enter');
    await expect.poll(() => page.getByTestId('shipment-detail').locator('h2').textContent()).toBe(tracking);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shipment-detail').count()).toBe(0);
    await expect.poll(() => page.evaluate("document.activeElement?.closest('.ag-row')?.getAttribute('row-index') ?? null")).toBe('2');

    await page.getByLabel('Search tracking or order number').fill(tracking);
    await page.getByLabel('Search tracking or order number').press('Enter');
    await expect.poll(() => page.getByTestId('shipment-count').textContent()).toBe('1 shipment');
  });

  it('tests what is typed in a carrier form, labels its fields in words, and saves without touching the folded cadence', async () => {
    const { page } = app;
    await nav('Settings');
    const form = page.getByRole('form', { name: 'UPS account' });
    await form.getByLabel('Environment').selectOption('custom');
    await form.getByLabel('Base URL').fill(fake.url);
    await form.getByLabel('Client ID').fill('station-7');
    await form.getByLabel('Client secret').fill('pa55-word');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('UPS accepted the credentials.');
    expect(fake.requests.filter((r) => r.carrier === 'ups').length).toBeGreaterThan(0);

    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    await expect.poll(() => form.locator('h3').textContent()).toContain('credentials saved');
    const health = page.getByTestId('carrier-health');
    expect(await health.textContent()).not.toMatch(/circuit|closed/i);
    await expect.poll(() => health.locator('tr[data-carrier="ups"]').textContent()).toContain('Sending normally');
  });

  it('shows carrier health in the status bar, and a banner once a carrier has not answered for 15 minutes', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('carrier-status').textContent(), { timeout: 20_000 }).toBe('Carriers: UPS answering');
    const now = Date.now();
    // UPS last answered twenty minutes ago and every call since has failed.
    app.core.services.db.raw
      .prepare(
        "UPDATE carrier_accounts SET consecutive_failures = 4, last_success_at = ?, last_failure = 'connection refused', last_failure_at = ? WHERE carrier = 'ups'",
      )
      .run(new Date(now - 20 * 60_000).toISOString(), new Date(now - 60_000).toISOString());
    await page.reload();
    await expect.poll(() => page.getByTestId('carrier-status').textContent(), { timeout: 20_000 }).toBe('Carriers: UPS not answering');
    await expect
      .poll(() => page.getByTestId('carrier-down-banner').textContent())
      .toMatch(/^UPS has not answered since .*: tracking for its parcels is not updating/);
    const row = page.getByTestId('carrier-health').locator('tr[data-carrier="ups"]');
    await expect.poll(() => row.textContent()).toContain('Not answering');
    expect(await row.textContent()).not.toContain('Polling');
  });
});
