import { describe, expect, it } from 'vitest';
import { eachCode, lookup, mapWith, when, whenText, type StatusRow } from './table';
import { mappingProblems, rowExample, tableCases } from './table-cases';

type Field = 'code' | 'text';
const TABLE: readonly StatusRow<Field>[] = [
  when({ code: 'AO' }, null),
  whenText({ code: 'DE' }, { text: 'redirected' }, 'in_transit', 'forwarded'),
  when({ code: 'DE' }, 'exception', 'attempt_failed'),
  ...eachCode('code', ['DL', 'DLV'], 'delivered'),
  whenText({}, { text: 'out for delivery' }, 'out_for_delivery'),
  when({}, 'unknown'),
];

describe('lookup', () => {
  it.each([
    [{ code: 'AO' }, 0],
    [{ code: ' de ', text: 'FedEx REDIRECTED your package' }, 1],
    [{ code: 'DE', text: 'Customer not available' }, 2],
    [{ code: 'dlv' }, 4],
    [{ code: 'XX', text: 'Item out for delivery' }, 5],
    [{ code: 'XX' }, 6],
    [{}, 6],
  ])('%j → row %i', (input, index) => {
    expect(lookup(TABLE, input)).toBe(TABLE[index]);
  });

  it('returns null when nothing matches and there is no catch-all', () => {
    expect(lookup(TABLE.slice(0, 3), { code: 'XX' })).toBeNull();
  });
});

describe('mapWith', () => {
  it('gives the mapping of the first matching row', () => {
    expect(mapWith(TABLE, { code: 'DE' })).toEqual({ status: 'exception', substatus: 'attempt_failed' });
    expect(mapWith(TABLE, { code: 'AO' })).toEqual({ status: null, substatus: null });
  });

  it('is unknown when no row matches', () => {
    expect(mapWith([], { code: 'DE' })).toEqual({ status: 'unknown', substatus: null });
  });
});

describe('table-cases helpers', () => {
  it('every row of the sample table is reachable by its own example', () => {
    for (const [, row] of tableCases(TABLE)) expect(lookup(TABLE, rowExample(row))).toBe(row);
  });

  it('detects a shadowed row', () => {
    const shadowed = [when<Field>({ code: 'DE' }, 'exception'), whenText<Field>({ code: 'DE' }, { text: 'redirected' }, 'in_transit')];
    expect(lookup(shadowed, rowExample(shadowed[1]))).not.toBe(shadowed[1]);
  });

  it.each([
    [when<Field>({ code: 'X' }, 'exception', 'weather'), ['substatus weather is not a exception substatus']],
    [when<Field>({ code: 'X' }, null, 'signed'), ['informational rows carry no substatus']],
    [when<Field>({ code: 'X' }, 'delivered', 'locker'), []],
  ])('vocabulary check %#', (row, problems) => {
    expect(mappingProblems(row)).toEqual(problems);
  });

  it('labels rows readably', () => {
    expect(tableCases(TABLE).map(([label]) => label)).toContain('code=DE text=*redirected* → in_transit/forwarded');
  });
});
