import { describe, expect, it } from 'vitest';
import { numberProblem, textProblem, type NumberField, type TextField } from './field-limits';

describe('item 10: numbers are finite and within per-field bounds', () => {
  const cases: Array<[NumberField, number, string | null]> = [
    ['weightOz', 18.5, null],
    ['weightOz', 0, null],
    ['weightOz', 100_000, null],
    ['weightOz', 100_001, 'weight_oz is more than 100,000'],
    ['weightOz', Infinity, 'weight_oz is not a finite number'],
    ['weightOz', Number.NaN, 'weight_oz is not a finite number'],
    ['weightOz', -1, 'weight_oz is negative'],
    ['orderValue', 129.9, null],
    ['orderValue', 1e23, 'order_value is more than 10,000,000'],
    ['orderValue', Number.parseFloat('1e400'), 'order_value is not a finite number'],
  ];
  it.each(cases)('%s %d → %s', (field, value, problem) => {
    expect(numberProblem(field, field === 'weightOz' ? 'weight_oz' : 'order_value', value)).toBe(problem);
  });
});

describe('item 11: text has per-field caps and never a NUL byte', () => {
  const cases: Array<[TextField, string, string | null]> = [
    ['shipToName', 'José Álvarez', null],
    ['shipToName', 'x'.repeat(200), null],
    ['shipToName', 'x'.repeat(201), 'name is longer than 200 characters'],
    ['shipToName', 'x'.repeat(5_000_000), 'name is longer than 200 characters'],
    ['eventCode', 'y'.repeat(2_000_000), 'name is longer than 100 characters'],
    ['description', `${'a'.repeat(900)}\u0000`, 'name contains a NUL byte'],
    ['shipToPostalCode', '\u0000', 'name contains a NUL byte'],
  ];
  it.each(cases)('%s (%#) → %s', (field, value, problem) => {
    expect(textProblem(field, 'name', value)).toBe(problem);
  });
});
