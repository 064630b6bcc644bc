import { createWriteStream, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { exampleTrackingNumber } from '../../demo/tracking-numbers';
import type { Carrier } from '../../../src-shared/domain/tracking/status';

export const GENERIC_HEADER = [
  'external_id',
  'tracking_number',
  'carrier',
  'service',
  'warehouse',
  'order_number',
  'order_value',
  'currency',
  'label_created_at',
  'ship_date',
  'expected_delivery',
  'is_return',
  'voided',
  'ship_to_name',
  'ship_to_city',
  'ship_to_region',
  'ship_to_postal_code',
  'ship_to_country',
  'weight_oz',
];

const CARRIERS: readonly Carrier[] = ['ups', 'fedex', 'usps', 'dhl'];

/** Row `i` of a generic-layout file: deterministic, valid, a label a minute from 2026-11-01 (wrapping). */
export function genericRow(i: number): string[] {
  const carrier = CARRIERS[i % CARRIERS.length];
  // Labels a minute apart, wrapping after ~139 days so big benchmark files stay inside the import time window.
  const created = new Date(Date.parse('2026-11-01T08:00:00Z') + (i % 200_000) * 60_000).toISOString().replace('.000Z', 'Z');
  return [
    `GEN-${i}`,
    exampleTrackingNumber(carrier, 300_000 + i),
    carrier,
    'ground',
    i % 2 ? 'east' : 'west',
    String(800_000 + i),
    (10 + (i % 90) + 0.5).toFixed(2),
    'USD',
    created,
    created.slice(0, 10),
    '2026-11-24',
    i % 50 === 0 ? 'true' : 'false',
    'false',
    `Customer ${i}`,
    'Chicago',
    'IL',
    '60601',
    'US',
    String(8 + (i % 40)),
  ];
}

export const csvLine = (cells: readonly string[], delimiter = ',') => stringify([cells as string[]], { delimiter, eof: false });

export function writeCsv(path: string, rows: readonly (readonly string[])[], options: { delimiter?: string; bom?: boolean; eol?: string } = {}): void {
  const eol = options.eol ?? '\r\n';
  const text = rows.map((r) => csvLine(r, options.delimiter)).join(eol) + eol;
  writeFileSync(path, (options.bom ? '\uFEFF' : '') + text);
}

/** A big generic file written as a stream, so the test itself never holds it whole either. */
export async function writeLargeGenericCsv(path: string, rows: number, from = 0): Promise<void> {
  const out = createWriteStream(path);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${GENERIC_HEADER.join(',')}\n`);
  for (let i = from; i < from + rows; i++) await write(`${genericRow(i).join(',')}\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export async function writeXlsx(path: string, rows: readonly (readonly unknown[])[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Shipments');
  for (const row of rows) sheet.addRow([...row]);
  await workbook.xlsx.writeFile(path);
}
