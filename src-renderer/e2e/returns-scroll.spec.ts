import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURNS_FILE_SOURCE } from '../../src-shared/api';
import { exampleTrackingNumber } from '../../src-main/demo/tracking-numbers';
import { dragScrollbarToBottom, openBrowserApp, type BrowserApp } from './harness';

/** A year of returns at a busy warehouse, all on their way back: the Inbound grid pages them from the core. */
const RETURNS = 24_000;
const CARRIERS = ['ups', 'usps', 'fedex'] as const;
const rmaOf = (i: number) => `RMA-${100_000 + i}`;

let app: BrowserApp;
beforeAll(async () => {
  app = await openBrowserApp({
    viewport: { width: 1280, height: 720 },
    showScrollbars: true,
    beforeLoad: (core) => {
      // One prepared statement in one transaction: 24k rows in well under a second.
      const raw = core.services.db.raw;
      const insert = raw.prepare(
        `INSERT INTO returns (source, external_id, rma_number, order_number, tracking_number, carrier, reason, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const at = new Date().toISOString();
      raw.transaction(() => {
        for (let i = 0; i < RETURNS; i++) {
          const carrier = CARRIERS[i % 3];
          const rma = rmaOf(i);
          insert.run(
            RETURNS_FILE_SOURCE,
            rma,
            rma,
            `#${500_000 + i}`,
            exampleTrackingNumber(carrier, 40_000 + i),
            carrier,
            'Too small',
            i % 4 ? 'in_transit' : 'arrived',
            at,
            at,
          );
        }
      })();
    },
  });
  await app.page.getByRole('navigation').getByRole('button', { name: 'Returns', exact: true }).click();
  await app.page.getByRole('tab', { name: 'Inbound' }).click();
}, 180_000);
afterAll(async () => app?.close());

const db = () => app.core.services.db.raw;
const grid = () => app.page.getByTestId('inbound-grid');
const cell = (row: number, column: string) => grid().locator(`.ag-row[row-index="${row}"] [col-id="${column}"]`);
const count = () => app.page.getByTestId('inbound-count').textContent();

describe('Returns · Inbound over a big store', () => {
  it('sorts by a column, filters by carrier, and one drag to the bottom shows the last return', async () => {
    const { page } = app;
    await expect.poll(count, { timeout: 60_000 }).toBe('24,000 returns on the way');

    // RMA, descending: the core sorts the whole list, not the rows on screen.
    const header = grid().locator('.ag-header-cell[col-id="rmaNumber"] .ag-header-cell-label');
    await header.click();
    await expect.poll(() => cell(0, 'rmaNumber').textContent(), { timeout: 30_000 }).toBe(rmaOf(0));
    await header.click();
    await expect.poll(() => cell(0, 'rmaNumber').textContent(), { timeout: 30_000 }).toBe(rmaOf(RETURNS - 1));

    await page.getByLabel('Carrier filter').selectOption('fedex');
    const fedex = db().prepare("SELECT count(*) AS n, min(rma_number) AS first, max(rma_number) AS last FROM returns WHERE carrier = 'fedex'").get() as {
      n: number;
      first: string;
      last: string;
    };
    await expect.poll(count, { timeout: 30_000 }).toBe(`${fedex.n.toLocaleString('en-US')} of 24,000 returns on the way`);
    await expect.poll(() => cell(0, 'rmaNumber').textContent(), { timeout: 30_000 }).toBe(fedex.last);
    expect(await cell(0, 'carrier').textContent()).toBe('FedEx');

    await dragScrollbarToBottom(page, grid().locator('.ag-body-vertical-scroll-viewport'));
    await expect.poll(() => cell(fedex.n - 1, 'rmaNumber').textContent(), { timeout: 30_000 }).toBe(fedex.first);
  }, 150_000);

  it('takes a change made elsewhere into the rows on screen, where the person has scrolled to', async () => {
    const fedex = db().prepare("SELECT count(*) FROM returns WHERE carrier = 'fedex'").pluck().get() as number;
    const last = fedex - 1;
    const rma = await cell(last, 'rmaNumber').textContent();
    const scrolledTo = await grid()
      .locator('.ag-body-vertical-scroll-viewport')
      .evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop);
    // Someone imports a corrected returns file at another desk: the reason changes, nothing else.
    const imported = await app.core.dispatch('returns.importFile', {
      name: 'corrections.csv',
      content: `rma_number,order_number,return_tracking_number,carrier,reason,expected_items\n${rma},,,,Arrived damaged,`,
    });
    expect(imported.ok && imported.value.updated).toBe(1);
    await expect.poll(() => cell(last, 'reason').textContent(), { timeout: 30_000 }).toBe('Arrived damaged');
    expect(await cell(last, 'rmaNumber').textContent()).toBe(rma);
    expect(
      await grid()
        .locator('.ag-body-vertical-scroll-viewport')
        .evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop),
    ).toBe(scrolledTo);
    expect(await count()).toBe(`${fedex.toLocaleString('en-US')} of 24,000 returns on the way`);
  }, 60_000);

  it('finds a return by the last characters of its tracking number, as a customer reads them out', async () => {
    const { page } = app;
    await page.getByLabel('Carrier filter').selectOption('');
    // Return 12,346 goes back with USPS (i % 3 === 1).
    const tracking = exampleTrackingNumber('usps', 40_000 + 12_346);
    const tail = tracking.slice(-8);
    const expected = db().prepare('SELECT rma_number FROM returns WHERE tracking_number LIKE ? ORDER BY rma_number DESC').pluck().all(`%${tail}`) as string[];
    expect(expected.length).toBeGreaterThan(0);
    await page.getByLabel('Search inbound').fill(tail.toLowerCase());
    await expect.poll(count, { timeout: 30_000 }).toBe(`${expected.length} of 24,000 returns on the way`);
    await expect.poll(() => grid().locator('.ag-row [col-id="rmaNumber"]').allTextContents()).toEqual(expected);
  }, 60_000);
});
