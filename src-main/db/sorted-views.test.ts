import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { between, bitsOf, blockOf, countBits, createSortedViews, firstMembers, keepMembers, memberBits, normalizeSort, type SortedViews } from './sorted-views';
import { eachOnce } from './view-builder';

describe('one snapshot serves both directions', () => {
  it.each([
    ['ascending stays', [{ column: 'a', direction: 'asc' as const }], [{ column: 'a', direction: 'asc' }], false],
    ['descending flips, read from the end', [{ column: 'a', direction: 'desc' as const }], [{ column: 'a', direction: 'asc' }], true],
    [
      'every term flips with the first',
      [
        { column: 'a', direction: 'desc' as const },
        { column: 'b', direction: 'asc' as const },
      ],
      [
        { column: 'a', direction: 'asc' },
        { column: 'b', direction: 'desc' },
      ],
      true,
    ],
    ['no sort: the default', [], [{ column: 'z', direction: 'asc' }], true],
  ])('%s', (_name, sort, kept, reversed) => {
    expect(normalizeSort(sort, [{ column: 'z', direction: 'desc' }])).toEqual({ sort: kept, reversed });
  });

  it('blocks from the end are the reverse order, the last one short', () => {
    const ids = Int32Array.from([1, 2, 3, 4, 5]);
    expect(Array.from(blockOf(ids, 0, 2, true))).toEqual([5, 4]);
    expect(Array.from(blockOf(ids, 4, 6, true))).toEqual([1]);
    expect(Array.from(blockOf(ids, 6, 8, true))).toEqual([]);
    expect(Array.from(blockOf(ids, 1, 3, false))).toEqual([2, 3]);
  });
});

const ints = (ids: number[]) => Int32Array.from(ids);
describe('a filter is composed from held lists', () => {
  const everyId = ints(Array.from({ length: 100 }, (_, i) => i));
  it.each([
    ['one list', [[[3, 1, 2]]], [1, 2, 3]],
    [
      'values of one field are a union, each id once',
      [
        [
          [1, 2],
          [2, 5],
        ],
      ],
      [1, 2, 5],
    ],
    ['fields are an intersection', [[[1, 2, 3, 4]], [[2, 4, 6]]], [2, 4]],
    [
      'a union within an intersection',
      [
        [
          [1, 2],
          [3, 4],
        ],
        [[4, 1, 9]],
        [[1, 4, 8]],
      ],
      [1, 4],
    ],
    ['an id missing from one field is out', [[[1, 2]], [[3]]], []],
    ['a field with no values keeps nothing', [[[1, 2]], []], []],
    ['ids across several words of the bitset', [[[0, 31, 32, 63, 64]], [[31, 32, 64, 65]]], [31, 32, 64]],
  ])('%s', (_name, terms, members) => {
    const bits = memberBits(terms.map((term) => term.map((ids) => bitsOf(ints(ids)))));
    expect(Array.from(keepMembers(everyId, bits))).toEqual(members);
    expect(countBits(bits)).toBe(members.length);
  });

  it.each([
    ['in the view order', [5, 3, 9, 1], [1, 9], [9, 1]],
    ['an id listed twice in the view is kept twice', [4, 2, 4, 7], [4], [4, 4]],
    ['a member the view has not read yet waits for its re-read', [1, 2], [2, 3], [2]],
    ['a view id past every member', [40, 2], [2], [2]],
  ])('keeping members: %s', (_name, sorted, members, kept) => {
    expect(Array.from(keepMembers(ints(sorted), bitsOf(ints(members))))).toEqual(kept);
  });
});

describe("a filtered view's first block, before its whole list is kept", () => {
  const view = ints([8, 3, 5, 1, 9, 2, 7]);
  const members = bitsOf(ints([3, 1, 2, 7]));
  it.each([
    ['the first members from the start', 2, false, [3, 1]],
    ['from the end, in the order read', 3, true, [7, 2, 1]],
    ['every member when the block is longer', 10, false, [3, 1, 2, 7]],
  ])('%s', (_name, count, fromEnd, block) => {
    expect(Array.from(firstMembers(view, members, count, fromEnd))).toEqual(block);
  });

  it('is the whole list cut to the block, both ways', () => {
    const kept = keepMembers(view, members);
    expect(Array.from(firstMembers(view, members, 3, false))).toEqual(Array.from(blockOf(kept, 0, 3, false)));
    expect(Array.from(firstMembers(view, members, 3, true))).toEqual(Array.from(blockOf(kept, 0, 3, true)));
  });
});

describe('a range is a run of the view sorted by its value', () => {
  // ids 1..7 sorted by value, NULLs first as SQLite sorts them ascending.
  const values: Record<number, string | null> = {
    1: null,
    2: '2026-11-01',
    3: '2026-11-02',
    4: '2026-11-02',
    5: '2026-11-05',
    6: '2026-11-07',
    7: '2026-11-09',
  };
  const sorted = ints([1, 2, 3, 4, 5, 6, 7]);
  it.each([
    ['both ends inclusive', '2026-11-02', '2026-11-07', [3, 4, 5, 6]],
    ['open at the start leaves out no value', undefined, '2026-11-02', [2, 3, 4]],
    ['open at the end', '2026-11-06', undefined, [6, 7]],
    ['bounds between values', '2026-11-03', '2026-11-08', [5, 6]],
    ['nothing in range', '2026-11-10', '2026-11-12', []],
    ['from after to', '2026-11-09', '2026-11-01', []],
  ])('%s', (_name, from, to, run) => {
    expect(Array.from(between(sorted, (id) => values[id], from, to))).toEqual(run);
  });

  it('numbers too, NULL below every bound', () => {
    const cents: Record<number, number | null> = { 1: null, 2: 0, 3: 1500, 4: 1500, 5: 99900 };
    expect(Array.from(between(ints([1, 2, 3, 4, 5]), (id) => cents[id], 0, 1500))).toEqual([2, 3, 4]);
    expect(Array.from(between(ints([1, 2, 3, 4, 5]), (id) => cents[id], undefined, 0))).toEqual([2]);
  });
});

describe('a queue view lists a parcel once per item; each direction keeps it once', () => {
  it.each([
    ['read from the start, at its first item', 'first' as const, [7, 3, 7, 5, 3], [7, 3, 5]],
    ['read from the end, at its last item', 'last' as const, [7, 3, 7, 5, 3], [7, 5, 3]],
    ['nothing repeated is unchanged', 'last' as const, [4, 1, 2], [4, 1, 2]],
    ['empty', 'first' as const, [], []],
  ])('%s', (_name, keep, ids, kept) => {
    expect(Array.from(eachOnce(ints(ids), keep))).toEqual(kept);
  });
});

describe('a big view the store changed under', () => {
  let dir: string;
  let raw: Database.Database;
  let views: SortedViews;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'waybill-views-'));
    raw = new Database(join(dir, 'store.db'));
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    raw.prepare('INSERT INTO t (v) SELECT value FROM json_each(?)').run(JSON.stringify(Array.from({ length: 50 }, (_, i) => `v${i}`)));
    views = createSortedViews(raw, { bigView: 20 });
  });
  afterEach(() => {
    views.close();
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const query = { sql: 'SELECT id FROM t ORDER BY v, id', parameters: [] };

  it('is served as it was while the worker reads it again, then the new one is served', async () => {
    views.prefetch('t', query);
    await views.settled();
    expect(views.ids('t', 0, query)).toHaveLength(50);
    raw.prepare("INSERT INTO t (v) VALUES ('a first')").run();
    // No wait for a re-read in the request: the old snapshot, and the worker at work.
    expect(views.ids('t', 0, query)).toHaveLength(50);
    await views.settled();
    const fresh = views.ids('t', 0, query);
    expect(fresh).toHaveLength(51);
    expect(fresh[0]).toBe(51);
  });

  it('a view read ahead is held however many other views are opened after it', async () => {
    views.prefetch('t', query);
    await views.settled();
    for (let i = 0; i < 40; i++) views.ids(`other ${i}`, 0, () => Int32Array.from([i]));
    expect(views.ids('t', 0, () => Int32Array.from([]))).toHaveLength(50);
  });

  it('a view read ahead is re-read in the worker however small, and never served before it was read', async () => {
    const ahead = createSortedViews(raw);
    try {
      ahead.prefetch('t', query);
      // Asked before the worker answered: read here, not the empty placeholder.
      expect(ahead.ids('t', 0, query)).toHaveLength(50);
      await ahead.settled();
      expect(ahead.isHeld('t')).toBe(true);
      raw.prepare("INSERT INTO t (v) VALUES ('a first')").run();
      expect(ahead.ids('t', 0, query)).toHaveLength(50);
      await ahead.settled();
      expect(ahead.ids('t', 0, query)).toHaveLength(51);
    } finally {
      ahead.close();
    }
  });

  it('a small view is re-read in the request, so it is never stale', () => {
    const small = { sql: 'SELECT id FROM t WHERE id <= 10 ORDER BY v, id', parameters: [] };
    expect(views.ids('small', 0, small)).toHaveLength(10);
    raw.prepare('DELETE FROM t WHERE id = 3').run();
    expect(views.ids('small', 0, small)).toHaveLength(9);
  });
});
