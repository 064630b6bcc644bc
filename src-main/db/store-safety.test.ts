import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { createCore } from '../core';
import { ensurePrivateDataDir } from '../platform/data-dir';
import { memorySecretStore, systemClock } from '../platform/ports';
import { currentOwner, formatOwner, isOwnerGone, linuxStartTime, type ProcessProbe } from '../platform/process-owner';
import { spawnCli, spawnTs } from '../testing/spawn-cli';
import { createTempCore, quietLogger } from '../testing/temp-core';
import { backupStore } from './backup';
import { createDb } from './create-db';
import { migrations } from './migrations';
import { migrate, StoreTooNewError } from './migrations/runner';
import { StoreBusyError, writeWhenStoreFree } from './transaction';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-safety-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const NEWEST = migrations.at(-1)?.version ?? 0;
const SHIPMENTS = 300;

/** A store as version `version` of Waybill left it, with shipments and a setting in it. */
function storeAt(version: number, dir: string): string {
  const path = join(dir, 'waybill.db');
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  migrate(raw, migrations, version);
  const insert = raw.prepare(
    "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, created_at, updated_at) VALUES ('file', ?, ?, 'ups', '2026-11-19T09:00:00Z', 'x', 'x')",
  );
  raw.transaction(() => {
    for (let i = 0; i < SHIPMENTS; i++) insert.run(`SS-${i}`, `1Z${String(i).padStart(16, '0')}`);
  })();
  raw.prepare("INSERT INTO settings (key, value) VALUES ('station', 'Pack 3')").run();
  raw.close();
  return path;
}

const facts = (path: string) => {
  const raw = new Database(path, { readonly: true });
  try {
    return {
      version: raw.pragma('user_version', { simple: true }),
      shipments: (raw.prepare('SELECT count(*) AS n FROM shipments').get() as { n: number }).n,
      station: (raw.prepare("SELECT value FROM settings WHERE key = 'station'").get() as { value: string }).value,
      integrity: raw.pragma('integrity_check', { simple: true }),
    };
  } finally {
    raw.close();
  }
};

/** Waits (at most 20 s) until the process has the file open: Linux shows it in /proc/<pid>/fd. */
async function storeOpenedBy(pid: number, path: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkOrNull(`/proc/${pid}/fd/${fd}`) === path)) return;
    } catch {
      // Not started yet, or no /proc here: keep waiting up to the limit.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const readlinkOrNull = (link: string) => {
  try {
    return readlinkSync(link);
  } catch {
    return null;
  }
};

const mode = (path: string) => statSync(path).mode & 0o777;

describe('transactions with another writer on the store', () => {
  it('a read-then-write runs to the end while another connection wants to write, where a deferred one fails', () => {
    const path = join(tempDir(), 'waybill.db');
    const db = createDb(path);
    const other = new Database(path, { timeout: 0 });
    const addSetting = (raw: Database.Database, key: string) => raw.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, 'x');
    const settings = () => (db.raw.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n;

    // The old way: the snapshot read first cannot be upgraded once the other connection commits.
    expect(() =>
      db.raw.transaction(() => {
        settings();
        addSetting(other, 'theirs-1');
        addSetting(db.raw, 'ours-1');
      })(),
    ).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));

    // db.write holds the lock from the start: the other writer waits its turn, ours commits whole.
    db.write(() => {
      const before = settings();
      expect(() => addSetting(other, 'theirs-2')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      addSetting(db.raw, 'ours-2');
      expect(settings()).toBe(before + 1);
    });
    addSetting(other, 'theirs-2');
    expect(db.raw.prepare("SELECT key FROM settings WHERE key IN ('ours-2', 'theirs-2') ORDER BY key").all()).toEqual([{ key: 'ours-2' }, { key: 'theirs-2' }]);
    other.close();
    db.close();
  });

  it('a store busy past the wait is a typed "unavailable" the window can retry, never "internal"', async () => {
    const core = createTempCore();
    try {
      core.services.db.raw.pragma('busy_timeout = 50');
      const importer = new Database(core.dbPath);
      importer.exec('BEGIN IMMEDIATE');
      expect(() => core.services.db.write(() => 1)).toThrow(StoreBusyError);
      const opened = await core.dispatch('reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' });
      expect(opened).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/store is busy .*try again/) } });
      importer.exec('COMMIT');
      importer.close();
      expect((await core.dispatch('reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' })).ok).toBe(true);
    } finally {
      core.dispose();
    }
  });
});

describe('a background import meeting a busy store', () => {
  it('waits its turn and writes once the other writer lets go, or reports the busy store after its limit', async () => {
    const path = join(tempDir(), 'waybill.db');
    const db = createDb(path);
    db.raw.pragma('busy_timeout = 20');
    const scanner = new Database(path);
    const addSetting = (key: string) => () => db.raw.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, 'x');

    scanner.exec('BEGIN IMMEDIATE');
    setTimeout(() => scanner.exec('COMMIT'), 300);
    await writeWhenStoreFree(() => db.write(addSetting('after-the-scan')));
    expect(db.raw.prepare("SELECT count(*) AS n FROM settings WHERE key = 'after-the-scan'").get()).toEqual({ n: 1 });

    scanner.exec('BEGIN IMMEDIATE');
    await expect(writeWhenStoreFree(() => db.write(addSetting('never')), 200)).rejects.toThrow(StoreBusyError);
    scanner.exec('COMMIT');
    expect(db.raw.prepare("SELECT count(*) AS n FROM settings WHERE key = 'never'").get()).toEqual({ n: 0 });
    scanner.close();
    db.close();
  });
});

describe('two processes open one older store at once', () => {
  it.each(migrations.slice(0, -1).map((m) => m.version))('from version %i: both end on the newest version, every row kept, one backup', async (version) => {
    const dir = tempDir();
    const path = storeAt(version, dir);
    // An importer holds the write lock until both have opened the store, so both really meet the old version.
    const importer = new Database(path);
    importer.exec('BEGIN IMMEDIATE');
    const children = [spawnCli(['stats', '--json', '--db', path]), spawnCli(['stats', '--json', '--db', path])];
    await Promise.all(children.map((c) => storeOpenedBy(c.child.pid as number, path)));
    importer.exec('COMMIT');
    importer.close();
    const both = await Promise.all(children.map((c) => c.exited));
    for (const run of both) {
      expect(run).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(run.out)).toMatchObject({ total: SHIPMENTS });
    }
    expect(facts(path)).toEqual({ version: NEWEST, shipments: SHIPMENTS, station: 'Pack 3', integrity: 'ok' });
    // Only the process that migrated took a backup; the other found the work done.
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(facts(join(dir, 'backups', backups[0]))).toMatchObject({ version, shipments: SHIPMENTS });
  });

  it('a SIGKILL in the middle of a migration leaves the old version with every row, and the next start migrates it', async () => {
    const dir = tempDir();
    const path = storeAt(1, dir);
    const { child, exited } = spawnTs('src-main/testing/migrate-slowly.ts', [path]);
    await new Promise<void>((resolve) => child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('migrating') && resolve()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    expect(facts(path)).toEqual({ version: 1, shipments: SHIPMENTS, station: 'Pack 3', integrity: 'ok' });
    createDb(path).close();
    expect(facts(path)).toEqual({ version: NEWEST, shipments: SHIPMENTS, station: 'Pack 3', integrity: 'ok' });
  });
});

describe('a store from a newer Waybill', () => {
  it('is refused, naming both versions and what to do, and left exactly as it was', async () => {
    const dir = tempDir();
    const path = storeAt(NEWEST, dir);
    const raw = new Database(path);
    raw.pragma(`user_version = ${NEWEST + 3}`);
    raw.close();

    expect(() => createDb(path, { backup: { dir: join(dir, 'backups') } })).toThrow(StoreTooNewError);
    const err: string[] = [];
    expect(await runCli(['stats', '--db', path], { out: () => undefined, err: (t) => err.push(t) })).toBe(1);
    expect(err.join('\n')).toContain(`store version ${NEWEST + 3}; this version knows up to ${NEWEST}`);
    expect(err.join('\n')).toContain('Install the newer version of Waybill');
    expect(facts(path)).toEqual({ version: NEWEST + 3, shipments: SHIPMENTS, station: 'Pack 3', integrity: 'ok' });
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});

describe('who owns a run', () => {
  const here: ProcessProbe = {
    host: 'pack-3',
    isAlive: (pid) => pid === 100 || pid === 200,
    startedAt: (pid) => (pid === 100 ? '5000' : pid === 200 ? '7000' : null),
  };
  it.each([
    [null, true, 'a run from a version that did not record its owner'],
    ['garbage', true, 'an owner that cannot be read'],
    [formatOwner({ host: 'pack-3', pid: 100, startedAt: '5000' }), false, 'a live process on this computer'],
    [formatOwner({ host: 'pack-3', pid: 300, startedAt: '5000' }), true, 'a pid that is gone'],
    [formatOwner({ host: 'pack-3', pid: 200, startedAt: '5000' }), true, 'a pid reused by another process since'],
    [formatOwner({ host: 'pack-3', pid: 100, startedAt: null }), false, 'a live pid where start times cannot be read'],
    [formatOwner({ host: 'office-pc', pid: 300, startedAt: '1' }), false, 'a process on another computer'],
  ] as [string | null, boolean, string][])('%s → gone: %s (%s)', (owner, gone) => expect(isOwnerGone(owner, here)).toBe(gone));

  it('reads the start time after a command name holding spaces and parentheses', () => {
    const stat = '4242 (node (waybill) x) S 1 4242 4242 0 -1 4194304 1 0 0 0 5 1 0 0 20 0 11 0 987654 1000 100';
    expect(linuxStartTime(stat)).toBe('987654');
  });

  it('opening the store marks only runs whose process is gone as interrupted', () => {
    const dir = tempDir();
    const path = storeAt(NEWEST, dir);
    const raw = new Database(path);
    const run = raw.prepare("INSERT INTO sync_runs (source, trigger, status, started_at, owner) VALUES ('file', 'cli', 'running', '2026-11-20T12:00:00Z', ?)");
    const alive = Number(run.run(currentOwner()).lastInsertRowid);
    const dead = Number(run.run(formatOwner({ host: hostname(), pid: 2 ** 22 + 1, startedAt: '1' })).lastInsertRowid);
    const legacy = Number(run.run(null).lastInsertRowid);
    raw.close();

    const core = createCore({
      dbPath: path,
      clock: systemClock,
      fetch,
      secrets: memorySecretStore(),
      config: { version: 'test', dataDir: dir },
      logger: quietLogger,
    });
    const status = (id: number) => core.services.sync.store.run(id)?.status;
    expect({ alive: status(alive), dead: status(dead), legacy: status(legacy) }).toEqual({ alive: 'running', dead: 'interrupted', legacy: 'interrupted' });
    core.close();
  });
});

describe('the data folder is private', () => {
  it('new stores, their write-ahead log, backups and exports are the user’s alone', async () => {
    const core = createTempCore();
    try {
      expect(mode(core.dbPath)).toBe(0o600);
      core.services.db.raw.prepare("INSERT INTO settings (key, value) VALUES ('station', 'Pack 3')").run();
      expect(mode(`${core.dbPath}-wal`)).toBe(0o600);
      expect(mode(backupStore(core.services.db.raw, join(core.dir, 'copy.db')))).toBe(0o600);
      const exported = await core.services.reports.exports.runToEnd({ kind: 'shipments', filter: {}, sort: [] }, 'csv');
      expect(exported.outcome).toBe('done');
      expect(mode(join(core.dir, 'exports'))).toBe(0o700);
      expect(mode(join(core.dir, 'exports', exported.fileName))).toBe(0o600);
    } finally {
      core.dispose();
    }
  });

  it('an existing folder an older version left open is tightened on start', () => {
    const dir = join(tempDir(), 'Waybill');
    mkdirSync(join(dir, 'backups'), { recursive: true });
    writeFileSync(join(dir, 'waybill.db'), '');
    writeFileSync(join(dir, 'backups', 'waybill-v1-2026-11-20T12-00-00-000Z.db'), '');
    for (const [path, m] of [
      [dir, 0o755],
      [join(dir, 'backups'), 0o755],
      [join(dir, 'waybill.db'), 0o644],
      [join(dir, 'backups', 'waybill-v1-2026-11-20T12-00-00-000Z.db'), 0o644],
    ] as const)
      chmodSync(path, m);
    ensurePrivateDataDir(dir);
    expect([
      mode(dir),
      mode(join(dir, 'backups')),
      mode(join(dir, 'waybill.db')),
      mode(join(dir, 'backups', 'waybill-v1-2026-11-20T12-00-00-000Z.db')),
    ]).toEqual([0o700, 0o700, 0o600, 0o600]);
  });
});
