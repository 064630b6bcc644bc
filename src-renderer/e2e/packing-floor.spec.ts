import type { Locator } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodArg, MethodName, ScanVerdict } from '../../src-shared/api';
import { call } from '../../src-main/dispatch/client';
import { exampleTrackingNumber } from '../../src-main/demo/tracking-numbers';
import { startWebHost, type WebHost } from '../../src-main/web/host';
import { axeFindings } from './axe';
import { openBrowserApp, RENDERER_DIR, startScanSession, typeLikeScanner, type BrowserApp } from './harness';

/** The packing line at a small workstation's screen, 1280×720: verdicts that stop it, and scans held while the core is away. */
let app: BrowserApp;
let restarted: WebHost | null = null;
beforeAll(async () => {
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 } });
  const loaded = await app.core.dispatch('demo.load', { shipments: 600 });
  if (!loaded.ok) throw new Error(loaded.error.message);
});
afterAll(async () => {
  await restarted?.close();
  await app?.close();
});

let taken = 0;
/** Live labels of a carrier nobody has used in this file yet. */
const fresh = (carrier: string, n: number) => {
  const rows = app.core.services.db.raw
    .prepare("SELECT tracking_number AS t FROM shipments WHERE carrier = ? AND status <> 'cancelled' ORDER BY id LIMIT ? OFFSET ?")
    .all(carrier, n, taken) as { t: string }[];
  taken += n;
  return rows.map((r) => r.t);
};

const storedScans = (station: string) =>
  (
    app.core.services.db.raw
      .prepare('SELECT sc.raw, sc.verdict FROM scans sc JOIN scan_sessions ss ON ss.id = sc.session_id WHERE ss.station = ? ORDER BY sc.id')
      .all(station) as { raw: string; verdict: ScanVerdict }[]
  ).map((s) => [s.raw, s.verdict]);

const dispatch = <N extends MethodName>(method: N, arg: MethodArg<N>) => call(app.core.dispatch, method, arg);

/** Which element has the keyboard (a string expression: this file is type-checked without the DOM library). */
const focused = () => app.page.evaluate('document.activeElement?.dataset.testid');

/** The sounds the page started, by name, in order (the audio element still plays them). */
const listenToSounds = () =>
  app.page.evaluate(`(() => {
    window.__played = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      window.__played.push(this.dataset.sound);
      return play.call(this);
    };
  })()`);
const played = () => app.page.evaluate('window.__played.slice()') as Promise<string[]>;

const stop = () => app.page.getByTestId('stop-the-line');
/** The colour a person sees behind the element (the window's getComputedStyle: this file has no DOM typings). */
type StyleReader = { getComputedStyle(element: unknown): { backgroundColor: string } };
const background = (element: Locator) => element.evaluate((el) => (globalThis as unknown as StyleReader).getComputedStyle(el).backgroundColor);

describe('Packing station at 1280×720: a verdict that needs action stops the line', () => {
  it('holds a voided label full screen until acknowledged, keeps later scans in order, and gives each problem its own look and sound', async () => {
    const { page } = app;
    const [voided, voidedToo, handedOver, ...good] = fresh('ups', 7);
    for (const number of [voided, voidedToo])
      app.core.services.db.raw.prepare("UPDATE shipments SET status = 'cancelled' WHERE tracking_number = ?").run(number);
    const [fedex] = fresh('fedex', 1);
    const unknown = exampleTrackingNumber('ups', 91_000_001);
    // Handed to UPS at another dock earlier today.
    const dock = await dispatch('reconcile.openSession', { station: 'Dock 9', operator: 'Lee', purpose: 'carrier_handoff', carrier: 'ups' });
    await dispatch('reconcile.scan', { sessionId: dock.id, raw: handedOver });

    await startScanSession(app, 'Dock 20', 'carrier_handoff', 'ups');
    await listenToSounds();

    // A voided label, then the next two parcels straight away, as a packer not looking at the screen would.
    await typeLikeScanner(app.page, voided);
    await typeLikeScanner(app.page, good[0]);
    await typeLikeScanner(app.page, good[1]);
    await expect.poll(() => stop().getAttribute('data-verdict')).toBe('voided_label');
    await expect.poll(() => page.getByTestId('stop-held').textContent()).toBe('2 scans waiting, in order.');
    expect(await Promise.all((await page.getByTestId('scan-row').all()).map((r) => r.getAttribute('data-status')))).toEqual(['pending', 'pending', 'recorded']);
    // Nothing behind the stop reached the store, and no later beep cut the voided label's sound short.
    expect(storedScans('Dock 20')).toEqual([[voided, 'voided_label']]);
    expect(await played()).toEqual(['voided_label']);
    const box = await stop().boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 1280, height: 720 });
    expect(await stop().textContent()).toContain('Do not ship');

    await page.keyboard.press('Escape');
    await expect.poll(() => stop().count()).toBe(0);
    await expect
      .poll(() => storedScans('Dock 20'))
      .toEqual([
        [voided, 'voided_label'],
        [good[0], 'matched'],
        [good[1], 'matched'],
      ]);
    await expect.poll(() => page.getByTestId('verdict-panel').getAttribute('data-verdict')).toBe('matched');
    await expect.poll(async () => (await played()).slice(1)).toEqual(['matched', 'matched']);

    // Every problem: its own colour, icon, instruction and sound; scanning the same parcel again acknowledges it.
    const problems: [ScanVerdict, string][] = [
      ['voided_label', voidedToo],
      ['wrong_carrier', fedex],
      ['unknown_label', unknown],
      ['invalid', 'NOT-A-LABEL-20'],
      ['duplicate', good[0]],
      ['already_handed_over', handedOver],
    ];
    const looks: { colour: string; icon: string; instruction: string; sound: string }[] = [];
    for (const [verdict, raw] of problems) {
      const before = (await played()).length;
      await typeLikeScanner(app.page, raw);
      await expect.poll(() => stop().getAttribute('data-verdict')).toBe(verdict);
      await expect.poll(async () => (await played()).length).toBe(before + 1);
      expect(await axeFindings(page)).toEqual([]);
      looks.push({
        colour: await background(stop()),
        icon: (await stop().locator('.stop-icon').textContent()) ?? '',
        instruction: (await page.getByTestId('stop-instruction').textContent()) ?? '',
        sound: (await played())[before],
      });
      const stored = storedScans('Dock 20').length;
      await typeLikeScanner(app.page, raw);
      await expect.poll(() => stop().count()).toBe(0);
      expect(storedScans('Dock 20')).toHaveLength(stored);
    }
    expect(looks.map((l) => l.sound)).toEqual(problems.map(([v]) => v));
    for (const key of ['colour', 'icon', 'instruction', 'sound'] as const) expect(new Set(looks.map((l) => l[key])).size).toBe(problems.length);

    // The station picks its own acknowledge key in Settings; back at the station, Esc no longer releases the line.
    await page.getByRole('button', { name: 'Settings → Packing station scanner' }).click();
    await expect.poll(() => page.getByLabel('Scanner station').inputValue()).toBe('Dock 20');
    await page.getByLabel('Key that acknowledges a stop').selectOption('F9');
    await page.getByRole('button', { name: 'Save station settings' }).click();
    await expect.poll(() => page.getByTestId('scanner-saved').count()).toBe(1);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Reconcile' }).click();
    await expect.poll(() => focused()).toBe('scan-input');
    await typeLikeScanner(app.page, exampleTrackingNumber('ups', 91_000_002));
    await expect.poll(() => stop().getAttribute('data-verdict')).toBe('unknown_label');
    expect(await stop().getByRole('button').textContent()).toBe('Acknowledge (F9)');
    await page.keyboard.press('Escape');
    await typeLikeScanner(app.page, good[2]);
    await expect.poll(() => page.getByTestId('stop-held').textContent()).toBe('1 scan waiting, in order.');
    expect(await stop().getAttribute('data-verdict')).toBe('unknown_label');
    await page.keyboard.press('F9');
    await expect.poll(() => storedScans('Dock 20').at(-1)).toEqual([good[2], 'matched']);
    expect(await stop().count()).toBe(0);
    await expect.poll(() => focused()).toBe('scan-input');
  });
});

describe('Packing station at 1280×720: nothing scanned is lost while the core is away', () => {
  it('holds scans in the window while the host is stopped mid-burst, says so in the error colour with a sound, and replays them in order', async () => {
    const { page } = app;
    const labels = fresh('usps', 6);
    await startScanSession(app, 'Pack 21', 'pack_verify', 'usps');
    await listenToSounds();
    const { url, token } = app.host;
    const port = Number(new URL(url).port);
    const restart = async () => {
      restarted = await startWebHost({ core: app.core, staticDir: RENDERER_DIR, port, token });
    };

    await typeLikeScanner(app.page, labels[0]);
    await expect.poll(() => page.getByTestId('count-total').textContent()).toBe('1');
    // The core goes away in the middle of the burst.
    await app.host.close();
    for (const label of labels.slice(1, 4)) await typeLikeScanner(app.page, label);

    await expect.poll(() => page.getByTestId('not-connected').textContent()).toBe('Not connected — 3 scans held');
    expect(await page.getByTestId('verdict-panel').getAttribute('data-verdict')).toBe('not_connected');
    expect(await page.getByTestId('connectivity').textContent()).toBe('Not connected — 3 scans held');
    expect(await axeFindings(page)).toEqual([]);
    // The error colour, not the amber of a slow answer.
    expect(await background(page.getByTestId('connectivity'))).toBe('rgb(179, 38, 30)');
    await expect.poll(() => played()).toContain('not_connected');
    expect((await page.getByTestId('scan-row').allTextContents()).map((t) => t.includes('Held'))).toEqual([true, true, true, false]);

    await restart();
    await expect.poll(() => page.getByTestId('count-total').textContent(), { timeout: 20_000 }).toBe('4');
    expect(storedScans('Pack 21')).toEqual(labels.slice(0, 4).map((l) => [l, 'matched']));
    await expect.poll(() => page.getByTestId('connectivity').textContent()).not.toContain('Not connected');
    expect(await page.getByTestId('verdict-panel').getAttribute('data-verdict')).toBe('matched');

    // Stopped again; this time the tab is closed while two scans are held, and browser mode restarts.
    await restarted?.close();
    for (const label of labels.slice(4)) await typeLikeScanner(app.page, label);
    await expect.poll(() => page.getByTestId('not-connected').textContent()).toBe('Not connected — 2 scans held');
    const context = page.context();
    const next = await context.newPage();
    await page.close();
    await restart();
    await next.goto(`${url}/#token=${token}`);
    // The new window goes back to the station and sends what the closed one held, in order.
    await expect.poll(() => next.getByTestId('session-title').textContent(), { timeout: 20_000 }).toContain('Pack 21');
    await expect.poll(() => storedScans('Pack 21'), { timeout: 20_000 }).toEqual(labels.map((l) => [l, 'matched']));
    await expect.poll(() => next.getByTestId('count-total').textContent()).toBe('6');
    expect(await next.getByTestId('connectivity').textContent()).not.toContain('Not connected');
    app.page = next;
  });
});

describe('Packing station at 1280×720: closing a pack-verify session', () => {
  it('shows what the session found, verdict by verdict, and lists no returns-desk session among the open ones', async () => {
    const { page } = app;
    await dispatch('returns.openStation', { station: 'returns-dock', operator: 'Robin' });
    const labels = fresh('dhl', 2);
    await startScanSession(app, 'Pack 22', 'pack_verify', 'dhl');
    for (const label of labels) await typeLikeScanner(app.page, label);
    await typeLikeScanner(app.page, 'NOT-A-LABEL-22');
    await expect.poll(() => stop().getAttribute('data-verdict')).toBe('invalid');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('count-total').textContent()).toBe('3');
    await page.getByRole('button', { name: 'Close session' }).click();
    await page.getByRole('button', { name: /Confirm close/ }).click();
    await expect.poll(() => page.getByTestId('session-summary').isVisible()).toBe(true);
    expect(await page.getByTestId('summary-matched').textContent()).toBe('2');
    expect(await page.getByTestId('summary-invalid').textContent()).toBe('1');
    expect(await page.getByText(/session #\d+ closed · 3 scans/).count()).toBe(1);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Start scanning' }).isVisible()).toBe(true);
    expect(await page.locator('.open-sessions').textContent()).not.toContain('Returns receiving');
  });
});
