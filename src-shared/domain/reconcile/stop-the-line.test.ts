import { describe, expect, it } from 'vitest';
import { SCAN_VERDICTS, type ScanVerdict } from '../../api/reconcile';
import { isSameParcel, stopsTheLine } from './stop-the-line';

describe('which verdicts stop the line', () => {
  const table: [ScanVerdict, boolean][] = [
    ['matched', false],
    ['unknown_label', true],
    ['invalid', true],
    ['duplicate', true],
    ['voided_label', true],
    ['wrong_carrier', true],
    ['already_handed_over', true],
  ];
  it.each(table)('%s stops the line: %s', (verdict, stops) => expect(stopsTheLine(verdict)).toBe(stops));
  it('covers every verdict', () => expect(table.map(([v]) => v).sort()).toEqual([...SCAN_VERDICTS].sort()));
});

describe('scanning the same parcel again acknowledges', () => {
  const voided = { raw: ']C01Z999AA10123456784', trackingNumber: '1Z999AA10123456784' };
  const invalid = { raw: 'NOT-A-LABEL', trackingNumber: null };
  const table: [string, { raw: string; trackingNumber: string | null }, string, boolean][] = [
    ['the same raw text', voided, ']C01Z999AA10123456784', true],
    ['the number read from it', voided, '1Z999AA10123456784', true],
    ['the number in lower case with spaces', voided, '1z999aa1 0123 4567 84', true],
    ['another parcel', voided, '1Z999AA10123456791', false],
    ['an invalid scan again', invalid, 'not-a-label', true],
    ['anything else after an invalid scan', invalid, 'NOT-A-LABEL-2', false],
    ['an empty scan', invalid, '  ', false],
  ];
  it.each(table)('%s', (_, stopped, raw, same) => expect(isSameParcel(stopped, raw)).toBe(same));
});
