import type { Cell } from './cell';
import { csvFileWriter } from './csv';
import { xlsxFileWriter } from './xlsx';

/** A file being written row by row: `write` buffers, `flush` hands the buffer to the disk and waits if it is behind. */
export interface RowWriter {
  write(row: readonly Cell[]): void;
  flush(): Promise<void>;
  /** Flushes and closes; the file is complete when this resolves. */
  finish(): Promise<void>;
  /** Closes without completing; the caller deletes the partial file. */
  abort(): Promise<void>;
}

export type TableFormat = 'csv' | 'xlsx';

/** How a column's numbers read: a rate is a fraction in the data, a percentage on the page. */
export type ColumnFormat = 'text' | 'count' | 'percent' | 'decimal';

/** A column written for people: its header in words, how its numbers read, and (in XLSX) its width in characters. */
export interface SheetColumn {
  header: string;
  format: ColumnFormat;
  width: number;
}

/** CSV has no number formats: a rate is written as its percentage (0.934 → 93.4, under a "(%)" header). */
export const csvCell = (value: Cell, format: ColumnFormat | undefined): Cell =>
  format === 'percent' && typeof value === 'number' ? Math.round(value * 1000) / 10 : value;

export function openRowWriter(
  format: TableFormat,
  path: string,
  sheetName: string,
  columns: readonly (string | SheetColumn)[],
  options: { bom?: boolean } = {},
): RowWriter {
  const headers = columns.map((c) => (typeof c === 'string' ? c : c.header));
  const specs = columns.map((c) => (typeof c === 'string' ? undefined : c));
  if (format === 'xlsx') return xlsxFileWriter(path, sheetName, headers, specs);
  const csv = csvFileWriter(path, headers, options);
  if (!specs.some((s) => s?.format === 'percent')) return csv;
  return { ...csv, write: (row) => csv.write(row.map((value, i) => csvCell(value, specs[i]?.format))) };
}
