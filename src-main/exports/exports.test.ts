import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMap, ExceptionRow, ExportFinished, ExportSubject, ShipmentRow } from '../../src-shared/api';
import { createReportsTestCore, seedDataset, type ReportsTestCore } from '../reports/testing-dataset';
import { startWebHost, type WebHost } from '../web/host';
import { parseCsv } from './testing-csv';

let core: ReportsTestCore;
const seen: { name: keyof EventMap; payload: unknown }[] = [];
beforeAll(async () => {
  core = createReportsTestCore();
  seedDataset(core);
  // Awkward text a carrier or a customer can produce: separators, quotes, line breaks, formulas, accents.
  core.services.db.raw
    .prepare("UPDATE shipments SET last_event_text = ?, last_event_location = ?, order_number = ? WHERE external_id = 'T-A'")
    .run('Left at "front door", signed\nby neighbour', 'Montréal, QC', '=HYPERLINK("http://x")');
  await core.dispatch('demo.load', { shipments: 12_000 });
  // The exception rules re-flag the new shipments in the background; exports compare against settled data.
  await core.services.exceptions.evaluateAll();
  core.events.subscribe((name, payload) => seen.push({ name, payload }));
});
afterAll(() => core.dispose());

const exportsDir = () => join(core.dir, 'exports');
/** What each exported column should hold, read from the Shipments grid's own rows (an independent oracle). */
const EXPECTED: [string, (r: ShipmentRow) => unknown][] = [
  ['external_id', (r) => r.externalId],
  ['tracking_number', (r) => r.trackingNumber],
  ['carrier', (r) => r.carrier],
  ['service', (r) => r.service],
  ['warehouse', (r) => r.warehouse],
  ['order_number', (r) => r.orderNumber],
  ['order_value', (r) => r.orderValue],
  ['currency', (r) => r.currency],
  ['label_created_at', (r) => r.labelCreatedAt],
  ['ship_date', (r) => r.shipDate],
  ['expected_delivery', (r) => r.expectedDeliveryOriginal],
  ['is_return', (r) => r.isReturn],
  ['status', (r) => r.status],
  ['substatus', (r) => r.substatus],
  ['flags', (r) => r.flags.join(' ')],
  ['expected_delivery_current', (r) => r.expectedDeliveryCurrent],
  ['first_scan_at', (r) => r.firstScanAt],
  ['delivered_at', (r) => r.deliveredAt],
  ['last_event_at', (r) => r.lastEventAt],
  ['last_event_text', (r) => r.lastEventText],
  ['last_event_location', (r) => r.lastEventLocation],
  ['source', (r) => r.source],
];
const allShipments = async (): Promise<ShipmentRow[]> => {
  const rows: ShipmentRow[] = [];
  for (let start = 0; ; start += 1000) {
    const page = await core.dispatch('shipments.page', { startRow: start, endRow: start + 1000 });
    if (!page.ok) throw new Error(page.error.message);
    rows.push(...page.value.rows);
    if (page.value.lastRow !== null) return rows;
  }
};
const finishedEvent = (jobId: string) =>
  new Promise<ExportFinished>((resolve) => {
    const off = core.events.subscribe((name, payload) => {
      if (name === 'exports.finished' && (payload as ExportFinished).jobId === jobId) {
        off();
        resolve(payload as ExportFinished);
      }
    });
  });

describe('exports', () => {
  it('streams every shipment to CSV in the grid’s order and reads back cell for cell', async () => {
    const result = await core.services.reports.exports.runToEnd({ kind: 'shipments', filter: {}, sort: [] }, 'csv');
    expect(result).toMatchObject({ outcome: 'done', rows: 12_016 });
    const [header, ...rows] = parseCsv(readFileSync(join(exportsDir(), result.fileName), 'utf8'));
    expect(header).toEqual(EXPECTED.map(([name]) => name));
    const expected = await allShipments();
    expect(rows).toHaveLength(expected.length);
    const asText = (value: unknown) => (value === null ? '' : typeof value === 'string' && /^[=+\-@]/.test(value) ? `'${value}` : String(value));
    rows.forEach((row, i) => expect(row).toEqual(EXPECTED.map(([, cell]) => asText(cell(expected[i])))));
    const tricky = rows.find((r) => r[0] === 'T-A') as string[];
    expect(tricky[header.indexOf('last_event_text')]).toBe('Left at "front door", signed\nby neighbour');
    expect(tricky[header.indexOf('order_number')]).toBe('\'=HYPERLINK("http://x")');
    expect(readdirSync(exportsDir()).some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('writes a filtered shipment export to XLSX that exceljs reads back', async () => {
    const filter = { carrier: ['fedex' as const], status: ['delivered' as const] };
    const sort = [{ column: 'orderValue' as const, direction: 'desc' as const }];
    const result = await core.services.reports.exports.runToEnd({ kind: 'shipments', filter, sort }, 'xlsx');
    expect(result.outcome).toBe('done');
    const count = await core.dispatch('shipments.count', { filter });
    expect(count).toEqual({ ok: true, value: { count: result.rows } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(exportsDir(), result.fileName));
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(result.rows + 1);
    const page = await core.dispatch('shipments.page', { startRow: 0, endRow: 3, filter, sort });
    const expected = page.ok ? page.value.rows : [];
    const column = (name: string) => EXPECTED.findIndex(([n]) => n === name) + 1;
    expected.forEach((row, i) => {
      expect(sheet.getRow(i + 2).getCell(column('tracking_number')).value).toBe(row.trackingNumber);
      expect(sheet.getRow(i + 2).getCell(column('order_value')).value).toBe(row.orderValue);
      expect(sheet.getRow(i + 2).getCell(column('is_return')).value).toBe(row.isReturn);
    });
  });

  it('exports exactly the shipments the drill-down lists', async () => {
    const query = { from: '2026-11-02', to: '2026-11-08', filter: {}, group: { carrier: 'ups' }, metric: 'onTimeRate' as const, part: 'notCounted' as const };
    const result = await core.services.reports.exports.runToEnd({ kind: 'drilldown', query }, 'csv');
    const [, ...rows] = parseCsv(readFileSync(join(exportsDir(), result.fileName), 'utf8'));
    const listed: string[] = [];
    for (let start = 0; ; start += 1000) {
      const page = await core.dispatch('reports.drilldown', { query, startRow: start, endRow: start + 1000 });
      if (!page.ok) throw new Error(page.error.message);
      listed.push(...page.value.rows.map((r) => r.externalId));
      if (page.value.lastRow !== null) break;
    }
    expect(rows.map((r) => r[0])).toEqual(listed);
    expect(listed).toContain('T-B');
  });

  it('exports the whole exception queue view in the queue’s order, as the grid lists it', async () => {
    const filter = { carrier: ['ups' as const, 'fedex' as const] };
    const sort = [{ column: 'orderValue' as const, direction: 'desc' as const }];
    const listed: ExceptionRow[] = [];
    for (let start = 0; ; start += 1000) {
      const page = await core.dispatch('exceptions.list', { startRow: start, endRow: start + 1000, filter, sort });
      if (!page.ok) throw new Error(page.error.message);
      listed.push(...page.value.rows);
      if (page.value.lastRow !== null) break;
    }
    expect(listed.length).toBeGreaterThan(100);
    const result = await core.services.reports.exports.runToEnd({ kind: 'exceptions', filter, sort }, 'csv');
    expect(result).toMatchObject({ outcome: 'done', rows: listed.length });
    const [header, ...rows] = parseCsv(readFileSync(join(exportsDir(), result.fileName), 'utf8'));
    expect(header.slice(0, 7)).toEqual(['exception_id', 'exception_ids', 'priority', 'age_hours', 'reason', 'reasons', 'state']);
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(column('exception_id')).toEqual(listed.map((r) => String(r.id)));
    expect(column('tracking_number')).toEqual(listed.map((r) => r.trackingNumber));
    expect(column('priority')).toEqual(listed.map((r) => String(r.priority)));
    expect(column('flags')).toEqual(listed.map((r) => r.flags.join(' ')));
    expect(column('reasons')).toEqual(listed.map((r) => r.facets.map((f) => f.reason).join(' ')));
  });

  it('exports "assigned to me" as the operator who asked for it', async () => {
    const page = await core.dispatch('exceptions.list', { startRow: 0, endRow: 3 });
    const items = page.ok ? page.value.rows.map((r) => ({ id: r.id, version: r.version })) : [];
    const ana = { transport: 'in-process' as const, operator: 'Ana Ruiz', station: 'Desk 2' };
    expect(await core.dispatch('exceptions.assign', { items, assignee: 'Ana Ruiz' }, ana)).toMatchObject({ ok: true });
    const started = await core.dispatch('exports.start', { what: { kind: 'exceptions', filter: { assignee: ['@me'] } }, format: 'csv' }, ana);
    if (!started.ok) throw new Error(started.error.message);
    const finished = await finishedEvent(started.value.jobId);
    const [header, ...rows] = parseCsv(readFileSync(join(exportsDir(), finished.fileName), 'utf8'));
    expect(rows.map((r) => Number(r[header.indexOf('exception_id')])).sort((a, b) => a - b)).toEqual(items.map((i) => i.id).sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r[header.indexOf('assignee')]))).toEqual(new Set(['Ana Ruiz']));
  });

  it('refuses an exception export with a filter the queue does not know, and writes nothing', async () => {
    const before = readdirSync(exportsDir()).length;
    const refused = await core.dispatchUntrusted('exports.start', { what: { kind: 'exceptions', filter: { reason: ['abducted_by_aliens'] } }, format: 'csv' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(readdirSync(exportsDir())).toHaveLength(before);
  });

  it('reports progress with a total, then finishes, when started through dispatch', async () => {
    seen.length = 0;
    const started = await core.dispatch('exports.start', { what: { kind: 'shipments' }, format: 'csv' });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId, fileName } = started.value;
    const finished = await finishedEvent(jobId);
    expect(finished).toEqual({ jobId, fileName, outcome: 'done', rows: 12_016, message: null });
    const progress = seen.filter((e) => e.name === 'exports.progressed').map((e) => e.payload as EventMap['exports.progressed']);
    expect(progress[0]).toEqual({ jobId, rows: 0, totalRows: 12_016 });
    expect(progress.map((p) => p.rows)).toEqual([0, 5000, 10_000, 12_016]);
    expect(existsSync(join(exportsDir(), fileName))).toBe(true);
  });

  it('stops a cancelled export and leaves no file behind', async () => {
    const started = await core.dispatch('exports.start', { what: { kind: 'shipments' }, format: 'xlsx' });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId, fileName } = started.value;
    const done = finishedEvent(jobId);
    expect(await core.dispatch('exports.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await done).toMatchObject({ outcome: 'cancelled' });
    expect(readdirSync(exportsDir()).filter((f) => f.startsWith(fileName))).toEqual([]);
    expect(await core.dispatch('exports.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('exports each report as a table', async () => {
    const subjects: ExportSubject[] = [
      { kind: 'carrierPerformance', args: { from: '2026-11-02', to: '2026-11-08', groupBy: ['carrier'], filter: {}, withCharts: false } },
      { kind: 'weeklyCarriers', args: { week: '2026-W45', filter: {} } },
      { kind: 'dailyHealth', args: { date: '2026-11-20', utcOffsetMinutes: 0 } },
    ];
    for (const subject of subjects) {
      const result = await core.services.reports.exports.runToEnd(subject, 'csv');
      expect(result.outcome).toBe('done');
      expect(result.rows).toBeGreaterThan(2);
    }
  });

  it('writes reports for people: headers in words with units, rates as percentages, widths, a total row, daily health as a table', async () => {
    const performance: ExportSubject = {
      kind: 'carrierPerformance',
      args: { from: '2026-11-02', to: '2026-11-08', groupBy: ['carrier'], filter: {}, withCharts: false },
    };
    const xlsx = await core.services.reports.exports.runToEnd(performance, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(exportsDir(), xlsx.fileName));
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['Carrier', 'Shipped', 'On time (%)', 'Transit time (h), median', 'Transit (business days), mean']));
    expect(headers.join('|')).not.toMatch(/_|\(business days\) \(business days\)/);
    const onTime = headers.indexOf('On time (%)') + 1;
    const upsRow = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === 'UPS');
    const upsOnTime = upsRow?.getCell(onTime);
    expect(upsOnTime?.value).toEqual(expect.any(Number));
    expect(upsOnTime?.value).toBeLessThanOrEqual(1);
    expect(upsOnTime?.numFmt).toBe('0.0%');
    expect(sheet.getColumn(onTime).width).toBeGreaterThanOrEqual(12);
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('All');

    const csv = await core.services.reports.exports.runToEnd(performance, 'csv');
    const [header, ...lines] = parseCsv(readFileSync(join(exportsDir(), csv.fileName), 'utf8').replace(/^\ufeff/, ''));
    const upsLine = lines.find((l) => l[0] === 'UPS');
    expect(Number(upsLine?.[header.indexOf('On time (%)')])).toBe(Math.round(Number(upsOnTime?.value) * 1000) / 10);

    const health = await core.services.reports.exports.runToEnd({ kind: 'dailyHealth', args: { date: '2026-11-20', utcOffsetMinutes: 0 } }, 'csv');
    const rows = parseCsv(readFileSync(join(exportsDir(), health.fileName), 'utf8').replace(/^\ufeff/, ''));
    expect(rows[0].slice(0, 3)).toEqual(['Carrier', 'Late (shipments)', 'Stalled (shipments)']);
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['UPS', 'All carriers', 'Exception reason', 'All reasons']));
  });
});

describe('download route in browser mode', () => {
  let host: WebHost;
  beforeAll(async () => {
    const staticDir = join(core.dir, 'static');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    writeFileSync(join(core.dir, 'secret.csv'), 'not an export');
    host = await startWebHost({ core, staticDir, exportsDir: exportsDir(), token: 'test-token' });
  });
  afterAll(() => host.close());

  it('serves a finished export as an attachment to a caller with the token', async () => {
    const result = await core.services.reports.exports.runToEnd(
      { kind: 'carrierPerformance', args: { from: '2026-11-02', to: '2026-11-08', groupBy: ['carrier'], filter: {}, withCharts: false } },
      'csv',
    );
    const response = await fetch(`${host.url}/api/exports/${result.fileName}?token=test-token`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${result.fileName}"`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toContain('Carrier,Shipped');
  });

  it('refuses a caller without the token', async () => {
    const name = readdirSync(exportsDir())[0];
    expect((await fetch(`${host.url}/api/exports/${name}`)).status).toBe(401);
    expect((await fetch(`${host.url}/api/exports/${name}?token=wrong`)).status).toBe(401);
  });

  it.each(['..%2Fsecret.csv', '%2E%2E%2Fsecret.csv', '..%5Csecret.csv', 'waybill.db', 'missing.csv', '%E0%A4%A'])('serves nothing for %s', async (name) => {
    const response = await fetch(`${host.url}/api/exports/${name}?token=test-token`);
    expect([400, 404]).toContain(response.status);
  });
});
