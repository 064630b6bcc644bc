import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserApp, type BrowserApp } from './harness';

let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp();
});
afterAll(async () => app?.close());

describe('item 17: the console is clean', () => {
  it('loading the app and opening every view logs no error: no CSP violation from zod, no missing favicon', async () => {
    const { page } = app;
    await page.getByTestId('connectivity').waitFor();
    for (const name of ['Exceptions', 'Reconcile', 'Returns', 'Shipments', 'Reports', 'Settings']) {
      await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    }
    // The favicon is a real file of the build, not a 404.
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect((await fetch(new URL(href ?? '/favicon.ico', app.host.url))).status).toBe(200);
    expect(app.consoleErrors).toEqual([]);
  });
});
