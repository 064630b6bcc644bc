import { describe, expect, it } from 'vitest';
import { csvText } from './csv';

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
    expect(csvText([['a', 1], [null, false]], { bom: true })).toBe('\uFEFFa,1\r\n,false\r\n');
  });
});
