import type Database from 'better-sqlite3';

/**
 * How every big grid served from the store pages (issue 15). Read this before touching a grid query.
 *
 * A grid view (one sort, one filter) is read ONCE as its sorted list of ids. The whole table in that sort is a
 * walk of the sort column's index (every sortable column has one, and SQLite appends the id to each index entry,
 * which is the tie-break); a filtered view keeps, from that list, the ids the filter's own index returns (one
 * pass over a byte map), so filter × sort needs no index per pair. A filter that keeps few rows is sorted by
 * SQLite directly. That list is the view's snapshot. Every block is then
 * a slice of it plus 100 primary-key lookups: the same cost at row 0 and at row 999,900, for every column and
 * direction, with or without filters. Its length is the true row count, returned with the first block so the
 * scrollbar is right at once and a drag to the bottom lands on the last row.
 *
 * Why not the alternatives: OFFSET steps over every skipped row (5 s at row 500k of a ship-date sort). Keyset
 * seeks need the previous block's last key, but a dragged scrollbar jumps to any row, so they still need
 * row-number anchors, which cost the same full walk to build and more code to keep right with NULLs and ties.
 * An index per filter × sort would be dozens of indexes slowing every import and tracking update.
 *
 * Freshness: the grid asks for block 0 whenever it opens, re-sorts, re-filters or is refreshed, so block 0
 * re-reads the view when the store changed since the snapshot; deeper blocks continue the view the grid has
 * already counted (their rows are read fresh by id) unless the snapshot is older than `maxAgeMs`. A row that
 * disappeared since the snapshot is left out of its block rather than shifting every later block.
 */
export interface SortedViews {
  /** The sorted ids of the view named `key`, good for a block starting at `startRow`. */
  ids(key: string, startRow: number, read: () => Int32Array): Int32Array;
  /** A filtered view's sorted ids, from its unfiltered view and the filter's members (see above). */
  filtered(view: FilteredView, startRow: number): Int32Array;
}

/** How to read a filtered view three ways; keys name the unfiltered and the filtered view. */
export interface FilteredView {
  allKey: string;
  key: string;
  /** Every row in the view's sort (no filter). */
  readAll: () => Int32Array;
  /** The ids the filter keeps, in any order. */
  readMembers: () => Int32Array;
  /** The filtered view sorted by SQLite: cheaper when the filter keeps few rows. */
  readSorted: () => Int32Array;
}

/** Below this many members, sorting them beats keeping them out of the unfiltered view. */
const FEW_MEMBERS = 20_000;

interface Snapshot {
  ids: Int32Array;
  stamp: string;
  readAt: number;
}

export interface SortedViewsOptions {
  /** How many views are kept; a million-row view is 4 MB. */
  limit?: number;
  maxAgeMs?: number;
  now?: () => number;
}

export function createSortedViews(raw: Database.Database, options: SortedViewsOptions = {}): SortedViews {
  const limit = options.limit ?? 8;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  // data_version moves when another connection commits; total_changes when this one writes.
  const stampQuery = raw.prepare("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes() AS stamp").pluck();
  const snapshots = new Map<string, Snapshot>();

  const views: SortedViews = {
    filtered(view, startRow) {
      return views.ids(view.key, startRow, () => {
        const members = view.readMembers();
        if (members.length <= FEW_MEMBERS) return view.readSorted();
        return keepMembers(views.ids(view.allKey, startRow, view.readAll), members);
      });
    },
    ids(key, startRow, read) {
      const stamp = stampQuery.get() as string;
      const kept = snapshots.get(key);
      const fresh = kept && (startRow === 0 ? kept.stamp === stamp : now() - kept.readAt <= maxAgeMs);
      if (kept && fresh) {
        // Most recently used last, so the first key is the one to drop.
        snapshots.delete(key);
        snapshots.set(key, kept);
        return kept.ids;
      }
      const snapshot = { ids: read(), stamp, readAt: now() };
      snapshots.delete(key);
      if (snapshots.size >= limit) snapshots.delete(snapshots.keys().next().value as string);
      snapshots.set(key, snapshot);
      return snapshot.ids;
    },
  };
  return views;
}

/** The ids of `sorted` that are in `members`, in `sorted`'s order. */
export function keepMembers(sorted: Int32Array, members: Int32Array): Int32Array {
  let max = 0;
  for (const id of members) if (id > max) max = id;
  const isMember = new Uint8Array(max + 1);
  for (const id of members) isMember[id] = 1;
  const kept = new Int32Array(members.length);
  let n = 0;
  for (const id of sorted) if (id <= max && isMember[id] === 1) kept[n++] = id;
  // Fewer when a member arrived after the unfiltered view was read; it joins at the next re-read.
  return n === kept.length ? kept : kept.slice(0, n);
}

/** Whether a filter field narrows the view: an empty list or text does not. */
export const isFilterSet = (value: unknown): boolean => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Runs a one-column id query into a compact array (a million ids are 4 MB, not a million JS objects). */
export function readIds(statement: Database.Statement, parameters: readonly unknown[]): Int32Array {
  const ids = statement.pluck(true).all(...parameters) as number[];
  return Int32Array.from(ids);
}
