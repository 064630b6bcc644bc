import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Cell } from './cell';
import type { RowWriter } from './row-writer';

const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. Text starting with = + - @
 * (or a tab or carriage return) gets a leading apostrophe so a spreadsheet shows it instead of running it as
 * a formula (CSV injection); numbers are written as numbers and never altered.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // One test for the common case: most text needs neither quoting nor defusing.
  if (!NEEDS_CARE.test(value)) return value;
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += i === 0 ? csvField(cells[i]) : `,${csvField(cells[i])}`;
  return `${line}\r\n`;
}

/** Streams rows to a file; rows are buffered and handed to the stream a slice at a time, honouring backpressure. */
export function csvFileWriter(path: string, columns: readonly string[], options: { bom?: boolean } = {}): RowWriter {
  const stream = createWriteStream(path);
  let failure: Error | null = null;
  stream.on('error', (error) => (failure = error));
  let buffer: string[] = [options.bom ? `\ufeff${csvLine(columns)}` : csvLine(columns)];

  const flush = async () => {
    if (failure) throw failure;
    if (buffer.length === 0) return;
    const text = buffer.join('');
    buffer = [];
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const close = () =>
    new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });

  return {
    write: (row) => void buffer.push(csvLine(row)),
    flush,
    finish: async () => {
      await flush();
      await close();
      if (failure) throw failure;
    },
    abort: async () => {
      buffer = [];
      await close().catch(() => undefined);
    },
  };
}
