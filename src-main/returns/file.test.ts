import { describe, expect, it } from 'vitest';
import { readReturnRow, readReturnsFile } from './file';

describe('one returns-file row', () => {
  it.each([
    [
      { rmaNumber: ' rma 77 ', trackingNumber: '1z999aa1 0123456784', carrier: 'UPS' },
      { ok: true, value: { rmaNumber: 'RMA77', trackingNumber: '1Z999AA10123456784', carrier: 'ups' } },
    ],
    [
      { rmaNumber: 'R-1', carrier: 'stamps_com' },
      { ok: true, value: { rmaNumber: 'R-1', trackingNumber: null, carrier: 'usps' } },
    ],
    [{ rmaNumber: 'R-1' }, { ok: true, value: { rmaNumber: 'R-1', trackingNumber: null, carrier: null, orderNumber: null } }],
    [{ rmaNumber: '' }, { ok: false, reason: 'missing RMA number' }],
    [{ rmaNumber: 'R 1;DROP' }, { ok: false, reason: 'bad RMA number: "R 1;DROP"' }],
    [
      { rmaNumber: 'R-1', trackingNumber: '12' },
      { ok: false, reason: 'bad return tracking number: "12"' },
    ],
    [
      { rmaNumber: 'R-1', trackingNumber: '1Z999AA10123456784' },
      { ok: false, reason: 'missing carrier for the return tracking number' },
    ],
    [
      { rmaNumber: 'R-1', carrier: 'carrier pigeon' },
      { ok: false, reason: 'unknown carrier "carrier pigeon"' },
    ],
    [
      { rmaNumber: 'R-1', reason: 'x'.repeat(501) },
      { ok: false, reason: 'reason longer than 500 characters' },
    ],
    // item 11: NUL rejects the row, wherever it sits
    [
      { rmaNumber: 'R-1', expectedItems: `${'a'.repeat(4100)}\u0000` },
      { ok: false, reason: 'expected_items contains a NUL byte' },
    ],
  ])('%j', (fields, expected) => expect(readReturnRow(fields)).toMatchObject(expected));
});

describe('a returns file', () => {
  it('reads semicolon files with a BOM, quoted cells and free column order, numbering rows as a spreadsheet does', () => {
    const rows = readReturnsFile('\uFEFFitems;rma_number;order\n"2x Mug; blue";R-1;1001\n\n;;1002\n');
    expect(rows).toEqual([
      {
        rowNumber: 2,
        raw: { items: '2x Mug; blue', rma_number: 'R-1', order: '1001' },
        ok: true,
        value: expect.objectContaining({ rmaNumber: 'R-1', expectedItems: '2x Mug; blue', orderNumber: '1001' }),
      },
      { rowNumber: 4, raw: { items: '', rma_number: '', order: '1002' }, ok: false, reason: 'missing RMA number' },
    ]);
  });

  it('refuses a file that is empty or has no RMA column', () => {
    expect(() => readReturnsFile('')).toThrow('The returns file is empty.');
    expect(() => readReturnsFile('order,tracking\n1,2\n')).toThrow('needs an rma_number column');
  });

  it('item 13: a header-only file says "no data rows"; a 10,010-column header is summed up, not listed', () => {
    expect(() => readReturnsFile('rma_number,order\r\n')).toThrow('Nothing imported: the file has no data rows (only a header).');
    const wide = `${Array.from({ length: 10_010 }, (_, i) => `col${i}`).join(',')}\n1\n`;
    expect(() => readReturnsFile(wide)).toThrow(
      'The returns file needs an rma_number column; its header has "col0", "col1", "col2", "col3", "col4", "col5", "col6", "col7" and 10002 more columns.',
    );
    expect(() => readReturnsFile('rma_number\n\u0000\u0001\u0002PNG\n')).toThrow('this is not a CSV or XLSX file (it contains binary data)');
  });
});
