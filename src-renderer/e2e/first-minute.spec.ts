import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShipments } from '../../src-main/demo/seed';
import { spawnTs } from '../../src-main/testing/spawn-cli';
import { chromiumPath, openBrowserApp, type BrowserApp } from './harness';

/** Issue 20, item 13: a newcomer's first minute with `npm run start:web -- --demo`, at 1280×720. */
let app: BrowserApp;
const raw = () => app.core.services.db.raw;
const count = async (page: BrowserApp['page']) => Number(((await page.getByTestId('exception-count').textContent()) ?? '').replace(/\D/g, '') || -1);

beforeAll(async () => {
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => app?.close());

describe('The first minute', () => {
  it('browser mode with --demo shows a full queue the moment the window opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-demo-'));
    const served = spawnTs('src-main/web/serve.ts', ['--demo', '--data-dir', dir]);
    let out = '';
    served.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
    try {
      await expect.poll(() => /Open: (\S+)/.exec(out)?.[1], { timeout: 45_000 }).toBeTruthy();
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(/Open: (\S+)/.exec(out)![1]);
      // The first figure the queue shows is already the full one: the first rules pass ran before serving.
      await expect.poll(() => page.getByTestId('exception-count').textContent()).toMatch(/\d/);
      expect(await count(page as BrowserApp['page'])).toBeGreaterThan(100);
    } finally {
      await browser.close();
      served.child.kill('SIGTERM');
      await served.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the open queue takes new items as a rules pass opens them, and the timeline on screen follows its parcel', async () => {
    const { page } = app;
    await expect.poll(() => count(page)).toBe(0);
    seedShipments(app.core.services.db, { shipments: 300, now: Date.now(), withEvents: true });
    await app.core.services.exceptions.evaluateAll();
    const parcels = (raw().prepare("SELECT count(DISTINCT shipment_id) AS n FROM exceptions WHERE state IN ('open', 'in_progress')").get() as { n: number }).n;
    expect(parcels).toBeGreaterThan(0);
    await expect.poll(() => count(page)).toBe(parcels);
    await expect.poll(() => page.locator('.ag-row [col-id="trackingNumber"]').count()).toBeGreaterThan(0);

    // On a parcel's line, its timeline on screen; then the carrier reports it damaged and a pass opens that.
    const cell = page.locator('.ag-row[row-index="0"] [col-id="trackingNumber"]');
    await cell.click();
    const tracking = (await cell.textContent()) ?? '';
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('opened');
    const { id } = raw().prepare("UPDATE shipments SET status = 'exception', substatus = 'damaged' WHERE tracking_number = ? RETURNING id").get(tracking) as {
      id: number;
    };
    await app.core.services.exceptions.evaluateShipments([id]);
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('opened damaged');
    await expect.poll(() => page.locator('.ag-row[row-index="0"] [col-id="reason"]').textContent()).toMatch(/^damaged/);
  });
});
