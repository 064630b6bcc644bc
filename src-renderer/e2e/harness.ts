import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { createCore, type Core, type CoreConfig } from '../../src-main/core';
import { memorySecretStore, systemClock, type Clock, type Logger, type SecretStore } from '../../src-main/platform/ports';
import { startWebHost, type WebHost } from '../../src-main/web/host';

export const RENDERER_DIR = resolve(__dirname, '../../dist/renderer');
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Debian's Chromium here; Playwright cannot download its own browsers on these machines. */
export function chromiumPath(): string | undefined {
  const configured = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (configured) return configured;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export interface BrowserApp {
  core: Core;
  host: WebHost;
  browser: Browser;
  page: Page;
  /** Everything the page logged as an error (CSP violations, failed loads, React warnings), oldest first. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Browser mode exactly as `npm run start:web` runs it, over a temp data folder, driven in real Chromium. */
export async function openBrowserApp(
  options: {
    clock?: Clock;
    fetch?: typeof fetch;
    beforeLoad?: (core: Core) => void;
    /** Runs before the host serves, as serve.ts starts a station on its hub; what it returns stops it. */
    beforeServe?: (core: Core) => Promise<() => Promise<void>>;
    secrets?: SecretStore;
    config?: Partial<CoreConfig>;
    showScrollbars?: boolean;
    viewport?: { width: number; height: number };
  } = {},
): Promise<BrowserApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('Renderer not built: run `npm run build:renderer` first');
  const dir = mkdtempSync(join(tmpdir(), 'waybill-e2e-'));
  const core = createCore({
    dbPath: join(dir, 'waybill.db'),
    clock: options.clock ?? systemClock,
    fetch: options.fetch ?? globalThis.fetch,
    secrets: options.secrets ?? memorySecretStore(),
    config: { version: 'e2e', dataDir: dir, ...options.config },
    logger: quiet,
  });
  // A store filled before the window opens, as when the app starts on a warehouse's existing store.
  options.beforeLoad?.(core);
  const stopServing = await options.beforeServe?.(core);
  const host = await startWebHost({ core, staticDir: RENDERER_DIR, exportsDir: join(dir, 'exports') });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    // Playwright hides scrollbars in headless Chromium; a test that drags one asks for them.
    ...(options.showScrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // A context of its own, so a test can open a second window on the same storage (IndexedDB).
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 850 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url}`.trim());
  });
  await page.goto(host.launchUrl);
  return {
    core,
    host,
    browser,
    page,
    consoleErrors,
    close: async () => {
      await browser.close();
      await host.close();
      await stopServing?.();
      core.close();
      rmSync(dir, { recursive: true, force: true });
      if (pageErrors.length) throw new Error(`Page errors: ${pageErrors.join('; ')}`);
    },
  };
}

/**
 * One drag of a grid's scrollbar thumb past the bottom of its track, as a person would. The thumb is short on a
 * big grid (a screenful of many thousand rows), so the drag starts just below the scrollbar's up arrow.
 */
export async function dragScrollbarToBottom(page: Page, scrollbar: Locator): Promise<void> {
  const box = await scrollbar.boundingBox();
  if (!box || box.width === 0) throw new Error('The grid shows no vertical scrollbar to drag');
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.width + 4);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height + 100, { steps: 8 });
  await page.mouse.up();
}

/**
 * Opens a scan session at Reconcile → Scan station as a clerk does, and waits until the scan field has the
 * keyboard. The station's pause rule is widened first: Playwright's own key cadence on a busy shared machine
 * pauses mid-label, which a scanner never does (the 80 ms rule itself is pinned by the scan-buffer table test).
 */
export async function startScanSession(app: BrowserApp, station: string, purpose: 'pack_verify' | 'carrier_handoff', carrier: string): Promise<void> {
  const { page } = app;
  const widened = await app.core.dispatch('reconcile.stationSettings.set', { station, interKeyTimeoutMs: 1000 });
  if (!widened.ok) throw new Error(widened.error.message);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Reconcile' }).click();
  await page.getByRole('tab', { name: 'Scan station' }).click();
  const switchSession = page.getByRole('button', { name: 'Switch session' });
  if (await switchSession.isVisible()) await switchSession.click();
  await page.getByLabel('Station', { exact: true }).fill(station);
  await page.getByLabel('Operator').fill('Ana');
  await page.getByLabel('Purpose').selectOption(purpose);
  await page.getByLabel('Session carrier').selectOption(carrier);
  await page.getByRole('button', { name: 'Start scanning' }).click();
  await page.getByTestId('scan-input').and(page.locator(':focus')).waitFor();
}

/** Types like a wedge scanner: 5 ms per character, then Enter. */
export async function typeLikeScanner(page: Page, raw: string): Promise<void> {
  await page.keyboard.type(raw, { delay: 5 });
  await page.keyboard.press('Enter');
}
