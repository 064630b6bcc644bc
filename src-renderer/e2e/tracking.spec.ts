import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeCarrierServer, type FakeCarrierServer } from '../../src-main/carriers/fake-server';
import { openBrowserApp, type BrowserApp } from './harness';

const MIN = 60_000;
let app: BrowserApp;
let fake: FakeCarrierServer;
let now = Date.parse('2026-11-20T15:00:00Z');
const clock = { now: () => now };
const TRACKING = '1Z999AA10123456784';
const place = { city: 'RENO', state: 'NV', postalCode: '89501', country: 'US', utcOffset: '-08:00' };

beforeAll(async () => {
  app = await openBrowserApp({ clock });
  fake = await createFakeCarrierServer({ now: clock.now });
  const stamp = new Date(now - 6 * 60 * MIN).toISOString();
  app.core.services.db.raw
    .prepare(
      `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, created_at, updated_at)
       VALUES ('test', 'SS-1', ?, 'ups', ?, 'created', ?, ?)`,
    )
    .run(TRACKING, stamp, stamp, stamp);
  fake.script('ups', TRACKING, [
    { at: now - 60 * MIN, code: 'PU', description: 'Pickup Scan', location: place, status: 'in_transit' },
    { at: now + 30 * MIN, code: 'OT', description: 'Out For Delivery Today', location: place, status: 'out_for_delivery' },
  ]);
});
afterAll(async () => {
  await fake?.close();
  await app?.close();
});

const statusCell = () => app.page.locator('.ag-row[row-index="0"] [col-id="status"]');

describe('carrier tracking in browser mode', () => {
  it('says so when no carrier account is set up to ask about a parcel', async () => {
    const { page } = app;
    await page.getByRole('navigation').getByRole('button', { name: 'Shipments', exact: true }).click();
    await statusCell().click();
    const drawer = page.getByTestId('shipment-detail');
    await drawer.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => drawer.getByRole('status').textContent()).toBe('No carrier account is set up to ask about this parcel — see Settings.');
    await drawer.getByRole('button', { name: 'Close' }).click();
  });

  it('sets up a carrier account in Settings without ever showing the secret again', async () => {
    const { page } = app;
    await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'UPS account' });
    await form.getByRole('combobox').selectOption('custom');
    await form.getByPlaceholder('https://…').fill(fake.url);
    await form.locator('input[type="password"]').nth(0).fill('client-id-1');
    await form.locator('input[type="password"]').nth(1).fill('client-secret-1');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    await expect.poll(() => form.locator('h3').textContent()).toContain('credentials saved');
    expect(await page.content()).not.toContain('client-secret-1');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('UPS accepted the credentials.');
  });

  it('sets how often a carrier is asked, and refuses a cadence that would spend its quota', async () => {
    const { page } = app;
    const form = page.getByRole('form', { name: 'UPS account' });
    await form.getByText('Polling cadence').click();
    const outForDelivery = form.getByLabel('Out for delivery, every (minutes)');
    expect(await outForDelivery.inputValue()).toBe('30');
    await outForDelivery.fill('2');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Out for delivery, every (minutes): at least 5');
    await outForDelivery.fill('20');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    const saved = await app.core.dispatch('carriers.list', {});
    expect(saved.ok && saved.value.find((c) => c.carrier === 'ups')?.cadence.outForDeliveryMinutes).toBe(20);
  });

  it('shows parcels moving in the Shipments grid as the poller learns of them', async () => {
    const { page } = app;
    await page.getByRole('navigation').getByRole('button', { name: 'Shipments', exact: true }).click();
    await expect.poll(() => statusCell().textContent()).toBe('created');
    await app.core.services.tracking.poller.runOnce();
    await expect.poll(() => statusCell().textContent()).toBe('in transit');
    now += 40 * MIN;
    const refresh = page.getByRole('button', { name: /^Refresh tracking/ });
    expect(await refresh.isDisabled()).toBe(true);
    await page.locator('.ag-row[row-index="0"] input.ag-checkbox-input').check();
    await refresh.click();
    await expect
      .poll(() => page.getByTestId('refresh-message').textContent())
      .toBe('Asking the carriers about 1 parcel now; they update as the carriers answer.');
    await expect.poll(() => statusCell().textContent()).toBe('out for delivery');
    expect(await page.getByTestId('shipment-detail').count()).toBe(0);
  });

  it('asks a carrier about all its parcels at once from the health panel', async () => {
    const { page } = app;
    now += 60 * MIN;
    fake.script('ups', TRACKING, [
      { at: now - 90 * MIN, code: 'PU', description: 'Pickup Scan', location: place, status: 'in_transit' },
      { at: now - 10 * MIN, code: 'NA', description: 'The receiver was not available for delivery', location: place, status: 'exception' },
    ]);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh UPS now' }).click();
    await expect.poll(() => page.getByTestId('carrier-refresh-message').textContent()).toBe('Asking UPS about 1 parcel now.');
    await page.getByRole('navigation').getByRole('button', { name: 'Shipments', exact: true }).click();
    await expect.poll(() => statusCell().textContent()).toBe('exception');
  });

  it('warns everyone when a carrier refuses the credentials', async () => {
    const { page } = app;
    fake.inject('ups', { kind: 'bad_credentials' });
    await app.core.dispatch('carriers.save', { carrier: 'ups', environment: 'custom', baseUrl: fake.url, credentials: { clientId: 'x', clientSecret: 'y' } });
    await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh UPS now' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Shipments', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('UPS tracking stopped');
    await page.getByRole('button', { name: 'Fix in Settings' }).click();
    await expect.poll(() => page.locator('[data-carrier="ups"] td').nth(1).textContent()).toBe('Credentials refused');
  });
});
