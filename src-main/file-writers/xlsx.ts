import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import type { Cell } from './cell';
import type { ColumnFormat, RowWriter, SheetColumn } from './row-writer';

const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = { text: undefined, count: '#,##0', percent: '0.0%', decimal: '#,##0.00' };

/** The parts of exceljs's streaming sheet the writer looks at to apply backpressure. */
interface SheetInternals {
  stream: { pipes?: (EventEmitter & { _writableState?: { needDrain?: boolean } })[] };
}

/** Excel refuses sheet names over 31 characters or with any of \ / ? * [ ] : */
const sheetTitle = (name: string): string => name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';

/**
 * exceljs's streaming WorkbookWriter: each committed row goes to the zip stream, so memory stays flat however
 * many rows there are. Shared strings are off for the same reason (they would keep every distinct text).
 */
export function xlsxFileWriter(path: string, sheetName: string, columns: readonly string[], specs: readonly (SheetColumn | undefined)[] = []): RowWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetTitle(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  // Widths and number formats per column, for sheets written for people; data exports leave them to Excel.
  if (specs.some(Boolean))
    sheet.columns = columns.map((_, i) => {
      const numFmt = specs[i] && NUMBER_FORMATS[specs[i].format];
      return { width: specs[i]?.width ?? 14, ...(numFmt && { style: { numFmt } }) };
    });
  const header = sheet.addRow([...columns]);
  header.font = { bold: true };
  header.commit();
  return {
    write: (row: readonly Cell[]) => sheet.addRow([...row]).commit(),
    flush: async () => {
      // exceljs hands rows to the zip without honouring backpressure, so a fast writer would buffer the whole
      // sheet in memory; wait for the zip's input (a readable-stream PassThrough, exceljs 4.4) to drain.
      for (const input of (sheet as unknown as SheetInternals).stream.pipes ?? []) {
        if (input._writableState?.needDrain) await once(input, 'drain');
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    finish: async () => {
      sheet.commit();
      await workbook.commit();
    },
    abort: async () => {
      sheet.commit();
      await workbook.commit().catch(() => undefined);
    },
  };
}
