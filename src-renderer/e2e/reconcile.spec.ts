import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanVerdict } from '../../src-shared/api';
import { exampleTrackingNumber } from '../../src-main/demo/tracking-numbers';
import { openBrowserApp, startScanSession, typeLikeScanner, type BrowserApp } from './harness';

let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp();
  const loaded = await app.core.dispatch('demo.load', { shipments: 600 });
  if (!loaded.ok) throw new Error(loaded.error.message);
});
afterAll(async () => app?.close());

const numbers = (sql: string, ...params: unknown[]) => (app.core.services.db.raw.prepare(sql).all(...params) as { t: string }[]).map((r) => r.t);

async function openSession(station: string, purpose: 'pack_verify' | 'carrier_handoff', carrier: string) {
  await startScanSession(app, station, purpose, carrier);
  const id = app.core.services.db.raw.prepare('SELECT max(id) AS id FROM scan_sessions WHERE station = ?').get(station) as { id: number };
  return id.id;
}

/** Which element has the keyboard (a string expression: this file is type-checked without the DOM library). */
const focused = () => app.page.evaluate('document.activeElement?.dataset.testid');

const storedScans = (sessionId: number) =>
  app.core.services.db.raw.prepare('SELECT raw, verdict, undone_at AS undoneAt FROM scans WHERE session_id = ? ORDER BY id').all(sessionId) as {
    raw: string;
    verdict: ScanVerdict;
    undoneAt: string | null;
  }[];

describe('Reconcile scan station in browser mode', () => {
  it('records 50 scans typed at scanner speed, all of them, in order, with the right verdicts', async () => {
    const { page } = app;
    const live = numbers("SELECT tracking_number AS t FROM shipments WHERE carrier = 'ups' AND status <> 'cancelled' ORDER BY id LIMIT 39");
    const [voided] = numbers("SELECT tracking_number AS t FROM shipments WHERE carrier = 'ups' AND status <> 'cancelled' ORDER BY id DESC LIMIT 1");
    app.core.services.db.raw.prepare("UPDATE shipments SET status = 'cancelled' WHERE tracking_number = ?").run(voided);
    const [fedex] = numbers("SELECT tracking_number AS t FROM shipments WHERE carrier = 'fedex' LIMIT 1");

    const plan: [string, ScanVerdict][] = [];
    live.forEach((number, i) => {
      plan.push([number, 'matched']);
      if (i % 10 === 4) plan.push([live[i - 2], 'duplicate']);
      if (i % 13 === 6) plan.push([exampleTrackingNumber('ups', 90_000_000 + i), 'unknown_label']);
      if (i % 13 === 9) plan.push([`NOT-A-LABEL-${i}`, 'invalid']);
    });
    plan.splice(20, 0, [voided, 'voided_label'], [fedex, 'wrong_carrier']);
    const scans = plan.slice(0, 50);
    expect(scans).toHaveLength(50);
    expect(new Set(scans.map(([, v]) => v))).toEqual(new Set(['matched', 'duplicate', 'unknown_label', 'invalid', 'voided_label', 'wrong_carrier']));

    const sessionId = await openSession('Pack 7', 'pack_verify', 'ups');
    for (const [raw] of scans) await typeLikeScanner(app.page, raw);

    // Each problem stops the line until the packer acknowledges it; the scans behind it wait, in order.
    const stop = page.getByTestId('stop-the-line');
    const acknowledged: string[] = [];
    await expect
      .poll(
        async () => {
          if (await stop.isVisible()) {
            acknowledged.push((await stop.getAttribute('data-verdict')) ?? '');
            await page.keyboard.press('Escape');
          }
          return page.getByTestId('count-total').textContent();
        },
        { timeout: 60_000 },
      )
      .toBe('50');
    await expect.poll(() => stop.count()).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged).not.toContain('matched');
    expect(storedScans(sessionId).map((s) => [s.raw, s.verdict])).toEqual(scans);

    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => page.getByTestId('scan-row').count()).toBe(50);
    const shown = (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="scan-row"]')].map((r) => [r.querySelector('[data-testid="scan-number"]').textContent, r.dataset.verdict])`,
    )) as [string, string][];
    expect(shown.reverse()).toEqual(scans);
    expect(await page.getByTestId('count-matched').textContent()).toBe(String(scans.filter(([, v]) => v === 'matched').length));
    await expect.poll(() => focused()).toBe('scan-input');
  });

  it('shows a large verdict, takes back the last scan, and flags a manual entry', async () => {
    const { page } = app;
    const [number] = numbers("SELECT tracking_number AS t FROM shipments WHERE carrier = 'usps' AND status <> 'cancelled' ORDER BY id LIMIT 1");
    const sessionId = await openSession('Pack 8', 'pack_verify', '');
    await typeLikeScanner(app.page, number);
    await expect.poll(() => page.getByTestId('verdict-panel').getAttribute('data-verdict')).toBe('matched');
    expect(await page.getByTestId('verdict-panel').textContent()).toContain('Matched');

    await page.getByRole('button', { name: 'Undo last scan' }).click();
    await expect.poll(() => page.getByTestId('verdict-panel').textContent()).toContain('Scan undone');
    await expect.poll(() => page.getByTestId('count-total').textContent()).toBe('0');

    await page.getByLabel('Manual tracking number').fill(number);
    await page.getByRole('button', { name: 'Enter', exact: true }).click();
    await expect.poll(() => page.getByTestId('verdict-panel').getAttribute('data-verdict')).toBe('matched');
    expect(await page.getByTestId('scan-row').first().textContent()).toContain('manual');
    expect(storedScans(sessionId).map((s) => [s.verdict, s.undoneAt !== null])).toEqual([
      ['matched', true],
      ['matched', false],
    ]);
    // After working in another field, the next scan goes to the scan field again.
    await expect.poll(() => focused()).toBe('scan-input');
    await typeLikeScanner(app.page, number);
    await expect.poll(() => page.getByTestId('verdict-panel').getAttribute('data-verdict')).toBe('duplicate');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('stop-the-line').count()).toBe(0);
  });

  it('closing a handoff shows the manifest and exports it as CSV', async () => {
    const { page } = app;
    const handOver = numbers("SELECT tracking_number AS t FROM shipments WHERE carrier = 'dhl' AND status <> 'cancelled' ORDER BY id LIMIT 3");
    await openSession('Dock 1', 'carrier_handoff', 'dhl');
    for (const number of handOver) await typeLikeScanner(app.page, number);
    await typeLikeScanner(app.page, exampleTrackingNumber('dhl', 77_000_000));
    await expect.poll(() => page.getByTestId('count-total').textContent()).toBe('4');
    await expect.poll(() => page.getByTestId('stop-the-line').getAttribute('data-verdict')).toBe('unknown_label');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Close session' }).click();
    await page.getByRole('button', { name: /Confirm close/ }).click();
    await expect.poll(() => page.getByTestId('manifest-count').textContent()).toBe('3');
    expect(await page.getByTestId('manifest-handed-over').locator('tbody tr').allTextContents()).toEqual(
      expect.arrayContaining(handOver.map((n) => expect.stringContaining(n))),
    );
    expect(await page.getByTestId('manifest-scanned-not-expected').textContent()).toContain(exampleTrackingNumber('dhl', 77_000_000));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^manifest-dhl-\d{4}-\d{2}-\d{2}-session-\d+\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('section,tracking_number,carrier,order_number,label_created_at,scanned_at,verdict,raw');
    expect(csv.split('\r\n').filter((l) => l.startsWith('handed_over,'))).toHaveLength(3);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('the board counts the buckets and opens the scans behind one', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Board' }).click();
    const today = await page.getByLabel('Board day').inputValue();
    const board = await app.core.dispatch('reconcile.board', { date: today });
    if (!board.ok) throw new Error(board.error.message);
    const { counts } = board.value;
    expect(counts.scanned_twice).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('bucket-scanned_twice').locator('.bucket-count').textContent()).toBe(String(counts.scanned_twice));
    await expect
      .poll(() => page.getByTestId('bucket-created_not_scanned').locator('.bucket-count').textContent())
      .toBe(counts.created_not_scanned.toLocaleString('en-US'));

    await page.getByTestId('bucket-scanned_twice').click();
    await expect.poll(() => page.locator('.ag-row [col-id="verdict"]').allTextContents()).toEqual(expect.arrayContaining(['Duplicate']));
    expect(await page.locator('.ag-row [col-id="trackingNumber"]').count()).toBe(counts.scanned_twice);
  });
});
