import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { migrations } from './migrations';
import { migrate } from './migrations/runner';
import type { Schema } from './schema';

export interface Db {
  kysely: Kysely<Schema>;
  raw: Database.Database;
  /** Prepared statements cached by SQL text: kysely builds the SQL, the hot path skips re-preparing it. */
  prepare(sql: string): Database.Statement;
  /** Runs a kysely-compiled SELECT on a cached prepared statement. */
  all<T>(query: CompiledQuery<T>): T[];
  close(): void;
}

const STATEMENT_CACHE_LIMIT = 200;

export function createDb(path: string, options: { migrate?: boolean } = {}): Db {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 64 MB page cache: million-row stores keep their hot indexes in memory instead of re-reading pages.
  raw.pragma('cache_size = -65536');
  if (options.migrate !== false) migrate(raw, migrations);

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

  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    kysely,
    raw,
    prepare,
    all: <T>(query: CompiledQuery<T>) => prepare(query.sql).all(...(query.parameters as unknown[])) as T[],
    close: () => {
      statements.clear();
      if (raw.open) raw.close();
    },
  };
}
