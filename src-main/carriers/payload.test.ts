import { describe, expect, it } from 'vitest';
import { at, formatLocation, joinText, list, rec, str } from './payload';

describe('payload readers', () => {
  it('str trims, keeps numbers as text and drops the rest', () => {
    expect([str(' DELIVERED '), str(7777777770), str(''), str(null), str({}), str(Number.NaN)]).toEqual(['DELIVERED', '7777777770', null, null, null, null]);
  });

  it('list wraps a lone object and ignores scalars', () => {
    expect([list([1]), list({ a: 1 }), list('x'), list(undefined)]).toEqual([[1], [{ a: 1 }], [], []]);
  });

  it('rec accepts plain objects only', () => {
    expect([rec({}), rec([]), rec(null), rec('x')]).toEqual([{}, null, null, null]);
  });

  it('at walks keys and indexes and never throws', () => {
    const body = { a: [{ b: 'x' }] };
    expect([at(body, 'a', 0, 'b'), at(body, 'a', 1, 'b'), at(null, 'a'), at(body, 'a', 'b')]).toEqual(['x', undefined, undefined, undefined]);
  });

  it('formatLocation joins the known parts', () => {
    expect(formatLocation({ city: 'HERNANDO', state: 'FL', postalCode: '34442' })).toBe('HERNANDO, FL 34442');
    expect(formatLocation({ city: 'PARAMUS', state: 'NJ', country: 'US' })).toBe('PARAMUS, NJ, US');
    expect(formatLocation({ country: 'US' })).toBe('US');
    expect(formatLocation({ city: null, state: '' })).toBeNull();
  });

  it('joinText drops blanks and repeats', () => {
    expect(joinText('Delay', null, ' Package delayed ', 'Delay')).toBe('Delay — Package delayed');
  });
});
