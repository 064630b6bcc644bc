import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFileName, pruneBackups, StoreUpgradeError } from './backup';
import { runCli } from '../cli';
import { createDb } from './create-db';
import { migrations } from './migrations';
import { migrate, type Migration } from './migrations/runner';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-backup-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const NOW = Date.parse('2026-11-20T12:00:00Z');

/** A store as the first released version left it: schema 1, with a shipment and a setting in it. */
function storeAtVersion1(dir: string): string {
  const path = join(dir, 'waybill.db');
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  migrate(raw, migrations, 1);
  raw
    .prepare(
      "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, created_at, updated_at) VALUES ('file', 'SS-1', '1Z999AA10123456784', 'ups', '2026-11-19T09:00:00Z', 'x', 'x')",
    )
    .run();
  raw.prepare("INSERT INTO settings (key, value) VALUES ('station', 'Pack 3')").run();
  raw.close();
  return path;
}

const v2: Migration = { version: 2, name: 'add-dock-doors', sql: 'CREATE TABLE dock_doors (id INTEGER PRIMARY KEY, label TEXT NOT NULL);' };
const brokenV3: Migration = { version: 3, name: 'broken', sql: 'ALTER TABLE no_such_table ADD COLUMN x TEXT;' };

const shipmentIds = (db: { prepare(sql: string): Database.Statement }) =>
  (db.prepare('SELECT external_id FROM shipments').all() as { external_id: string }[]).map((r) => r.external_id);

describe('store upgrades', () => {
  it('upgrades a store created by schema version 1 to the latest and keeps its data', () => {
    const dir = tempDir();
    const path = storeAtVersion1(dir);
    const db = createDb(path, { backup: { dir: join(dir, 'backups'), now: () => NOW } });
    expect(db.raw.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(shipmentIds(db)).toEqual(['SS-1']);
    expect(db.raw.prepare("SELECT value FROM settings WHERE key = 'station'").get()).toEqual({ value: 'Pack 3' });
    db.close();
  });

  it('backs up a store before migrating it, and the backup is the old version with its data', () => {
    const dir = tempDir();
    const path = storeAtVersion1(dir);
    const backups = join(dir, 'backups');
    const db = createDb(path, { backup: { dir: backups, now: () => NOW }, migrations: [...migrations.slice(0, 1), v2] });
    expect(db.raw.pragma('user_version', { simple: true })).toBe(2);
    expect(shipmentIds(db)).toEqual(['SS-1']);
    db.close();

    expect(readdirSync(backups)).toEqual(['waybill-v1-2026-11-20T12-00-00-000Z.db']);
    const copy = new Database(join(backups, 'waybill-v1-2026-11-20T12-00-00-000Z.db'), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(shipmentIds(copy)).toEqual(['SS-1']);
    copy.close();
  });

  it('does not back up a brand-new store or one that is already current', () => {
    const dir = tempDir();
    const backups = join(dir, 'backups');
    createDb(join(dir, 'waybill.db'), { backup: { dir: backups, now: () => NOW } }).close();
    createDb(join(dir, 'waybill.db'), { backup: { dir: backups, now: () => NOW } }).close();
    expect(existsSync(backups)).toBe(false);
  });

  it('leaves the original store untouched when a migration fails, and says so', () => {
    const dir = tempDir();
    const path = storeAtVersion1(dir);
    const backups = join(dir, 'backups');
    let error: unknown;
    try {
      createDb(path, { backup: { dir: backups, now: () => NOW }, migrations: [...migrations.slice(0, 1), v2, brokenV3] });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(StoreUpgradeError);
    expect((error as Error).message).toMatch(/migration 3 \(broken\) failed .*no_such_table.*Nothing was changed.*version 1/s);

    // Neither half-migrated (v2's table) nor missing anything: the store is exactly what version 1 left.
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(shipmentIds(raw)).toEqual(['SS-1']);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'dock_doors'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses to migrate, changing nothing, when the backup cannot be written', () => {
    const dir = tempDir();
    const path = storeAtVersion1(dir);
    const notADir = join(dir, 'backups');
    writeFileSync(notADir, 'a file where the backups folder should be');
    expect(() => createDb(path, { backup: { dir: notADir, now: () => NOW }, migrations: [...migrations.slice(0, 1), v2] })).toThrow(
      /could not back it up first .*Nothing was changed/s,
    );
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
  });
});

describe('backup pruning', () => {
  it('keeps the newest N Waybill backups across versions and leaves other files alone', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const hour = 3_600_000;
    const names = [1, 2, 3, 4, 5, 6, 7].map((i) => backupFileName(i % 3, NOW + i * hour));
    for (const name of [...names, 'notes.txt', 'copied-by-it.db']) writeFileSync(join(dir, name), '');

    const removed = pruneBackups(dir, 5);

    expect(removed.map((f) => f.slice(dir.length + 1)).sort()).toEqual(names.slice(0, 2).sort());
    expect(readdirSync(dir).sort()).toEqual([...names.slice(2), 'copied-by-it.db', 'notes.txt'].sort());
  });

  it('keeps the last 5 by default as upgrades accumulate', () => {
    const dir = tempDir();
    const backups = join(dir, 'backups');
    const path = storeAtVersion1(dir);
    // Seven upgrades, each from the version the previous one reached, each taking a backup.
    const list: Migration[] = [...migrations.slice(0, 1)];
    for (let v = 2; v <= 8; v++) {
      list.push({ version: v, name: `step-${v}`, sql: `CREATE TABLE step_${v} (id INTEGER);` });
      createDb(path, { backup: { dir: backups, now: () => NOW + v * 1000 }, migrations: list }).close();
    }
    expect(readdirSync(backups).sort()).toEqual([3, 4, 5, 6, 7].map((v) => backupFileName(v, NOW + (v + 1) * 1000)));
  });
});

describe('waybill backup', () => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('writes a copy that opens with the same data, and refuses to overwrite a file', async () => {
    const dir = tempDir();
    const store = storeAtVersion1(dir);
    const out = join(dir, 'copy.db');

    const first = await cli('backup', '--db', store, '--out', out);
    expect(first.code).toBe(0);
    const copy = new Database(out, { readonly: true });
    expect(shipmentIds(copy)).toEqual(['SS-1']);
    copy.close();

    const again = await cli('backup', '--db', store, '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
    expect((await cli('backup', '--db', store)).err).toContain('--out FILE is required');
  });
});
