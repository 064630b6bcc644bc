import { describe, expect, it } from 'vitest';
import type { ReturnState } from './lifecycle';
import { orderKeys, pickMatch, receiveVerdict, scanKey } from './receive';
import type { ScanError } from '../scan';

describe('receiving verdicts', () => {
  const cases: [ReturnState | null, ScanError | null, string][] = [
    ['in_transit', null, 'matched'],
    ['label_issued', 'no_valid_match', 'matched'], // an RMA barcode is not a tracking number, and still matches
    ['arrived', null, 'matched'],
    ['cancelled', null, 'matched'],
    ['received', null, 'duplicate'],
    ['inspected', null, 'duplicate'],
    ['unexpected', null, 'duplicate'],
    [null, null, 'unexpected'], // a valid label nobody announced
    [null, 'no_valid_match', 'unexpected'], // unknown RMA or a label the parser cannot read: still a parcel on the dock
    [null, 'empty', 'invalid'],
    [null, 'keyboard_layout_mismatch', 'invalid'],
    [null, 'routing_code_only', 'invalid'],
  ];
  it.each(cases)('matched %s, parser error %s → %s', (state, error, verdict) => expect(receiveVerdict(state, error)).toBe(verdict));
});

describe('scan keys', () => {
  it.each([
    ['rma-1001\r\n', {}, 'RMA-1001'],
    ['  RMA 1001 ', {}, 'RMA1001'],
    ['#100234', {}, '#100234'],
    ['*RMA-7*', { prefixToStrip: '*', suffixToStrip: '*' }, 'RMA-7'],
    [']C0RMA-7', {}, 'RMA-7'],
  ])('%j reads as %s', (raw, options, key) => expect(scanKey(raw, options)).toBe(key));

  it('tries an order number with and without the leading #', () => {
    expect(orderKeys('#100234')).toEqual(['#100234', '100234']);
    expect(orderKeys('100234')).toEqual(['100234', '#100234']);
  });

  it('prefers a return still expected over one already at the dock, then the oldest', () => {
    expect(
      pickMatch([
        { id: 1, state: 'received' as ReturnState },
        { id: 5, state: 'in_transit' as ReturnState },
      ])?.id,
    ).toBe(5);
    expect(
      pickMatch([
        { id: 9, state: 'arrived' as ReturnState },
        { id: 4, state: 'label_issued' as ReturnState },
      ])?.id,
    ).toBe(4);
    expect(pickMatch([])).toBeNull();
  });
});
