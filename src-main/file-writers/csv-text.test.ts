import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_SEED } from '../testing/fuzz-seed';
import { csvText } from './csv-text';

describe('csvText', () => {
  it.each([
    [null, ''],
    [0, '0'],
    [-0.5, '-0.5'],
    [Number.NaN, ''],
    [true, 'true'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['+1, two', '"\'+1, two"'],
    ['1Z999AA10123456784', '1Z999AA10123456784'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1-555', "'+1-555"],
    ['\tcmd', "'\tcmd"],
    ['\uFF1DSUM(A1)', "'\uFF1DSUM(A1)"],
  ])('%j → %s', (value, expected) => expect(csvText([[value]])).toBe(`${expected}\r\n`));

  it('writes rows with CRLF and the byte-order mark only when asked', () => {
    expect(
      csvText(
        [
          ['a', 1],
          [null, false],
        ],
        { bom: true },
      ),
    ).toBe('\uFEFFa,1\r\n,false\r\n');
  });
});

describe('csvText agrees with csv-stringify', () => {
  const oracle = (rows: (string | number | boolean | null)[][]) =>
    stringify(rows, {
      record_delimiter: 'windows',
      quote_record_delimiter: true,
      escape_formulas: true,
      cast: { boolean: (v) => (v ? 'true' : 'false'), number: (v) => (Number.isFinite(v) ? String(v) : '') },
    });

  it('byte for byte, on any rows of text, numbers, booleans and nulls', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', '1', ' ', ',', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'", 'é', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'),
    });
    const value = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (rows) => {
        expect(csvText(rows)).toBe(oracle(rows));
      }),
      { seed: FUZZ_SEED, numRuns: 1000 },
    );
  });
});
