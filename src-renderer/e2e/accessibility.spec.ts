import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './axe';
import { openBrowserApp, type BrowserApp } from './harness';

/** Zero findings on every screen, so a colour or a label that fails WCAG 2 A/AA is caught the day it lands. */
let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 } });
  const loaded = await app.core.dispatch('demo.load', { shipments: 400 });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const opened = await app.core.dispatch('reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' });
  if (!opened.ok) throw new Error(opened.error.message);
});
afterAll(async () => app?.close());

/** Every view of the navigation and every tab inside one, as a person would open them. */
const SCREENS: { name: string; open(): Promise<void> }[] = [
  { name: 'Exceptions', open: () => nav('Exceptions') },
  { name: 'Reconcile · Scan station', open: async () => (await nav('Reconcile'), app.page.getByRole('tab', { name: 'Scan station' }).click()) },
  { name: 'Reconcile · Board', open: () => app.page.getByRole('tab', { name: 'Board' }).click() },
  ...['Pending pickup', 'Inbound', 'Receiving station', 'Triage', 'Received today'].map((tab) => ({
    name: `Returns · ${tab}`,
    open: async () => (await nav('Returns'), app.page.getByRole('tab', { name: tab }).click()),
  })),
  { name: 'Shipments', open: () => nav('Shipments') },
  ...['Carrier performance', 'Daily health', 'Weekly summary', 'Schedule'].map((tab) => ({
    name: `Reports · ${tab}`,
    open: async () => (await nav('Reports'), app.page.getByRole('tab', { name: tab }).click()),
  })),
  { name: 'Settings', open: () => nav('Settings') },
];

async function nav(view: string) {
  await app.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();
}

describe('Every screen at 1280×720 passes axe-core (WCAG 2 A and AA)', () => {
  it.each(SCREENS.map((s) => [s.name, s] as const))('%s', async (_, screen) => {
    await screen.open();
    // Let the view's first data arrive, so the rows and tiles people see are checked too.
    await app.page.waitForLoadState('networkidle');
    const found = await axeFindings(app.page);
    expect(found, found.join('\n')).toEqual([]);
  });
});
