import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, MigrationFailedError, type Migration } from './migrations/runner';

export const DEFAULT_BACKUPS_KEPT = 5;

export interface BackupOptions {
  /** `<dataDir>/backups`: next to the store, where IT looks for it. */
  dir: string;
  keep?: number;
  now?: () => number;
}

/** Raised instead of starting on a half-migrated store; the message is written for the person at the workstation. */
export class StoreUpgradeError extends Error {
  constructor(
    message: string,
    readonly backupFile: string | null,
  ) {
    super(message);
    this.name = 'StoreUpgradeError';
  }
}

const BACKUP_NAME = /^waybill-v(\d+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.db$/;

/** ISO time with the colons and dot a Windows file name cannot hold; it still sorts by time. */
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');

export const backupFileName = (version: number, ms: number): string => `waybill-v${version}-${stamp(ms)}.db`;

/**
 * A consistent copy of a live store, taken inside SQLite (VACUUM INTO reads in one transaction, so
 * concurrent writers and the WAL are accounted for). It is synchronous, unlike better-sqlite3's
 * `db.backup()`, which is what lets createDb stay synchronous; refuses to overwrite an existing file.
 */
export function backupStore(raw: Database.Database, file: string): string {
  if (existsSync(file)) throw new Error(`${file} already exists; choose another file name`);
  // Created empty and private first: VACUUM INTO fills an empty file and keeps its mode.
  writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  try {
    raw.prepare('VACUUM INTO ?').run(file);
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
  return file;
}

/** Keeps the newest `keep` Waybill backups in `dir`; files it did not name itself are never touched. */
export function pruneBackups(dir: string, keep: number): string[] {
  const ours = readdirSync(dir)
    .map((name) => ({ name, at: BACKUP_NAME.exec(name)?.[2] }))
    .filter((f): f is { name: string; at: string } => f.at !== undefined)
    .sort((a, b) => (a.at === b.at ? a.name.localeCompare(b.name) : a.at < b.at ? 1 : -1));
  const removed = ours.slice(Math.max(0, keep)).map((f) => join(dir, f.name));
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

class BackupFailed extends Error {}

/**
 * Migrates like `migrate`, but a store older than the code is first backed up, while this process holds the
 * write lock, so the copy is exactly what the migration starts from. A failed migration rolls back in SQLite,
 * leaving the store as it was: no file is ever copied back over a store another process may have moved on.
 */
export function migrateWithBackup(raw: Database.Database, storePath: string, migrations: readonly Migration[], options: BackupOptions): number {
  const latest = migrations.at(-1)?.version ?? 0;
  let backupFile: string | null = null;
  const takeBackup = (from: number) => {
    if (from === 0) return;
    try {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      // A second connection reads the last committed state; our held write lock keeps anyone from changing it.
      const reader = new Database(storePath, { readonly: true, fileMustExist: true });
      try {
        backupFile = backupStore(reader, join(options.dir, backupFileName(from, (options.now ?? Date.now)())));
      } finally {
        reader.close();
      }
    } catch (error) {
      throw new BackupFailed(
        `Waybill needs to upgrade its store from version ${from} to ${latest}, but could not back it up first ` +
          `(${(error as Error).message}). Nothing was changed. Free some disk space or check ${options.dir}, then start Waybill again.`,
      );
    }
  };

  try {
    const reached = migrate(raw, migrations, { beforeMigrating: takeBackup });
    if (backupFile) pruneBackups(options.dir, options.keep ?? DEFAULT_BACKUPS_KEPT);
    return reached;
  } catch (error) {
    raw.close();
    if (error instanceof BackupFailed) throw new StoreUpgradeError(error.message, null);
    if (!(error instanceof MigrationFailedError)) throw error;
    throw new StoreUpgradeError(
      `Waybill could not upgrade its store from version ${error.from} to ${latest}: ${error.message}. ` +
        `Nothing was changed: the store is still at version ${error.from} with all its data` +
        `${backupFile ? `, and a copy was taken just before (${backupFile})` : ''}, ` +
        `but this version of Waybill cannot open it. Reinstall the previous version and tell IT.`,
      backupFile,
    );
  }
}
