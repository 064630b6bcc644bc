import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';
import { parseCsv } from './testing-csv';
import { createReportsTestCore, seedDataset, type ReportsTestCore } from '../reports/testing-dataset';

let store: ReportsTestCore;
let db: string;
beforeAll(() => {
  store = createReportsTestCore();
  seedDataset(store);
  db = join(store.dir, 'waybill.db');
});
afterAll(() => store.dispose());

describe('waybill report', () => {
  it('prints carrier performance as the JSON of FORMATS.md', async () => {
    const result = await cli('report', 'carrier-performance', '--db', db, '--from', '2026-11-02', '--to', '2026-11-08', '--format', 'json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(Object.keys(report)).toEqual(['from', 'to', 'groupBy', 'groups']);
    expect(report.groupBy).toEqual(['carrier']);
    const ups = report.groups.find((g: { carrier: string }) => g.carrier === 'ups');
    expect(Object.keys(ups).slice(0, 14)).toEqual([
      'carrier',
      'shipped',
      'delivered',
      'terminal',
      'deliverySuccessRate',
      'firstAttemptSuccessRate',
      'onTimeRate',
      'expectedDateCoverage',
      'avgDeliveryVarianceDays',
      'firstScanLatencyHours',
      'transitHours',
      'exceptionRate',
      'stalledRate',
      'exceptionsByReason',
    ]);
    expect(ups).toMatchObject({ shipped: 9, onTimeRate: 0.75, transitHours: { median: 65.25 } });
    expect(report.groups.find((g: { carrier: string }) => g.carrier === 'dhl').onTimeRate).toBeNull();
  });

  it('writes one CSV row per group with flattened names, and null as an empty cell', async () => {
    const result = await cli(
      'report',
      'carrier-performance',
      '--db',
      db,
      '--from',
      '2026-11-02',
      '--to',
      '2026-11-08',
      '--group-by',
      'carrier,service',
      '--format',
      'csv',
    );
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(result.out);
    expect(header.slice(0, 3)).toEqual(['carrier', 'service', 'shipped']);
    expect(header).toContain('firstScanLatencyHours.median');
    expect(header).toContain('exceptionsByReason.attempt_failed');
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['dhl', 'express_worldwide'],
      ['fedex', '2day'],
      ['ups', 'ground'],
      ['ups', ''],
    ]);
    expect(at(rows[2], 'transitHours.p90')).toBe('122.4');
    expect(at(rows[0], 'onTimeRate')).toBe('');
    expect(at(rows[2], 'exceptionsByReason.lost')).toBe('1');
    expect(at(rows[1], 'exceptionsByReason.lost')).toBe('0');
  });

  it('writes a workbook that reads back with the same figures', async () => {
    const out = join(store.dir, 'performance.xlsx');
    const result = await cli('report', 'carrier-performance', '--db', db, '--from', '2026-11-02', '--to', '2026-11-08', '--format', 'xlsx', '--out', out);
    expect(result.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const ups = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(ups[0]).toBe('ups');
    expect(ups[header.indexOf('onTimeRate')]).toBe(0.75);
    expect(ups[header.indexOf('transitHours.median')]).toBe(65.25);
    expect(sheet.getRow(2).getCell(header.indexOf('onTimeRate') + 1).value).toBeNull();
  });

  it('prints daily health and the weekly summary', async () => {
    const daily = await cli('report', 'daily-health', '--db', db, '--date', '2026-11-20', '--utc-offset', '0');
    expect(daily.code).toBe(0);
    expect(JSON.parse(daily.out)).toMatchObject({ date: '2026-11-20', from: '2026-11-20T00:00:00.000Z' });
    const weekly = await cli('report', 'weekly-carriers', '--db', db, '--week', '2026-W45', '--format', 'csv');
    expect(weekly.code).toBe(0);
    const [header, ...rows] = parseCsv(weekly.out);
    expect(header.slice(0, 3)).toEqual(['carrier', 'period', 'shipped']);
    expect(rows.filter((r) => r[0] === 'ups').map((r) => [r[1], r[2]])).toEqual([
      ['2026-W45', '9'],
      ['2026-W44', '1'],
      ['change', '8'],
    ]);
  });

  it('writes to --out and explains bad options', async () => {
    const out = join(store.dir, 'report.json');
    expect((await cli('report', 'carrier-performance', '--db', db, '--from', '2026-11-02', '--to', '2026-11-08', '--out', out)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).from).toBe('2026-11-02');
    const reversed = await cli('report', 'carrier-performance', '--db', db, '--from', '2026-11-08', '--to', '2026-11-02');
    expect(reversed.code).toBe(2);
    expect(reversed.err).toContain('from must be on or before to');
    const missing = await cli('report', 'carrier-performance', '--db', db);
    expect(missing.err).toContain('--from YYYY-MM-DD');
    expect((await cli('report', 'weekly-carriers', '--db', db, '--format', 'xlsx')).err).toContain('--out');
    expect((await cli('report', 'carrier-performance', '--db', db, '--from', '2026-11-02', '--to', '2026-11-08', '--group-by', 'colour')).code).toBe(2);
  });
});
