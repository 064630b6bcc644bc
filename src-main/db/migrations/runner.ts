import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** Plain SQL keeps a migration readable and identical once bundled. */
  sql: string;
}

/** A store written by a newer Waybill: its schema may mean things this code does not know, so it is never opened. */
export class StoreTooNewError extends Error {
  constructor(
    readonly storeVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `This store was written by a newer version of Waybill (store version ${storeVersion}; this version knows up to ${codeVersion}). ` +
        'Nothing was changed. Install the newer version of Waybill on this computer, or open another data folder.',
    );
    this.name = 'StoreTooNewError';
  }
}

/** A migration failed; the transaction was rolled back, so the store is exactly as it was. */
export class MigrationFailedError extends Error {
  constructor(
    readonly from: number,
    readonly failed: Migration,
    override readonly cause: unknown,
  ) {
    super(`migration ${failed.version} (${failed.name}) failed with "${cause instanceof Error ? cause.message : String(cause)}"`);
    this.name = 'MigrationFailedError';
  }
}

export interface MigrateOptions {
  /** Stop at this version (tests of one migration step); default the newest. */
  target?: number;
  /** Runs once the write lock is held and before the first migration, with the version found under the lock. */
  beforeMigrating?: (from: number) => void;
  /** How long to wait for another process that is migrating or writing; migrations of big stores take a while. */
  lockWaitMs?: number;
}

const userVersion = (raw: Database.Database): number => raw.pragma('user_version', { simple: true }) as number;

/**
 * Applies every migration newer than the stored user_version, all in one IMMEDIATE transaction.
 * The version is read again under the write lock, so of two processes opening an older store at once the
 * second waits, finds the work done and does nothing; a failure or a kill rolls back to the old version whole.
 */
export function migrate(raw: Database.Database, migrations: readonly Migration[], options: MigrateOptions | number = {}): number {
  const { target, beforeMigrating, lockWaitMs = 120_000 } = typeof options === 'number' ? { target: options } : options;
  const newest = migrations.at(-1)?.version ?? 0;
  const goal = target ?? newest;
  const pending = (current: number) => migrations.filter((m) => m.version > current && m.version <= goal);

  const seen = userVersion(raw);
  if (seen > newest) throw new StoreTooNewError(seen, newest);
  if (pending(seen).length === 0) return seen;

  const busyTimeout = raw.pragma('busy_timeout', { simple: true }) as number;
  raw.pragma(`busy_timeout = ${lockWaitMs}`);
  try {
    raw.exec('BEGIN IMMEDIATE');
  } finally {
    raw.pragma(`busy_timeout = ${busyTimeout}`);
  }
  let step: Migration | null = null;
  try {
    const current = userVersion(raw);
    if (current > newest) throw new StoreTooNewError(current, newest);
    const steps = pending(current);
    if (steps.length > 0) beforeMigrating?.(current);
    for (const m of steps) {
      step = m;
      raw.exec(m.sql);
      raw.pragma(`user_version = ${m.version}`);
    }
    raw.exec('COMMIT');
    return userVersion(raw);
  } catch (error) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw step ? new MigrationFailedError(userVersion(raw), step, error) : error;
  }
}
