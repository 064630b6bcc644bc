import { describe, expect, it } from 'vitest';
import { addRange, gapsBetween, type SeqRanges } from './dirty';

describe('the change-log seqs a steady pass reads: what others wrote since the last pass', () => {
  it.each<[string, number, number, SeqRanges, SeqRanges]>([
    ['nothing of its own: the whole span', 10, 50, [], [[10, 50]]],
    [
      'its own first pass in the middle: before and after it',
      10,
      50,
      [[20, 40]],
      [
        [10, 20],
        [40, 50],
      ],
    ],
    ['its own writes cover everything: nothing', 10, 50, [[5, 60]], []],
    [
      'own writes already read or not yet reached are ignored',
      10,
      50,
      [
        [1, 5],
        [30, 35],
        [70, 80],
      ],
      [
        [10, 30],
        [35, 50],
      ],
    ],
    ['an own range straddling the cursor', 10, 50, [[5, 20]], [[20, 50]]],
  ])('%s', (_name, after, to, own, gaps) => {
    expect(gapsBetween(after, to, own)).toEqual(gaps);
  });

  it('slices that follow each other with no other writer between become one range', () => {
    const ranges: SeqRanges = [];
    addRange(ranges, 10, 20);
    addRange(ranges, 20, 30);
    addRange(ranges, 35, 40);
    expect(ranges).toEqual([
      [10, 30],
      [35, 40],
    ]);
  });
});
