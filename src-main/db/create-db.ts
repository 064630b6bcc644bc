import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { migrateWithBackup, type BackupOptions } from './backup';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { migrations } from './migrations';
import { migrate, type Migration } from './migrations/runner';
import type { DB } from './schema';
import { createTransactions, type Transactions } from './transaction';

export interface Db extends Transactions {
  kysely: Kysely<DB>;
  raw: Database.Database;
  /** Prepared statements cached by SQL text: kysely builds the SQL, the hot path skips re-preparing it. */
  prepare(sql: string): Database.Statement;
  /**
   * Runs a kysely-compiled SELECT on a cached prepared statement. `parameters` replace the compiled ones, in the
   * order the builder wrote them: a hot path builds its query once and binds each call's values.
   */
  all<T>(query: CompiledQuery<T>, parameters?: readonly unknown[]): T[];
  /** As `all`, for the first row if any. */
  first<T>(query: CompiledQuery<T>, parameters?: readonly unknown[]): T | undefined;
  /** Checkpoints the WAL on the background connection, when there is one; null when this connection must do it. */
  checkpointInBackground: (() => Promise<void>) | null;
  close(): void;
}

const STATEMENT_CACHE_LIMIT = 200;

/**
 * What SQLite recommends for planner statistics (sqlite.org/lang_analyze.html): `optimize=0x10002` when a
 * long-lived connection opens and `optimize` before it closes; each re-analyzes only tables whose size moved
 * a lot, sampled (analysis_limit) so it stays in milliseconds even at a million rows. Without statistics the
 * planner walks a sort index row by row through a selective filter instead of using the filter's index.
 * Statistics are an optimization: a busy or read-only store keeps the ones it has.
 */
function refreshPlannerStatistics(raw: Database.Database, when: 'open' | 'close'): void {
  try {
    raw.pragma('analysis_limit = 1000');
    raw.pragma(when === 'open' ? 'optimize = 0x10002' : 'optimize');
  } catch {
    // The next open or close tries again.
  }
}

export interface CreateDbOptions {
  migrate?: boolean;
  /** Where a store older than the code is backed up before migrating; without it, migrations run unguarded. */
  backup?: BackupOptions;
  /** Tests inject a list; the app always runs the real one. */
  migrations?: readonly Migration[];
  /** The running app checkpoints the WAL from a worker thread, never inside a scan's commit. */
  backgroundCheckpoint?: { intervalMs: number; onError: (message: string) => void };
}

/** SQLite gives the WAL and shared-memory files the store's own mode, so a private store keeps them private. */
function openPrivateStore(path: string): Database.Database {
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    } catch {
      // -wal and -shm exist only while a connection has the store open.
    }
  }
  return new Database(path);
}

export function createDb(path: string, options: CreateDbOptions = {}): Db {
  const raw = openPrivateStore(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 64 MB page cache: million-row stores keep their hot indexes in memory instead of re-reading pages.
  raw.pragma('cache_size = -65536');
  if (options.migrate !== false) {
    const list = options.migrations ?? migrations;
    if (options.backup) migrateWithBackup(raw, path, list, options.backup);
    else {
      try {
        migrate(raw, list);
      } catch (error) {
        raw.close();
        throw error;
      }
    }
  }
  refreshPlannerStatistics(raw, 'open');

  let checkpointer: Checkpointer | null = null;
  if (options.backgroundCheckpoint) {
    raw.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(path, options.backgroundCheckpoint.intervalMs, options.backgroundCheckpoint.onError);
  }

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_LIMIT) statements.delete(statements.keys().next().value as string);
      statement = raw.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    ...createTransactions(raw),
    kysely,
    raw,
    prepare,
    all: <T>(query: CompiledQuery<T>, parameters: readonly unknown[] = query.parameters) => prepare(query.sql).all(...parameters) as T[],
    first: <T>(query: CompiledQuery<T>, parameters: readonly unknown[] = query.parameters) => prepare(query.sql).get(...parameters) as T | undefined,
    checkpointInBackground: checkpointer ? checkpointer.checkpoint : null,
    close: () => {
      checkpointer?.stop();
      statements.clear();
      if (raw.open) {
        refreshPlannerStatistics(raw, 'close');
        raw.close();
      }
    },
  };
}
