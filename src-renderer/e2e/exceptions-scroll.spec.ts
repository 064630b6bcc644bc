import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShipments } from '../../src-main/demo/seed';
import { dragScrollbarToBottom, openBrowserApp, type BrowserApp } from './harness';

/** The queue after an outage (issue 15): every parcel in the store silent for days, one line each. */
const SHIPMENTS = 22_000;

let app: BrowserApp;
const raw = () => app.core.services.db.raw;
const cell = (rowIndex: number, colId: string) => app.page.locator(`.ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`);
const count = async () => Number(((await app.page.getByTestId('exception-count').textContent()) ?? '').replace(/\D/g, ''));
const focusedRow = () => app.page.evaluate("document.activeElement?.closest('.ag-row')?.getAttribute('row-index') ?? null");
const scrollTop = () =>
  app.page.locator('.exceptions-view .ag-body-vertical-scroll-viewport').evaluate((e) => (e as unknown as { scrollTop: number }).scrollTop);

const OPEN = "e.state IN ('open', 'in_progress')";
/** The tracking numbers of the queue's parcels (of one carrier, or all) whose order value is the view's lowest, or highest. */
function atValueEnd(end: 'min' | 'max', carrier?: string): string[] {
  const onCarrier = carrier ? 'AND s.carrier = @carrier' : '';
  return (
    raw()
      .prepare(
        `SELECT DISTINCT s.tracking_number AS t FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE ${OPEN} ${onCarrier} AND s.order_value_cents = (
           SELECT ${end}(s.order_value_cents) FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE ${OPEN} ${onCarrier})`,
      )
      .all(carrier ? { carrier } : {}) as { t: string }[]
  ).map((r) => r.t);
}
const parcels = (carrier?: string) =>
  (
    raw()
      .prepare(
        `SELECT count(DISTINCT e.shipment_id) AS n FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE ${OPEN} ${carrier ? 'AND s.carrier = ?' : ''}`,
      )
      .get(...(carrier ? [carrier] : [])) as { n: number }
  ).n;

beforeAll(async () => {
  app = await openBrowserApp({
    showScrollbars: true,
    beforeLoad: (core) => {
      seedShipments(core.services.db, { shipments: SHIPMENTS, now: Date.now(), withEvents: false });
      // Every parcel on the carrier's hands and without news for five days: the rules pass puts each in the queue.
      const silent = new Date(Date.now() - 5 * 86_400_000).toISOString();
      core.services.db.raw
        .prepare(
          "UPDATE shipments SET status = 'in_transit', substatus = NULL, delivered_at = NULL, first_scan_at = coalesce(first_scan_at, ?), last_event_at = ?",
        )
        .run(silent, silent);
    },
  });
  await app.core.services.exceptions.evaluateAll();
  await app.core.services.exceptions.settled();
  expect(parcels()).toBeGreaterThanOrEqual(20_000);
  await app.page.getByRole('navigation').getByRole('button', { name: 'Exceptions' }).click();
}, 180_000);
afterAll(async () => app?.close());

describe('The exception queue over a big store', () => {
  it('counts every parcel from the first block, sorts by a column both ways in the core, and one drag reaches the last parcel', async () => {
    const { page } = app;
    const all = parcels();
    await expect.poll(count, { timeout: 60_000 }).toBe(all);
    await expect.poll(() => cell(0, 'trackingNumber').count(), { timeout: 30_000 }).toBe(1);

    // A header click: lowest value first, then highest first — over the whole queue, not the rows the window holds.
    await page.locator('.ag-header-cell[col-id="orderValue"]').click();
    await expect.poll(async () => atValueEnd('min').includes((await cell(0, 'trackingNumber').textContent()) ?? ''), { timeout: 30_000 }).toBe(true);
    await page.locator('.ag-header-cell[col-id="orderValue"]').click();
    await expect.poll(async () => atValueEnd('max').includes((await cell(0, 'trackingNumber').textContent()) ?? ''), { timeout: 30_000 }).toBe(true);

    await dragScrollbarToBottom(app.page, app.page.locator('.exceptions-view .ag-body-vertical-scroll-viewport'));
    const last = cell(all - 1, 'trackingNumber');
    await expect.poll(async () => atValueEnd('min').includes((await last.textContent()) ?? ''), { timeout: 30_000 }).toBe(true);
    expect(await cell(all, 'trackingNumber').count()).toBe(0);
  }, 150_000);

  it('filters in the core: the count and the scrollbar are the filtered queue, its last parcel at the bottom', async () => {
    const { page } = app;
    const dhl = parcels('dhl');
    expect(dhl).toBeGreaterThan(1000);
    await page.getByLabel('Carrier', { exact: true }).selectOption('dhl');
    await expect.poll(count, { timeout: 30_000 }).toBe(dhl);
    // Still highest value first: the sort survives the filter.
    await expect.poll(async () => atValueEnd('max', 'dhl').includes((await cell(0, 'trackingNumber').textContent()) ?? ''), { timeout: 30_000 }).toBe(true);
    await dragScrollbarToBottom(app.page, app.page.locator('.exceptions-view .ag-body-vertical-scroll-viewport'));
    const last = cell(dhl - 1, 'trackingNumber');
    await expect.poll(async () => atValueEnd('min', 'dhl').includes((await last.textContent()) ?? ''), { timeout: 30_000 }).toBe(true);
    expect(await cell(dhl - 1, 'carrier').textContent()).toBe('DHL');
  }, 120_000);

  it("shows another station's change to a parcel on screen in place: scroll, focus and the ticked parcel stay", async () => {
    const { page } = app;
    const index = (await count()) - 2;
    await cell(index, 'trackingNumber').click();
    await expect.poll(focusedRow).toBe(String(index));
    await page.keyboard.press('x');
    await expect.poll(() => page.locator(`.ag-row[row-index="${index}"].ag-row-selected`).count()).toBeGreaterThan(0);
    const tracking = (await cell(index, 'trackingNumber').textContent()) ?? '';
    const at = await scrollTop();

    const items = raw()
      .prepare(`SELECT e.id, e.version FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ? AND ${OPEN}`)
      .all(tracking) as { id: number; version: number }[];
    const assigned = await app.core.dispatch(
      'exceptions.assign',
      { items, assignee: 'Ben Okafor' },
      { transport: 'in-process', operator: 'Ben Okafor', station: 'Desk 4' },
    );
    expect(assigned.ok).toBe(true);

    await expect.poll(() => cell(index, 'assignee').textContent(), { timeout: 30_000 }).toBe('Ben Okafor');
    expect(await cell(index, 'trackingNumber').textContent()).toBe(tracking);
    expect(await scrollTop()).toBe(at);
    expect(await focusedRow()).toBe(String(index));
    expect(await page.locator(`.ag-row[row-index="${index}"].ag-row-selected`).count()).toBeGreaterThan(0);
    // The detail panel shows the fresh copy of the row the keys are on.
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Ben Okafor');
  }, 60_000);

  it('resolves the ticked parcels together deep in the queue: both leave the list and the ticks; a tick leaves with its parcel on a new filter', async () => {
    const { page } = app;
    await page.getByLabel('Operator name or badge').fill('Dana Kim');
    await page.getByLabel('Operator name or badge').press('Enter');
    const before = await count();
    const ticked = before - 2;
    await expect.poll(focusedRow).toBe(String(ticked));
    // The parcel ticked before, and the one below it.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('.ag-row.ag-row-selected').count()).toBeGreaterThanOrEqual(2);
    const chosen = [(await cell(ticked, 'trackingNumber').textContent()) ?? '', (await cell(ticked + 1, 'trackingNumber').textContent()) ?? ''];
    const above = (await cell(ticked - 1, 'trackingNumber').textContent()) ?? '';

    await page.keyboard.press('r');
    await expect.poll(() => page.locator('[role="dialog"] :focus').count()).toBe(1);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    await expect.poll(count, { timeout: 30_000 }).toBe(before - 2);
    const open = raw().prepare(`SELECT count(*) AS n FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number IN (?, ?) AND ${OPEN}`);
    expect(open.get(...chosen)).toEqual({ n: 0 });
    await expect.poll(() => page.locator('.ag-row.ag-row-selected').count()).toBe(0);
    // The list's last line is now the one that stood above the resolved pair.
    await expect.poll(() => cell(before - 3, 'trackingNumber').textContent()).toBe(above);
    expect(await cell(before - 2, 'trackingNumber').count()).toBe(0);
    // Nothing ticked any more: the next key acts on the row the keys are on, not on the parcels just resolved.
    await expect.poll(focusedRow).toBe(String(before - 3));
    await page.keyboard.press('a');
    await expect.poll(() => cell(before - 3, 'assignee').textContent()).toBe('Dana Kim');

    // A parcel ticked, then a filter it is not in: the tick goes with it, so the keys act on what is on screen.
    const hidden = (await cell(before - 3, 'trackingNumber').textContent()) ?? '';
    await page.keyboard.press('x');
    await expect.poll(() => page.locator(`.ag-row[row-index="${before - 3}"].ag-row-selected`).count()).toBeGreaterThan(0);
    await page.getByLabel('Carrier', { exact: true }).selectOption('ups');
    await expect.poll(count, { timeout: 30_000 }).toBe(parcels('ups'));
    await expect.poll(() => cell(0, 'carrier').textContent(), { timeout: 30_000 }).toBe('UPS');
    const first = (await cell(0, 'trackingNumber').textContent()) ?? '';
    await cell(0, 'trackingNumber').click();
    await page.keyboard.press('u');
    await page.keyboard.press('a');
    await expect.poll(() => cell(0, 'assignee').textContent()).toBe('Dana Kim');
    const assignees = raw().prepare(
      `SELECT DISTINCT e.assignee AS a FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ? AND ${OPEN}`,
    );
    expect(assignees.all(first)).toEqual([{ a: 'Dana Kim' }]);
    // The hidden parcel is as the first 'a' left it: 'u' did not reach it.
    expect(assignees.all(hidden)).toEqual([{ a: 'Dana Kim' }]);
  }, 60_000);
});
