import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodArg, MethodName } from '../../src-shared/api';
import { call } from '../../src-main/dispatch/client';
import { exampleTrackingNumber } from '../../src-main/demo/tracking-numbers';
import { axeFindings } from './axe';
import { openBrowserApp, startScanSession, typeLikeScanner, type BrowserApp } from './harness';

/** The packing station, the end of the day, the returns desk and the reports, at a small workstation's screen (1280×720). */
let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 } });
  const loaded = await app.core.dispatch('demo.load', { shipments: 1200 });
  if (!loaded.ok) throw new Error(loaded.error.message);
});
afterAll(async () => app?.close());

const db = () => app.core.services.db.raw;
const dispatch = <N extends MethodName>(method: N, arg: MethodArg<N>) => call(app.core.dispatch, method, arg);
const nav = (view: string) => app.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();
const text = async (testId: string) => (await app.page.getByTestId(testId).textContent()) ?? '';
/** A style a person sees (through the window's getComputedStyle: this file has no DOM typings). */
type StyleReader = { getComputedStyle(element: unknown): Record<string, string> };
const downloaded = async (click: () => Promise<void>): Promise<Download> => {
  const [download] = await Promise.all([app.page.waitForEvent('download'), click()]);
  return download;
};

/** UPS labels created a few minutes ago (today, in UTC, the day of a session without a warehouse). */
function labelsToday(n: number): string[] {
  const rows = db()
    .prepare("SELECT tracking_number AS t FROM shipments WHERE carrier = 'ups' AND status = 'delivered' AND is_return = 0 ORDER BY id LIMIT ?")
    .all(n) as { t: string }[];
  const stamp = new Date(Date.now() - 5 * 60_000).toISOString();
  for (const { t } of rows)
    db().prepare("UPDATE shipments SET label_created_at = ?, status = 'created', weight_oz = 24 WHERE tracking_number = ?").run(stamp, t);
  return rows.map((r) => r.t);
}
const expectedToday = () =>
  (
    db()
      .prepare(
        "SELECT count(*) AS n FROM shipments WHERE carrier = 'ups' AND status <> 'cancelled' AND is_return = 0 AND label_created_at >= date('now') AND label_created_at < date('now', '+1 day')",
      )
      .get() as { n: number }
  ).n;

describe('Packing station and dock at 1280×720', () => {
  it('station mode fills the screen with the verdict, counts the handoff with the missing list one key away, and the scanner is set up in Settings', async () => {
    const { page } = app;
    const [first, second, third, fourth] = labelsToday(4);
    await startScanSession(app, 'Dock 30', 'carrier_handoff', 'ups');
    await typeLikeScanner(app.page, first);
    await typeLikeScanner(app.page, second);
    const expected = expectedToday();
    await expect.poll(() => text('handoff-count-text')).toBe(`2 of ${expected} expected for UPS`);

    await page.keyboard.press('F4');
    const missing = page.getByTestId('missing-list');
    await expect.poll(() => missing.isVisible()).toBe(true);
    const listed = await missing.locator('li').allTextContents();
    expect(listed.some((l) => l.startsWith(third))).toBe(true);
    expect(listed.some((l) => l.startsWith(fourth))).toBe(true);
    expect(listed.some((l) => l.startsWith(first))).toBe(false);
    await page.keyboard.press('F4');
    await expect.poll(() => missing.count()).toBe(0);

    // Two metres away: the verdict is most of the screen and its word is over 90 px tall.
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('scan-station').getAttribute('class')).toContain('station-mode');
    const panel = await page.getByTestId('verdict-panel').boundingBox();
    expect(panel!.height).toBeGreaterThanOrEqual(0.55 * 720);
    expect(
      parseFloat(
        await page
          .getByTestId('verdict-panel')
          .locator('.verdict-title')
          .evaluate((el) => (globalThis as unknown as StyleReader).getComputedStyle(el).fontSize),
      ),
    ).toBeGreaterThanOrEqual(96);
    expect(await page.getByTestId('handoff-count').isVisible()).toBe(true);
    await typeLikeScanner(app.page, third);
    await expect.poll(() => text('handoff-count-text')).toBe(`3 of ${expected} expected for UPS`);
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('F2');

    // Scanner set-up is not on the packer's screen; it is in Settings, for this station.
    expect(await page.getByLabel('Scanner suffix').count()).toBe(0);
    await page.getByRole('button', { name: 'Settings → Packing station scanner' }).click();
    await expect.poll(() => page.getByLabel('Scanner station').inputValue()).toBe('Dock 30');
    await page.getByLabel('Pause that ends a scan').fill('900');
    await page.getByLabel('Sound volume').fill('0.5');
    await page.getByRole('button', { name: 'Save station settings' }).click();
    await expect.poll(() => text('scanner-saved')).toBe('Saved for Dock 30.');
    expect(await dispatch('reconcile.stationSettings.get', { station: 'Dock 30' })).toMatchObject({ interKeyTimeoutMs: 900, soundVolume: 0.5 });
  });

  it('prints the handoff manifest as a signed document, and closes the day per carrier with totals that can be printed again', async () => {
    const { page } = app;
    await nav('Reconcile');
    await page.getByRole('button', { name: 'Close session' }).click();
    await page.getByRole('button', { name: 'Confirm close and build manifest' }).click();
    const document = page.getByTestId('handoff-document');
    await document.waitFor();
    expect(await text('manifest-count')).toBe('3');
    expect(await text('manifest-weight')).toBe('4.5 lb (2.0 kg)');
    expect(await document.textContent()).toContain('Dock 30');
    expect(await page.getByTestId('signatures').locator('div').allTextContents()).toEqual(expect.arrayContaining(['Driver signature', 'Dock staff signature']));

    // On paper: the document, not a blank page, and none of the screen around it.
    await page.emulateMedia({ media: 'print' });
    expect((await document.boundingBox())?.height ?? 0).toBeGreaterThan(200);
    expect(await page.getByRole('navigation', { name: 'Views' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Done' }).click();

    // A parcel handed over at another dock joins the day's total.
    const other = await dispatch('reconcile.openSession', { station: 'Dock 31', operator: 'Lee', purpose: 'carrier_handoff', carrier: 'ups' });
    const [late] = labelsToday(5).slice(4);
    await dispatch('reconcile.scan', { sessionId: other.id, raw: late });

    await page.getByRole('tab', { name: 'End of day' }).click();
    await page.getByLabel('Closing station').fill('Dock 30');
    await page.getByLabel('Closing operator').fill('Ana');
    await page.getByRole('button', { name: 'Close today for UPS' }).click();
    await page.getByRole('button', { name: 'Confirm: close today for UPS' }).click();
    await page.getByTestId('day-manifest').waitFor();
    expect(await text('manifest-count')).toBe('4');
    expect(await text('manifest-weight')).toBe('6.0 lb (2.7 kg)');
    expect(await axeFindings(page)).toEqual([]);
    const stored = db().prepare('SELECT carrier, parcel_count AS parcels, total_weight_oz AS oz, operator FROM handoff_closes').all();
    expect(stored).toEqual([{ carrier: 'ups', parcels: 4, oz: 96, operator: 'Ana' }]);

    await page.getByRole('button', { name: 'Back to end of day' }).click();
    await page.getByTestId('day-closes').waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await page.getByTestId('day-closes').getByRole('button', { name: 'Reprint' }).click();
    await page.getByTestId('day-manifest').waitFor();
    expect(await text('manifest-count')).toBe('4');
    await page.getByRole('button', { name: 'Back to end of day' }).click();
  });

  it('closing a pack-verify session shows its summary and exports it; services read as people say them; the returns desk session is not a packing session', async () => {
    const { page } = app;
    await dispatch('returns.openStation', { station: 'Returns dock 2', operator: 'Kim' });
    const [good] = labelsToday(6).slice(5);
    await startScanSession(app, 'Pack 31', 'pack_verify', 'ups');
    await typeLikeScanner(app.page, good);
    await typeLikeScanner(app.page, exampleTrackingNumber('ups', 93_000_001));
    await page.getByTestId('stop-the-line').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('scan-row').count()).toBe(2);
    await page.getByRole('button', { name: 'Close session' }).click();
    await page.getByRole('button', { name: 'Confirm close' }).click();
    await expect.poll(() => text('summary-headline')).toBe('2 scans: 1 matched, 1 problem');
    expect(await text('summary-unknown_label')).toBe('1');
    expect(await axeFindings(page)).toEqual([]);
    const csv = readFileSync((await (await downloaded(() => page.getByRole('button', { name: 'Export scans (CSV)' }).click())).path())!, 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Scanned at (UTC),Tracking number,Carrier,Verdict,Entered by hand,Undone at (UTC),Note,Raw scan');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['Matched', 'Unknown label']);
    await page.getByRole('button', { name: 'Done' }).click();
    const open = (await page.locator('.open-sessions li').allTextContents()).join('\n');
    expect(open).not.toContain('Returns dock 2');

    await nav('Shipments');
    const services = page.locator('.ag-row [col-id="service"]');
    await expect.poll(() => services.count()).toBeGreaterThan(5);
    const shown = await services.allTextContents();
    expect(shown.every((s) => /^[A-Z0-9e][\w ]*$/.test(s) && !s.includes('_'))).toBe(true);
    expect(shown.some((s) => ['Ground Advantage', 'Ground', 'Priority Mail', '2nd Day Air', '2Day', 'eCommerce', 'Express Worldwide'].includes(s))).toBe(true);
  });
});

describe('Returns desk at 1280×720', () => {
  it('pending pickup has headers and a schedule form without ticking boxes; inbound has a count, search, filters and sort; today’s export is in local time with its zone', async () => {
    const { page } = app;
    await nav('Returns');
    await page.getByRole('tab', { name: 'Pending pickup' }).click();
    const unscheduled = page.getByTestId('pickup-none');
    await unscheduled.waitFor();
    await expect
      .poll(() => unscheduled.locator('.ag-header-cell-text').allTextContents())
      .toEqual(['Include', 'RMA', 'Order', 'Tracking', 'Carrier', 'State', 'Reason']);
    const waiting = (await dispatch('returns.list', { view: 'pending_pickup', hasPickup: false, startRow: 0, endRow: 1 })).rowCount ?? 0;
    expect(waiting).toBeGreaterThan(0);
    expect(await unscheduled.locator('header span').textContent()).toBe(`${waiting} parcel${waiting === 1 ? '' : 's'}`);
    expect(await page.getByTestId('schedule-pickup').locator('b').textContent()).toBe(`Schedule a pickup for all ${waiting} parcel${waiting === 1 ? '' : 's'}`);
    await unscheduled.locator('.ag-row[row-index="0"]').getByRole('checkbox').check();
    expect(await page.getByTestId('schedule-pickup').locator('b').textContent()).toBe('Schedule a pickup for the 1 ticked parcel');

    await page.getByRole('tab', { name: 'Inbound' }).click();
    const grid = page.getByTestId('inbound-grid');
    const row = (i: number) => grid.locator(`.ag-row[row-index="${i}"]`);
    const inbound = async () => (await dispatch('returns.list', { view: 'inbound', limit: 5000 })).rows;
    await expect.poll(() => grid.locator('.ag-row').count()).toBeGreaterThan(3);
    // The list may refresh as the returns timer moves parcels along; the count always says what the core lists.
    await expect.poll(async () => (await text('inbound-count')) === `${(await inbound()).length} returns on the way`).toBe(true);
    const total = (await inbound()).length;
    const rma = (await row(2).locator('[col-id="rmaNumber"]').textContent()) ?? '';
    await page.getByLabel('Search inbound').fill(rma);
    await expect.poll(() => text('inbound-count')).toBe(`1 of ${total} returns on the way`);
    expect(await grid.locator('.ag-row [col-id="rmaNumber"]').allTextContents()).toEqual([rma]);
    await page.getByLabel('Search inbound').fill('');
    // Filter by the state the fewest parcels are in (the demo's mix moves as the returns clock runs).
    const before = (await inbound()).map((r) => (r.state === 'arrived' ? 'Arrived' : 'In transit'));
    const tally = [...new Set(before)].map((label) => [label, before.filter((s) => s === label).length] as const).sort((x, y) => x[1] - y[1]);
    const [fewest, expected] = tally[0];
    await page.getByLabel('State filter').selectOption({ label: fewest });
    await expect.poll(() => text('inbound-count')).toMatch(new RegExp(`^${expected} of `));
    await expect.poll(async () => [...new Set(await grid.locator('.ag-row [col-id="state"]').allTextContents())]).toEqual([fewest]);
    if (tally.length > 1) expect(expected).toBeLessThan(total);
    await page.getByLabel('State filter').selectOption('');
    await expect.poll(() => text('inbound-count')).toBe(`${total} returns on the way`);
    expect(await axeFindings(page)).toEqual([]);
    // A click on a header sorts the whole list in the core, ascending then descending.
    const rmas = (await inbound()).map((r) => r.rmaNumber ?? '').sort();
    await grid.locator('.ag-header-cell[col-id="rmaNumber"] .ag-header-cell-label').click();
    await expect.poll(() => row(0).locator('[col-id="rmaNumber"]').textContent()).toBe(rmas[0]);
    const shown = await Promise.all([0, 1, 2, 3].map((i) => row(i).locator('[col-id="rmaNumber"]').textContent()));
    expect(shown).toEqual(rmas.slice(0, 4));
    await grid.locator('.ag-header-cell[col-id="rmaNumber"] .ag-header-cell-label').click();
    await expect.poll(() => row(0).locator('[col-id="rmaNumber"]').textContent()).toBe(rmas.at(-1));

    await page.getByRole('tab', { name: 'Received today' }).click();
    const csv = readFileSync((await (await downloaded(() => page.getByRole('button', { name: 'Export CSV' }).click())).path())!, 'utf8');
    expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^received_at \([A-Za-z_]+(\/[A-Za-z_]+)*\),rma_number,/);
  });
});

describe('Reports at 1280×720', () => {
  it('shows believable demo figures, says each unit once, exports for people, and prints the table and charts within the page without hints', async () => {
    const { page } = app;
    await nav('Reports');
    const grid = page.getByTestId('performance-grid');
    await expect.poll(() => grid.locator('.ag-row:not(.ag-row-pinned)').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    // The demo's carriers deliver most parcels on time, as real ones do.
    const onTime = await grid.locator('.ag-row:not(.ag-row-pinned) [col-id="onTimeRate"]').allTextContents();
    for (const rate of onTime.map(parseFloat)) {
      expect(rate).toBeGreaterThanOrEqual(80);
      expect(rate).toBeLessThanOrEqual(99);
    }

    await page.getByRole('button', { name: 'Export XLSX' }).click();
    const file = await downloaded(() => page.getByRole('link', { name: /^Download / }).click());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await file.path())!);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['Carrier', 'On time (%)']));
    expect(sheet.getRow(2).getCell(header.indexOf('On time (%)') + 1).numFmt).toBe('0.0%');
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('All');

    await page.emulateMedia({ media: 'print' });
    const table = page.locator('.print-table');
    expect((await table.boundingBox())!.width).toBeLessThanOrEqual(1280);
    const printed = await table.locator('th').allTextContents();
    expect(printed).toEqual(expect.arrayContaining(['Carrier', 'On time (%)', 'Transit time (h) median', 'Transit (business days) median']));
    expect(printed.join('|')).not.toMatch(/\(business days\) \(business days\)|[a-z][A-Z]/);
    expect(await page.getByTestId('on-time-trend').isVisible()).toBe(true);
    expect(await page.getByText('Hover a figure for its formula').isVisible()).toBe(false);
    expect((await page.getByTestId('on-time-trend').boundingBox())!.y).toBeGreaterThan((await table.boundingBox())!.y);
    await page.emulateMedia({ media: 'screen' });
  });
});
