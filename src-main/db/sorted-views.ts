import type Database from 'better-sqlite3';
import { eachOnce, startViewBuilder, type IdQuery, type ViewBuilder } from './view-builder';

export type { IdQuery } from './view-builder';

/**
 * How every big grid served from the store pages (issue 15). Read this before touching a grid query.
 *
 * A grid view (one sort, one filter) is read ONCE as its sorted list of ids. The whole table in that sort is a
 * walk of the sort column's index (every sortable column has one, and SQLite appends the id to each index entry,
 * which is the tie-break). That list is the view's snapshot. Every block is then a slice of it plus 100
 * primary-key lookups: the same cost at row 0 and at row 999,900, for every column and direction, with or without
 * filters. Its length is the true row count, returned with the first block so the scrollbar is right at once and
 * a drag to the bottom lands on the last row.
 *
 * A filtered view is its unfiltered view with only the filter's members kept (one pass against a bitset,
 * `keepMembers`), so filter × sort needs no index per pair. The members are composed, not queried as a whole
 * (`FilteredView.terms`, `memberBits`): each field the filter sets is one term, the union of one id list per value
 * (carrier = ups or fedex), and the members are the ids every term holds. Per-value lists of the fields people
 * filter on together (carrier, status, warehouse, reason) are read ahead in the worker with the sorts, so a first
 * click on a filter chip reads nothing from the store: at a million shipments reading "every UPS shipment" in
 * the request took 140 ms. Each list becomes a bitset once per snapshot (`bitsOf`), and terms are composed word
 * by word. A date range (an order value range) is a run of the view sorted by day (by value), found by bisection
 * with ~40 point reads (`between`). Whatever else the filter says (search, service…) is one more term, read by
 * SQLite. Where no unfiltered view is held (a small store), or a term is read by SQLite anyway (a search), and
 * the members are few, SQLite sorts the filtered view directly: cheaper than reading the whole table in that
 * sort, and fresh.
 *
 * The first block of a filtered view (a click on a chip or a header) does not wait for the whole list: it is the
 * first members met walking the held unfiltered view from the grid's end (a few hundred ids for a chip that keeps
 * a third of the rows), its row count the number of members, and the whole list (one pass over a million ids,
 * 5–50 ms on this machine's shared cores) is kept as soon as the event loop is free, before the next scroll.
 *
 * Why not the alternatives: OFFSET steps over every skipped row (5 s at row 500k of a ship-date sort). Keyset
 * seeks need the previous block's last key, but a dragged scrollbar jumps to any row, so they still need
 * row-number anchors, which cost the same full walk to build and more code to keep right with NULLs and ties.
 * An index per filter × sort would be dozens of indexes slowing every import and tracking update; the held
 * per-value lists cost memory instead (4 bytes a row per field, ~12 MB at a million shipments) and no write.
 *
 * A descending view is its ascending view read from the end: every sort term flipped, ties included, is the
 * exact reverse order, so one snapshot serves both directions (`normalizeSort`).
 *
 * Freshness: a snapshot is exact while the store has not changed since it was read. The grid asks for block 0
 * whenever it opens, re-sorts, re-filters or is refreshed, so block 0 re-reads the view when the store changed
 * since the snapshot; deeper blocks continue the view the grid has already counted (their rows are read fresh
 * by id) unless the snapshot is also older than `maxAgeMs`. A row that disappeared since the snapshot is left
 * out of its block rather than shifting every later block.
 *
 * Views read ahead, and big views (a million ids take a few hundred ms to read), are never re-read by the person
 * waiting: they are read on a second connection in a worker (db/view-builder.ts) when the store opens
 * (`prefetch`), and one the store has changed under is served as it is while the worker reads it again; the
 * grid's refresh on the change event then finds the new one. Rows are always read fresh by id. So on a big
 * store a shipment imported a moment ago joins a filtered view once the worker has read its lists again (about
 * a second at a million rows), the price of never making the person wait for that read; a search that finds
 * few finds it at once.
 */
export interface SortedViews {
  /** The sorted ids of the view named `key`, good for a block starting at `startRow`; a query can also be read in the worker. */
  ids(key: string, startRow: number, read: ViewRead): Int32Array;
  /** Rows [startRow, endRow) of a filtered view in the grid's direction, and its row count (see above). */
  filtered(view: FilteredView, startRow: number, endRow: number, reversed: boolean): { block: Int32Array; rowCount: number };
  /** Whether the view named `key` was read ahead and is held (as on a big store). */
  isHeld(key: string): boolean;
  /** Reads a view in the worker ahead of anyone asking for it. */
  prefetch(key: string, query: IdQuery): void;
  /** Resolves once no read-ahead is in flight. */
  settled(): Promise<void>;
  close(): void;
}

/** A view's ids: a query (readable in the worker too) or a function that reads them here. */
export type ViewRead = IdQuery | (() => Int32Array);

/** One id list of a filter's members, kept under its own key (one value of one field, read ahead where it can be). */
export interface MemberPart {
  key: string;
  read: ViewRead;
}

/** How to read a filtered view; keys name the unfiltered and the filtered view. */
export interface FilteredView {
  allKey: string;
  key: string;
  /** Names the filter alone: its members, composed once, serve it under every sort. */
  membersKey: string;
  /** Every row in the view's sort (no filter). */
  readAll: ViewRead;
  /** The filter's conditions, every one of which a member meets: each the union of its parts' ids (see above). */
  terms: MemberPart[][];
  /** The filtered view sorted by SQLite: cheaper when the filter keeps few rows and no unfiltered view is held. */
  readSorted: () => Int32Array;
  /**
   * A term is read by SQLite in the request (a search): when the filter keeps few rows, SQLite sorts them even
   * where the unfiltered view is held, so a parcel imported a moment ago is found by its number at once.
   */
  fresh: boolean;
}

/** Below this many members, SQLite sorting them beats reading the whole unfiltered view that is not held. */
const FEW_MEMBERS = 20_000;
/** From this many ids a re-read costs more than a block's budget: it happens in the worker, not in the request. */
const BIG_VIEW = 200_000;

interface Snapshot {
  ids: Int32Array;
  stamp: string;
  readAt: number;
}

export interface SortedViewsOptions {
  /** How many views are kept; a million-row view is 4 MB. */
  limit?: number;
  /** The worker that reads big views; none for a store in memory. */
  background?: boolean;
  /** From how many ids a view is re-read in the worker rather than in the request. */
  bigView?: number;
  maxAgeMs?: number;
  now?: () => number;
}

export function createSortedViews(raw: Database.Database, options: SortedViewsOptions = {}): SortedViews {
  const limit = options.limit ?? 16;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const bigView = options.bigView ?? BIG_VIEW;
  const now = options.now ?? Date.now;
  // data_version moves when another connection commits; total_changes when this one writes.
  const stampQuery = raw.prepare("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes() AS stamp").pluck();
  const snapshots = new Map<string, Snapshot>();
  /** Views read ahead: held apart from the recently used ones, so switching filters never drops them. */
  const held = new Map<string, Snapshot>();
  let builder: ViewBuilder | null = null;
  const inFlight = new Map<string, Promise<void>>();
  const onFile = options.background !== false && raw.name !== '' && raw.name !== ':memory:' && !raw.memory;

  const keep = (key: string, snapshot: Snapshot) => {
    if (held.has(key)) return void held.set(key, snapshot);
    snapshots.delete(key);
    if (snapshots.size >= limit) snapshots.delete(snapshots.keys().next().value as string);
    snapshots.set(key, snapshot);
  };
  /** The kept snapshot, marked most recently used (the first key of `snapshots` is the one to drop); a held view not read yet is none. */
  const use = (key: string): Snapshot | undefined => {
    const kept = held.get(key) ?? snapshots.get(key);
    if (kept && snapshots.delete(key)) snapshots.set(key, kept);
    return kept?.stamp === '' ? undefined : kept;
  };
  const isHeld = (key: string) => (held.get(key)?.stamp ?? '') !== '';
  /** Reads `query` in the worker and keeps it under `key`, stamped as the store was when asked. */
  const readAhead = (key: string, query: IdQuery) => {
    if (!onFile || inFlight.has(key)) return;
    const stamp = stampQuery.get() as string;
    if ((held.get(key) ?? snapshots.get(key))?.stamp === stamp) return;
    builder ??= startViewBuilder(raw.name);
    const done = builder
      .read(query)
      .then((ids) => keep(key, { ids, stamp, readAt: now() }))
      // A view that failed in the worker is read here on the next request.
      .catch(() => undefined)
      .finally(() => inFlight.delete(key));
    inFlight.set(key, done);
  };
  const readHere = (read: ViewRead): Int32Array => {
    if (typeof read === 'function') return read();
    const ids = readIds(raw.prepare(read.sql), read.parameters);
    return read.keep ? eachOnce(ids, read.keep) : ids;
  };

  /** Filtered views whose whole list is being kept after their first block was served. */
  const keeping = new Set<string>();
  /** Each list's bitset, made once per snapshot: a chip's list is walked once, then composed word by word. */
  const bitsets = new WeakMap<Int32Array, Int32Array>();
  const bitsetOf = (ids: Int32Array): Int32Array => {
    let bits = bitsets.get(ids);
    if (!bits) bitsets.set(ids, (bits = bitsOf(ids)));
    return bits;
  };
  // One filter under many sorts: its members are composed once, each part read once (or ahead) under its own key.
  const membersOfView = (view: FilteredView, startRow: number) =>
    views.ids(view.membersKey, startRow, () => memberBits(view.terms.map((term) => term.map((part) => bitsetOf(views.ids(part.key, startRow, part.read))))));

  const views: SortedViews = {
    filtered(view, startRow, endRow, reversed) {
      const stamp = stampQuery.get() as string;
      const sortedBySqlite = (members: Int32Array) => (!isHeld(view.allKey) || view.fresh) && countBits(members) <= FEW_MEMBERS;
      if (startRow === 0 && isHeld(view.allKey) && use(view.key)?.stamp !== stamp && !sortedBySqlite(membersOfView(view, startRow))) {
        // A first click: its block is the first members met walking the held view from its end, its count the
        // members' bits; the whole list (a pass over every row) is kept once the event loop is free.
        const members = membersOfView(view, startRow);
        const all = views.ids(view.allKey, startRow, view.readAll);
        if (!keeping.has(view.key)) {
          keeping.add(view.key);
          setImmediate(() => {
            keeping.delete(view.key);
            keep(view.key, { ids: keepMembers(all, members), stamp, readAt: now() });
          });
        }
        return { block: firstMembers(all, members, endRow, reversed), rowCount: countBits(members) };
      }
      const ids = views.ids(view.key, startRow, () => {
        const members = membersOfView(view, startRow);
        if (sortedBySqlite(members)) return view.readSorted();
        return keepMembers(views.ids(view.allKey, startRow, view.readAll), members);
      });
      return { block: blockOf(ids, startRow, endRow, reversed), rowCount: ids.length };
    },
    ids(key, startRow, read) {
      const stamp = stampQuery.get() as string;
      const kept = use(key);
      // Unchanged store: the snapshot is exact however old it is.
      const fresh = kept && (kept.stamp === stamp || (startRow > 0 && now() - kept.readAt <= maxAgeMs));
      if (kept && fresh) return kept.ids;
      if (kept && onFile && (held.has(key) || kept.ids.length >= bigView) && typeof read !== 'function') {
        // Served as it is while the worker reads it again (see above).
        readAhead(key, read);
        return kept.ids;
      }
      const snapshot = { ids: readHere(read), stamp, readAt: now() };
      keep(key, snapshot);
      return snapshot.ids;
    },
    isHeld,
    prefetch(key, query) {
      if (!onFile) return;
      if (!held.has(key)) held.set(key, { ids: new Int32Array(0), stamp: '', readAt: 0 });
      readAhead(key, query);
    },
    async settled() {
      while (inFlight.size) await Promise.all(inFlight.values());
    },
    close() {
      builder?.stop();
      builder = null;
    },
  };
  return views;
}

// Loops over ids index the typed array: `for…of` on a million ids is several times slower (an iterator each).

/**
 * A list's ids as a bitset (bit `id` set). Bits, not bytes: a million ids take 125 KB, which stays in the cache
 * while a view in a column's order visits them at random.
 */
export function bitsOf(ids: Int32Array): Int32Array {
  let max = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  const bits = new Int32Array((max >>> 5) + 1);
  for (let i = 0; i < ids.length; i++) bits[ids[i] >>> 5] |= 1 << (ids[i] & 31);
  return bits;
}

/** The ids every term holds, as a bitset: a term is the union of its lists' bitsets. Word by word, no id walked. */
export function memberBits(terms: readonly (readonly Int32Array[])[]): Int32Array {
  let words = 1;
  for (const term of terms) for (const bits of term) words = Math.max(words, bits.length);
  let members: Int32Array | null = null;
  for (const term of terms) {
    const union = new Int32Array(words);
    for (const bits of term) for (let w = 0; w < bits.length; w++) union[w] |= bits[w];
    if (members) for (let w = 0; w < words; w++) members[w] &= union[w];
    else members = union;
  }
  return members ?? new Int32Array(words);
}

/** How many ids a bitset holds. */
export function countBits(bits: Int32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) {
    let v = bits[w] - ((bits[w] >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return n;
}

/**
 * The ids of `sorted` whose bit is set in `members` (`memberBits`), in `sorted`'s order, in one pass; a member
 * that arrived after `sorted` was read joins at its next re-read.
 */
export function keepMembers(sorted: Int32Array, members: Int32Array): Int32Array {
  const words = members.length;
  // Room for every member once: a view lists an id once, so more means `sorted` repeats one and the room grows.
  let kept: Int32Array = new Int32Array(Math.min(countBits(members), sorted.length));
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    const id = sorted[i];
    if (id >>> 5 >= words || (members[id >>> 5] & (1 << (id & 31))) === 0) continue;
    if (n === kept.length) kept = grown(kept, sorted.length);
    kept[n++] = id;
  }
  return n === kept.length ? kept : kept.slice(0, n);
}

/** The first `count` ids of `sorted` whose bit is set in `members`, met from its start, or from its end (in that order). */
export function firstMembers(sorted: Int32Array, members: Int32Array, count: number, fromEnd: boolean): Int32Array {
  const words = members.length;
  const want = Math.min(count, sorted.length);
  const found = new Int32Array(want);
  let n = 0;
  // One loop per direction: a direction chosen inside the loop made a million-id walk half as fast again.
  if (fromEnd) {
    for (let k = sorted.length - 1; k >= 0 && n < want; k--) {
      const id = sorted[k];
      if (id >>> 5 < words && (members[id >>> 5] & (1 << (id & 31))) !== 0) found[n++] = id;
    }
  } else {
    for (let k = 0; k < sorted.length && n < want; k++) {
      const id = sorted[k];
      if (id >>> 5 < words && (members[id >>> 5] & (1 << (id & 31))) !== 0) found[n++] = id;
    }
  }
  return n === want ? found : found.slice(0, n);
}

const grown = (ids: Int32Array, limit: number): Int32Array => {
  const bigger = new Int32Array(Math.min(limit, ids.length * 2 + 16));
  bigger.set(ids);
  return bigger;
};

type Bound = string | number;

/**
 * The run of `sorted` (ascending by a value, NULLs first) whose value is within [from, to], either end open; found
 * by bisection, `valueOf` reading one row's value per probe. A bound of the other type compares as SQLite's would
 * (numbers before text). A value that changed since `sorted` was read can misplace the run's end by its rows.
 */
export function between(sorted: Int32Array, valueOf: (id: number) => Bound | null | undefined, from?: Bound, to?: Bound): Int32Array {
  const firstWhere = (holds: (value: Bound) => boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const value = valueOf(sorted[mid]);
      if (value !== null && value !== undefined && holds(value)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const start = firstWhere((v) => from === undefined || compareBound(v, from) >= 0);
  const end = to === undefined ? sorted.length : firstWhere((v) => compareBound(v, to) > 0);
  return sorted.subarray(start, Math.max(start, end));
}

const compareBound = (a: Bound, b: Bound): number => {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/** Whether a filter field narrows the view: an empty list or text does not. */
export const isFilterSet = (value: unknown): boolean => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Runs a one-column id query into a compact array (a million ids are 4 MB, not a million JS objects). */
export function readIds(statement: Database.Statement, parameters: readonly unknown[]): Int32Array {
  const ids = statement.pluck(true).all(...parameters) as number[];
  return Int32Array.from(ids);
}

export interface SortTerm<C extends string> {
  column: C;
  direction: 'asc' | 'desc';
}

/**
 * The sort a view is kept under: the first term ascending (every term flipped when it was descending), and
 * whether blocks are then read from the end. `fallback` is the grid's default sort.
 */
export function normalizeSort<C extends string>(sort: readonly SortTerm<C>[], fallback: readonly SortTerm<C>[]): { sort: SortTerm<C>[]; reversed: boolean } {
  const terms = sort.length ? sort : fallback;
  const reversed = terms[0].direction === 'desc';
  // Built afresh, keys in one order: the sort is part of a view's key.
  return { sort: terms.map((t) => ({ column: t.column, direction: reversed === (t.direction === 'asc') ? 'desc' : 'asc' })), reversed };
}

/** Rows [startRow, endRow) of a view kept in ascending order, read in the grid's direction. */
export function blockOf(ids: Int32Array, startRow: number, endRow: number, reversed: boolean): Int32Array {
  if (!reversed) return ids.subarray(startRow, endRow);
  const n = ids.length;
  return ids
    .subarray(Math.max(0, n - endRow), Math.max(0, n - startRow))
    .slice()
    .reverse();
}
