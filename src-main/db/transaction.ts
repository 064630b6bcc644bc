import type Database from 'better-sqlite3';
import { ApiError } from '../../src-shared/api';

/**
 * The store always has several writers: the app's timers, the CLI, workers and, with a hub, replication.
 * SQLite's WAL lets them share one file if every transaction that writes takes the write lock first
 * (BEGIN IMMEDIATE): a DEFERRED transaction that reads and then writes holds a snapshot that can never be
 * upgraded once another connection commits (SQLITE_BUSY_SNAPSHOT), and no wait fixes that. IMMEDIATE waits
 * for the lock under busy_timeout instead, then reads the latest data.
 */

/** SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT, SQLITE_LOCKED...: another connection has the store. */
const sqliteCode = (error: unknown): string | null => {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
};

export const isStoreBusy = (error: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error) ?? '');

export const STORE_BUSY_MESSAGE = 'The store is busy with other work on this computer (an import, a backup or another Waybill window); try again in a moment.';

/** Contention is a condition the caller can retry, never an internal error. */
export class StoreBusyError extends ApiError {
  constructor(readonly sqliteCode: string) {
    super('unavailable', STORE_BUSY_MESSAGE);
    this.name = 'StoreBusyError';
  }
}

/** Rethrows contention as StoreBusyError; anything else unchanged. */
export function asStoreBusy(error: unknown): unknown {
  return isStoreBusy(error) && !(error instanceof StoreBusyError) ? new StoreBusyError(sqliteCode(error) as string) : error;
}

export interface Transactions {
  /** Runs fn in one IMMEDIATE transaction (a savepoint when nested); every write in src-main goes through it. */
  write<T>(fn: () => T): T;
  /** Runs fn on one consistent DEFERRED snapshot; for reads that must agree with each other. Never writes. */
  read<T>(fn: () => T): T;
}

/** A busy store after busy_timeout becomes StoreBusyError; the whole fn ran or none of it did. */
export function createTransactions(raw: Database.Database): Transactions {
  const run = <T>(fn: () => T, mode: 'immediate' | 'deferred'): T => {
    try {
      return raw.transaction(fn)[mode]();
    } catch (error) {
      throw asStoreBusy(error);
    }
  };
  return {
    write: (fn) => run(fn, 'immediate'),
    read: (fn) => run(fn, 'deferred'),
  };
}

/**
 * A background job (an import's next slice) waits out a busy store instead of failing: a scanning station can
 * hold the lock for most of a second, and SQLite's busy handler does not queue waiters fairly. Each attempt is
 * one whole transaction, so retrying is safe; after `giveUpAfterMs` the StoreBusyError stands.
 */
export async function writeWhenStoreFree<T>(write: () => T, giveUpAfterMs = 60_000): Promise<T> {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return write();
    } catch (error) {
      if (!(error instanceof StoreBusyError) || performance.now() - started > giveUpAfterMs) throw error;
    }
    // Jittered so two waiting processes do not wake in step.
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, 10 * 2 ** attempt) * (0.5 + Math.random())));
  }
}
