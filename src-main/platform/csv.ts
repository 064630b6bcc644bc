import { stringify, type Options } from 'csv-stringify/sync';

/** A table cell as every CSV and spreadsheet writer takes it. */
type CsvCell = string | number | boolean | null;

/**
 * CSV is written with csv-stringify, the field's kept writer: RFC 4180 quoting with CRLF rows. Text starting
 * with = + - @ (a tab, a carriage return, or their full-width forms) gets a leading apostrophe so a
 * spreadsheet shows it instead of running it as a formula (CSV injection); numbers are written as numbers and
 * never altered, booleans as true/false.
 */
const CSV_OPTIONS: Options = {
  record_delimiter: 'windows',
  // With a record delimiter set, csv-stringify would leave a lone \n or \r unquoted and split the row.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: {
    boolean: (value) => (value ? 'true' : 'false'),
    number: (value) => (Number.isFinite(value) ? String(value) : ''),
  },
};

/** Rows as CSV text, each ending with CRLF; `bom` starts it with the byte-order mark Excel needs to read UTF-8. */
export function csvText(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  return stringify(rows as CsvCell[][], options.bom ? { ...CSV_OPTIONS, bom: true } : CSV_OPTIONS);
}

