import type { Db } from './create-db';

/**
 * Writes are data (ARCHITECTURE §9): every replicated table records each insert, update and delete in
 * `changes` by trigger (migration 009), in the writer's own transaction. The log is what replication pushes;
 * a row's revision is the seq of its last change. Local tables (request logs, run bookkeeping) are not logged.
 */
export type TableRole = 'replicated' | 'local';

/** The tables a capability owns and whether each leaves the station. */
export type OwnedTables = Readonly<Record<string, TableRole>>;

export type ChangeOp = 'insert' | 'update' | 'delete';

export interface Change {
  seq: number;
  table: string;
  rowKey: string;
  op: ChangeOp;
}

/** The log's own tables and SQLite's statistics belong to no capability. */
export const isStoreInternalTable = (name: string): boolean => name.startsWith('sqlite_') || name === 'changes' || name === 'change_consumers';

export function changesAfter(db: Db, afterSeq: number, limit: number): Change[] {
  return db.prepare('SELECT seq, tbl AS "table", row_key AS rowKey, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as Change[];
}

export const lastChangeSeq = (db: Db): number => (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM changes').get() as { seq: number }).seq;

/** A consumer (the hub's push) has read the log up to seq; call inside the write that acted on it. */
export function setChangeCursor(db: Db, consumer: string, seq: number): void {
  db.write(() => db.prepare('INSERT INTO change_consumers (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq').run(consumer, seq));
}

export function removeChangeConsumer(db: Db, consumer: string): void {
  db.write(() => db.prepare('DELETE FROM change_consumers WHERE name = ?').run(consumer));
}

const PRUNE_SLICE_ROWS = 10_000;

/**
 * Deletes the changes every consumer has read; with no consumer (a station without a hub) all but the newest,
 * which stays so that SQLite's next rowid, and so the next seq, is never one handed out before.
 * In slices, each its own short write, so a scan never waits behind a million-row delete. Returns rows pruned.
 */
export function pruneChanges(db: Db): number {
  let pruned = 0;
  for (;;) {
    const deleted = db.write(() => {
      const newest = lastChangeSeq(db);
      const read = db.prepare('SELECT min(seq) AS seq FROM change_consumers').get() as { seq: number | null };
      const upTo = { seq: Math.min(read.seq ?? newest, newest - 1) };
      return db.prepare('DELETE FROM changes WHERE seq IN (SELECT seq FROM changes WHERE seq <= ? ORDER BY seq LIMIT ?)').run(upTo.seq, PRUNE_SLICE_ROWS)
        .changes;
    });
    pruned += deleted;
    if (deleted < PRUNE_SLICE_ROWS) return pruned;
  }
}
