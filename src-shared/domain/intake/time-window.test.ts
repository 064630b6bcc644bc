import { describe, expect, it } from 'vitest';
import { timeWindowProblem, type TimeKind } from './time-window';

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('item 9: one time window for every importer and carrier mapper', () => {
  const cases: Array<[TimeKind, string, boolean]> = [
    ['event', '2026-11-20T11:00:00.000Z', true],
    ['event', '2000-01-01T00:00:00.000Z', true],
    ['event', '1999-12-31T23:59:59.000Z', false],
    ['event', '0000-01-01T00:00:00.000Z', false],
    ['event', '9999-12-31T00:00:00.000Z', false],
    ['event', '2027-11-20T12:00:00.000Z', true],
    ['event', '2027-11-22T12:00:00.000Z', false],
    ['event', '2026-11-20', true],
    ['event', '1970-01-01', false],
    ['event', 'not a time', false],
    ['expected', '2030-06-01', true],
    ['expected', '2031-11-22', true],
    ['expected', '2032-01-01', false],
    ['expected', '1999-12-31', false],
    ['expected', '9999-12-31', false],
  ];
  it.each(cases)('%s %s inside: %s', (kind, value, inside) => {
    const problem = timeWindowProblem(kind, value, NOW);
    expect(problem === null).toBe(inside);
    if (!inside) expect(problem).toMatch(/is outside 2000-01-01 … \d{4}-\d{2}-\d{2}/);
  });

  it('names the window it applied', () => {
    expect(timeWindowProblem('event', '9999-12-31T00:00:00.000Z', NOW)).toBe(
      '9999-12-31T00:00:00.000Z is outside 2000-01-01 … 2027-11-21 (a year from today at most)',
    );
  });
});
