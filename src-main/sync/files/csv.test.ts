import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_SEED } from '../../testing/fuzz-seed';
import { CsvParser, DELIMITERS } from './csv';

/** Records of `text` fed to the hand-written parser in the given chunks. */
function readInChunks(text: string, cuts: number[], delimiter: (typeof DELIMITERS)[number]): string[][] {
  const parser = new CsvParser(delimiter);
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const records = [];
  let from = 0;
  for (const to of [...points, text.length]) {
    records.push(...parser.push(text.slice(from, to)));
    from = to;
  }
  records.push(...parser.finish());
  return records.map((r) => r.cells);
}

describe('the import reader agrees with csv-parse', () => {
  it('on any well-formed file, in any delimiter and line ending, split into chunks anywhere', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', ';', '\t', '"', '\n', '\r', 'é', '😀') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, delimiter, eol, cuts) => {
          const text = stringify(rows, { delimiter, record_delimiter: eol, quote_record_delimiter: true });
          const expected = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true });
          expect(readInChunks(text, cuts, delimiter)).toEqual(expected);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 500 },
    );
  });
});
