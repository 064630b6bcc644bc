import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core';
import { memorySecretStore, systemClock, type Logger } from '../../src-main/platform/ports';
import { electronUpdaterEngine } from '../../src-main/updates/electron-updater-engine';
import type { Timers } from '../../src-main/updates';
import { fakeInstaller, startFeedServer, type FeedServer } from '../../src-main/updates/testing/feed-server';
import { RecordingDebUpdater } from '../../src-main/updates/testing/node-updater';
import { startWebHost, type WebHost } from '../../src-main/web/host';
import { chromiumPath } from './harness';

const RENDERER_DIR = resolve(__dirname, '../../dist/renderer');
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** Checks happen when the test asks, not on the clock. */
const noTimers: Timers = { after: () => () => undefined };

let dir: string;
let feed: FeedServer;
let updater: RecordingDebUpdater;
let core: Core;
let host: WebHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('Renderer not built: run `npm run build:renderer` first');
  dir = mkdtempSync(join(tmpdir(), 'waybill-e2e-updates-'));
  feed = await startFeedServer();
  writeFileSync(join(dir, 'update.json'), JSON.stringify({ url: feed.url }));
  updater = new RecordingDebUpdater('0.1.0', join(dir, 'cache'));
  core = createCore({
    dbPath: join(dir, 'waybill.db'),
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: '0.1.0', dataDir: dir },
    logger: quiet,
    updates: { engine: electronUpdaterEngine(updater, quiet), timers: noTimers, configPaths: [join(dir, 'update.json')] },
  });
  host = await startWebHost({ core, staticDir: RENDERER_DIR });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await core?.services.updates.settled();
  core?.close();
  await feed?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('"Restart to update" banner', () => {
  it('stays hidden while there is nothing to install', async () => {
    await page.goto(host.launchUrl);
    await page.getByTestId('connectivity').waitFor();
    expect(await page.getByTestId('update-banner').count()).toBe(0);
  });

  it('appears once an update is downloaded, and a restart waits for the open scan session', async () => {
    feed.publish('latest', { version: '0.2.0', body: fakeInstaller() });
    await core.dispatch('updates.checkNow', {});
    await core.services.updates.settled();
    core.services.updates.setBusy('scan-session', true);
    await page.reload();

    const banner = page.getByTestId('update-banner');
    await expect.poll(() => banner.textContent()).toContain('Waybill 0.2.0 is ready');
    expect(await banner.textContent()).toContain('The restart will wait for the open scan session.');

    await banner.getByRole('button', { name: 'Restart to update' }).click();
    await expect.poll(() => banner.textContent()).toContain('Restarting as soon as the open scan session is finished.');
    expect(updater.installs).toBe(0);

    core.services.updates.setBusy('scan-session', false);
    expect(updater.installs).toBe(1);
  });
});
