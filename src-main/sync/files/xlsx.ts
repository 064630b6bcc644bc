import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { CsvRecord } from './csv';
import { BoundedStrings, XLSX_LIMITS, XlsxLimitError, xlsxSizeProblem } from './xlsx-limits';

const pad = (n: number) => String(n).padStart(2, '0');

/** Spreadsheet dates carry no zone: exceljs hands the wall time as a UTC Date, so it is written back without an offset. */
const wallTime = (d: Date): string =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return wallTime(value);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[]; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    return '';
  }
  return String(value);
}

/**
 * The first worksheet, row by row, with exceljs's streaming reader: rows are not kept once read
 * (shared strings are, as the format requires). `bytes` is how much of the file has been read.
 */
export async function* readXlsx(path: string, progress: { bytes: number }): AsyncGenerator<CsvRecord> {
  const tooBig = xlsxSizeProblem(path);
  if (tooBig) throw new XlsxLimitError(tooBig);
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  input.on('data', (chunk) => (progress.bytes += chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  // exceljs fills `sharedStrings` as it unpacks them; a bounded array stops a bomb while it is being read.
  let strings: unknown = undefined;
  Object.defineProperty(reader, 'sharedStrings', {
    get: () => strings,
    set: (value: unknown) => (strings = Array.isArray(value) ? new BoundedStrings() : value),
    configurable: true,
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        // exceljs rows are 1-based: values[0] is always empty.
        if (values.length - 1 > XLSX_LIMITS.cellsPerRow) throw new XlsxLimitError(`row ${row.number} has more than ${XLSX_LIMITS.cellsPerRow} cells`);
        const cells = values.slice(1).map(cellText);
        if (cells.some((c) => c.length > XLSX_LIMITS.cellChars))
          throw new XlsxLimitError(`a cell in row ${row.number} is longer than ${XLSX_LIMITS.cellChars.toLocaleString('en-US')} characters`);
        if (cells.some((c) => c.trim() !== '')) yield { line: row.number, cells };
      }
      break;
    }
  } finally {
    input.destroy();
  }
}
