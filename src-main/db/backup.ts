import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, type Migration } from './migrations/runner';

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
  raw.prepare('VACUUM INTO ?').run(file);
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

/** Puts the backup back in place of a store whose upgrade failed; the store's WAL belongs to the failed state. */
function restoreStore(storePath: string, backupFile: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(`${storePath}${suffix}`, { force: true });
  const staging = `${storePath}.restoring`;
  copyFileSync(backupFile, staging);
  renameSync(staging, storePath);
}

/**
 * Migrates like `migrate`, but a store older than the code is first backed up; if any migration fails the
 * connection is closed, the backup restored, and a StoreUpgradeError says so. Fresh stores need no backup.
 */
export function migrateWithBackup(
  raw: Database.Database,
  storePath: string,
  migrations: readonly Migration[],
  options: BackupOptions,
): number {
  const current = raw.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current === 0 || current >= latest) return migrate(raw, migrations);

  let backupFile: string;
  try {
    mkdirSync(options.dir, { recursive: true });
    backupFile = backupStore(raw, join(options.dir, backupFileName(current, (options.now ?? Date.now)())));
  } catch (error) {
    raw.close();
    throw new StoreUpgradeError(
      `Waybill needs to upgrade its store from version ${current} to ${latest}, but could not back it up first ` +
        `(${(error as Error).message}). Nothing was changed. Free some disk space or check ${options.dir}, then start Waybill again.`,
      null,
    );
  }

  try {
    const reached = migrate(raw, migrations);
    pruneBackups(options.dir, options.keep ?? DEFAULT_BACKUPS_KEPT);
    return reached;
  } catch (error) {
    const failedAt = (raw.pragma('user_version', { simple: true }) as number) + 1;
    const failed = migrations.find((m) => m.version === failedAt);
    raw.close();
    restoreStore(storePath, backupFile);
    throw new StoreUpgradeError(
      `Waybill could not upgrade its store from version ${current} to ${latest}: migration ${failedAt}` +
        `${failed ? ` (${failed.name})` : ''} failed with "${(error as Error).message}". ` +
        `The store was restored from the backup taken just before (${backupFile}), so no data was lost, ` +
        `but this version of Waybill cannot open it. Reinstall the previous version and tell IT.`,
      backupFile,
    );
  }
}
