import { rmaLabel } from '../../src-shared/domain/returns/lifecycle';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import { CsvParser, detectDelimiter, normalizeCode, NO_DATA_ROWS, NOT_CSV_OR_XLSX, resolveCarrier } from '../sync';

/** One expected return as a returns file states it, after the rules. */
export interface ReturnInput {
  rmaNumber: string;
  orderNumber: string | null;
  trackingNumber: string | null;
  carrier: Carrier | null;
  reason: string | null;
  expectedItems: string | null;
}

export type FileRow = { rowNumber: number; raw: Record<string, string> } & ({ ok: true; value: ReturnInput } | { ok: false; reason: string });

/** Header spellings per field, compared after normalizeCode (lower case, `_` for spaces); the first listed is canonical. */
const COLUMNS = {
  rmaNumber: ['rma_number', 'rma', 'rma_no', 'rma_id', 'return_authorization'],
  orderNumber: ['order_number', 'order', 'order_no', 'order_id'],
  trackingNumber: ['return_tracking_number', 'tracking_number', 'return_tracking', 'tracking'],
  carrier: ['carrier', 'return_carrier'],
  reason: ['reason', 'return_reason'],
  expectedItems: ['expected_items', 'items', 'expected'],
} as const satisfies Record<keyof ReturnInput, readonly string[]>;
type Field = keyof typeof COLUMNS;

const quote = (s: string) => JSON.stringify(s.slice(0, 60));
const blankToNull = (s: string | undefined): string | null => {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
};

/** The rules for one row, in the order a clerk would fix them; the first problem is the reason given. */
export function readReturnRow(fields: Partial<Record<Field, string>>): { ok: true; value: ReturnInput } | { ok: false; reason: string } {
  const withNul = (Object.keys(fields) as Field[]).find((f) => fields[f]?.includes('\u0000'));
  if (withNul) return { ok: false, reason: `${COLUMNS[withNul][0]} contains a NUL byte` };
  const rmaText = blankToNull(fields.rmaNumber);
  if (!rmaText) return { ok: false, reason: 'missing RMA number' };
  // Stored the way the receiving station reads an RMA barcode: no spaces, upper case.
  const rmaNumber = rmaText.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9#/._-]{0,63}$/.test(rmaNumber)) return { ok: false, reason: `bad RMA number: ${quote(rmaText)}` };
  const trackingText = blankToNull(fields.trackingNumber);
  const trackingNumber = trackingText?.replace(/\s+/g, '').toUpperCase() ?? null;
  if (trackingNumber !== null && !/^[A-Z0-9-]{5,40}$/.test(trackingNumber))
    return { ok: false, reason: `bad return tracking number: ${quote(trackingText ?? '')}` };
  const carrierText = blankToNull(fields.carrier);
  const carrier = carrierText === null ? null : resolveCarrier(carrierText, {});
  if (carrierText !== null && carrier === null) return { ok: false, reason: `unknown carrier ${quote(carrierText)}` };
  if (trackingNumber !== null && carrier === null) return { ok: false, reason: 'missing carrier for the return tracking number' };
  const orderNumber = blankToNull(fields.orderNumber);
  if (orderNumber !== null && orderNumber.length > 64) return { ok: false, reason: 'order number longer than 64 characters' };
  const reason = blankToNull(fields.reason);
  if (reason !== null && reason.length > 500) return { ok: false, reason: 'reason longer than 500 characters' };
  const expectedItems = blankToNull(fields.expectedItems);
  if (expectedItems !== null && expectedItems.length > 2000) return { ok: false, reason: 'expected items longer than 2000 characters' };
  return { ok: true, value: { rmaNumber, orderNumber, trackingNumber, carrier, reason, expectedItems } };
}

export class ReturnsFileError extends Error {}

/** A header named back to the clerk: the first few columns, then how many more, never ten thousand names. */
const HEADER_NAMES_SHOWN = 8;
function headerSummary(cells: readonly string[]): string {
  if (cells.length === 0 || cells.every((c) => c.trim() === '')) return 'nothing';
  const shown = cells
    .slice(0, HEADER_NAMES_SHOWN)
    .map((c) => quote(c))
    .join(', ');
  return cells.length > HEADER_NAMES_SHOWN ? `${shown} and ${cells.length - HEADER_NAMES_SHOWN} more columns` : shown;
}

/**
 * A returns CSV (UTF-8, BOM tolerated, comma/semicolon/tab, header row, column order free, unknown columns
 * ignored) read into rows with their file line numbers. A later row repeating an RMA is rejected: which of
 * the two is right is for a person to say, and a re-import must come out the same.
 */
export function readReturnsFile(content: string): FileRow[] {
  const text = content.replace(/^\uFEFF/, '');
  const parser = new CsvParser(detectDelimiter(text));
  const records = [...parser.push(text), ...parser.finish()];
  const header = records.shift();
  if (!header) throw new ReturnsFileError('The returns file is empty.');
  if (text.slice(0, 4096).includes('\u0000')) throw new ReturnsFileError(`The returns file cannot be read: ${NOT_CSV_OR_XLSX}.`);
  const names = header.cells.map((c) => normalizeCode(c));
  const index = {} as Record<Field, number>;
  for (const field of Object.keys(COLUMNS) as Field[]) index[field] = names.findIndex((n) => (COLUMNS[field] as readonly string[]).includes(n));
  if (index.rmaNumber < 0) {
    throw new ReturnsFileError(`The returns file needs an rma_number column; its header has ${headerSummary(header.cells)}.`);
  }
  if (records.length === 0) throw new ReturnsFileError(`Nothing imported: ${NO_DATA_ROWS}.`);
  const firstRowOfRma = new Map<string, number>();
  return records.map((record): FileRow => {
    const raw = Object.fromEntries(header.cells.map((h, i) => [h, record.cells[i] ?? '']));
    const rowNumber = record.line;
    if (record.unterminated) return { rowNumber, raw, ok: false, reason: 'the file ends inside a quoted field' };
    const fields = Object.fromEntries((Object.keys(COLUMNS) as Field[]).filter((f) => index[f] >= 0).map((f) => [f, record.cells[index[f]] ?? '']));
    const read = readReturnRow(fields);
    if (!read.ok) return { rowNumber, raw, ...read };
    const first = firstRowOfRma.get(read.value.rmaNumber);
    if (first !== undefined) return { rowNumber, raw, ok: false, reason: `${rmaLabel(read.value.rmaNumber)} is already on row ${first}` };
    firstRowOfRma.set(read.value.rmaNumber, rowNumber);
    return { rowNumber, raw, ...read };
  });
}
