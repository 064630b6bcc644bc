import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTrackingNumber } from '../../src-main/demo/tracking-numbers';
import { openBrowserApp, type BrowserApp } from './harness';

let app: BrowserApp;
beforeAll(async () => {
  // The returns desk's screen: 1280×720.
  app = await openBrowserApp({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => app?.close());

const label = (i: number) => exampleTrackingNumber(i % 2 ? 'ups' : 'usps', 500 + i);
const RETURNS = Array.from({ length: 10 }, (_, i) => ({ rma: `RMA-${2001 + i}`, order: `#${3001 + i}`, tracking: label(i) }));
const FILE = [
  'rma_number,order_number,return_tracking_number,carrier,reason,expected_items',
  ...RETURNS.map((r, i) => `${r.rma},${r.order},${r.tracking},${i % 2 ? 'ups' : 'usps'},Changed mind,1x Item ${i}`),
].join('\n');

/** What each parcel shows the clerk: its return label, its RMA sticker, or the order number on the packing slip. */
const SCANNED = RETURNS.map((r, i) => (i % 3 === 0 ? r.tracking : i % 3 === 1 ? r.rma : r.order.slice(1)));

/** Types like a wedge scanner: a few ms per character, then Enter. */
async function scan(raw: string) {
  await app.page.keyboard.type(raw, { delay: 4 });
  await app.page.keyboard.press('Enter');
}

const db = () => app.core.services.db.raw;
const receivedScans = () =>
  (
    db().prepare("SELECT sc.raw FROM scans sc JOIN scan_sessions ss ON ss.id = sc.session_id WHERE ss.purpose = 'returns_receive' ORDER BY sc.id").all() as {
      raw: string;
    }[]
  ).map((r) => r.raw);
const focusedTestId = () =>
  app.page.evaluate(() =>
    (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute(
      'data-testid',
    ),
  );

describe('Returns receiving station in browser mode', () => {
  it('imports a returns file from the Pending pickup tab', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Returns' }).click();
    await page.getByTestId('returns-file').setInputFiles({ name: 'rma-export.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE) });
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toContain('10 new');
    await expect.poll(() => page.getByTestId('pickup-none').locator('.ag-row').count()).toBe(10);
  });

  it('schedules a pickup for three returns, then marks it missed with m and reschedules it with r', async () => {
    const { page } = app;
    // Even rows go back with USPS: one carrier, one truck.
    for (const r of [RETURNS[0], RETURNS[2], RETURNS[4]]) await page.getByLabel(`Choose ${r.rma}`).check();
    // A corrected file imported at another desk meanwhile: the list takes it in place and the ticks stay.
    const corrected = await app.core.dispatch('returns.importFile', {
      name: 'corrections.csv',
      content: `rma_number,order_number,return_tracking_number,carrier,reason,expected_items\n${RETURNS[1].rma},,,,Wrong colour,`,
    });
    expect(corrected.ok && corrected.value.updated).toBe(1);
    const unscheduled = page.getByTestId('pickup-none');
    await expect.poll(() => unscheduled.locator('[col-id="reason"]').allTextContents()).toContain('Wrong colour');
    for (const r of [RETURNS[0], RETURNS[2], RETURNS[4]]) expect(await page.getByLabel(`Choose ${r.rma}`).isChecked()).toBe(true);
    expect(await page.getByLabel(`Choose ${RETURNS[1].rma}`).isChecked()).toBe(false);
    await page.getByTestId('schedule-pickup').getByLabel('Confirmation').fill('PU-4411');
    await page.getByTestId('schedule-pickup').getByRole('button', { name: 'Schedule' }).click();
    const pickup = page.locator('.pickup-group[data-state]:not([data-state=""])');
    await expect.poll(() => pickup.getAttribute('data-state')).toBe('scheduled');
    expect(await pickup.locator('tbody tr').count()).toBe(3);

    await page.keyboard.press('m');
    await expect.poll(() => pickup.getAttribute('data-state')).toBe('missed');
    const before = db().prepare('SELECT window_start AS s FROM pickups').get() as { s: string };
    await page.keyboard.press('r');
    await expect.poll(() => pickup.getAttribute('data-state')).toBe('scheduled');
    const after = db().prepare('SELECT window_start AS s, confirmation_number AS c FROM pickups').get() as { s: string; c: string };
    expect(Date.parse(after.s) - Date.parse(before.s)).toBe(86_400_000);
    expect(after.c).toBe('PU-4411');
    const audit = db().prepare("SELECT action FROM audit_log WHERE entity = 'pickup' ORDER BY id").all();
    expect(audit).toEqual([{ action: 'created' }, { action: 'missed' }, { action: 'rescheduled' }]);
  });

  it('receives ten parcels scanned back to back, records one as damaged with a number key, and sends an unknown parcel to triage', async () => {
    const { page } = app;
    // The machine running this is shared: Playwright's keys can stall past the default 80 ms burst gap and split a
    // label. The dock's station is set (as a site would for a slow wedge) to a wider gap; the buffer itself is reconcile's.
    const widened = await app.core.dispatch('reconcile.stationSettings.set', { station: 'returns-dock', interKeyTimeoutMs: 1000 });
    expect(widened.ok).toBe(true);
    await page.getByRole('tab', { name: 'Receiving station' }).click();
    await page.getByLabel('Operator').fill('Robin');
    await page.getByRole('button', { name: 'Open receiving station' }).click();
    await page.getByTestId('receive-input').waitFor();
    await expect.poll(focusedTestId).toBe('receive-input');

    // No waiting between parcels: the scan buffer splits the bursts; the first parcel asks for its condition and
    // the nine behind it wait, in order, instead of skipping it.
    for (const raw of SCANNED) await scan(raw);
    const matched = page.locator('[data-testid="receive-row"][data-verdict="matched"]');
    await expect.poll(() => page.getByTestId('condition-held').textContent(), { timeout: 20_000 }).toBe('Condition first: 9 scans waiting, in order.');
    expect(await matched.count()).toBe(1);
    expect(receivedScans()).toEqual([SCANNED[0]]);
    // Giving no condition is a choice, one key per parcel (Esc, the station's acknowledge key).
    for (let i = 1; i < SCANNED.length; i++) {
      await page.keyboard.press('Escape');
      await expect.poll(() => matched.count()).toBe(i + 1);
    }
    expect(receivedScans()).toEqual(SCANNED);
    await expect.poll(() => page.getByTestId('receive-verdict').getAttribute('data-verdict')).toBe('matched');

    // The last parcel is waiting for its condition: key 2 is "Damaged".
    await page.getByTestId('condition-prompt').waitFor();
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('condition-recorded').textContent()).toContain('Damaged');
    await expect.poll(focusedTestId).toBe('receive-input');

    const unknown = exampleTrackingNumber('fedex', 987_654);
    await scan(unknown);
    await expect.poll(() => page.getByTestId('receive-verdict').getAttribute('data-verdict')).toBe('unexpected');

    const stored = db()
      .prepare("SELECT sc.raw, sc.verdict FROM scans sc JOIN scan_sessions ss ON ss.id = sc.session_id WHERE ss.purpose = 'returns_receive' ORDER BY sc.id")
      .all() as { raw: string; verdict: string }[];
    expect(stored).toEqual([...SCANNED.map((raw) => ({ raw, verdict: 'matched' })), { raw: unknown, verdict: 'unknown_label' }]);
    const states = db().prepare("SELECT rma_number AS rma, state, condition FROM returns WHERE source = 'returns-file' ORDER BY rma_number").all();
    expect(states).toEqual(RETURNS.map((r, i) => ({ rma: r.rma, state: i === 9 ? 'inspected' : 'received', condition: i === 9 ? 'damaged' : null })));
    const audit = db()
      .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'return' AND action = 'received' AND operator = 'Robin' AND station = 'returns-dock'")
      .get();
    expect(audit).toEqual({ n: 10 });
  });

  it('shows the unknown parcel in Triage with its raw scan, and takes a description', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Triage' }).click();
    const row = page.getByTestId('triage-grid').locator('.ag-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[col-id="raw"]').textContent()).toBe(exampleTrackingNumber('fedex', 987_654));
    await row.getByLabel('Description').fill('Brown box, two jackets, no paperwork');
    await page.getByRole('heading', { name: 'Returns' }).click();
    await expect
      .poll(() => (db().prepare("SELECT note FROM returns WHERE state = 'unexpected'").get() as { note: string | null }).note)
      .toBe('Brown box, two jackets, no paperwork');
  });

  it('lists everything received today with its condition and exports it as CSV', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Received today' }).click();
    const rows = page.getByTestId('received-grid').locator('.ag-row');
    await expect.poll(() => rows.count()).toBe(11);
    expect(await page.getByTestId('received-count').textContent()).toBe('11 parcels received today');
    expect(await rows.locator('[col-id="condition"]').allTextContents()).toEqual(expect.arrayContaining(['Damaged']));
    expect((await rows.locator('[col-id="condition"]').allTextContents()).filter((c) => c === 'Damaged')).toHaveLength(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^returns-received-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
