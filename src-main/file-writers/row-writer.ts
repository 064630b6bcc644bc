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

export function openRowWriter(format: TableFormat, path: string, sheetName: string, columns: readonly string[], options: { bom?: boolean } = {}): RowWriter {
  return format === 'csv' ? csvFileWriter(path, columns, options) : xlsxFileWriter(path, sheetName, columns);
}
