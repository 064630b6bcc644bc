import { parse } from 'csv-parse/sync';

/** Reads back what the writer wrote, BOM and all, with the same library the imports use. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true });
}
