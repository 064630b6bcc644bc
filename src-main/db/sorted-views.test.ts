import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockOf, createSortedViews, normalizeSort, type SortedViews } from './sorted-views';

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

  it('a small view is re-read in the request, so it is never stale', () => {
    const small = { sql: 'SELECT id FROM t WHERE id <= 10 ORDER BY v, id', parameters: [] };
    expect(views.ids('small', 0, small)).toHaveLength(10);
    raw.prepare('DELETE FROM t WHERE id = 3').run();
    expect(views.ids('small', 0, small)).toHaveLength(9);
  });
});
