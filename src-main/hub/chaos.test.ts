import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastChangeSeq } from '../db/changes';
import { createDb } from '../db/create-db';
import { cli } from '../testing/run-cli';
import { spawnCli } from '../testing/spawn-cli';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';

let pg: TempPostgres;
let dir: string;
beforeAll(async () => {
  pg = await startTempPostgres();
  dir = mkdtempSync(join(tmpdir(), 'waybill-hub-chaos-'));
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rowsOf = (dbPath: string, sql: string) => {
  const db = createDb(dbPath);
  try {
    return db.raw.prepare(sql).all();
  } finally {
    db.close();
  }
};

const counts = (path: string) =>
  rowsOf(path, "SELECT 'shipments' AS tbl, count(*) AS n FROM shipments UNION ALL SELECT 'tracking_events', count(*) FROM tracking_events");
const indexes = (path: string) => rowsOf(path, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name");
const content = (path: string) =>
  rowsOf(path, 'SELECT source, external_id, tracking_number, carrier, status, label_created_at FROM shipments ORDER BY source, external_id');

describe('a station cut short', () => {
  let url: string;
  let a: string;

  it('mid-push (SIGKILL) loses nothing and doubles nothing: the next push resumes, and another station ends with the same data', async () => {
    url = `${await pg.createDatabase('hub_chaos')}?sslmode=disable`;
    a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    expect((await cli('hub', 'connect', url, '--name', 'Pack A', '--db', a)).code).toBe(0);
    expect((await cli('hub', 'connect', url, '--name', 'Pack B', '--db', b)).code).toBe(0);
    expect((await cli('seed', '--shipments', '2000', '--db', a)).code).toBe(0);
    const db = createDb(a);
    const last = lastChangeSeq(db);
    db.close();

    const admin = new Client({ connectionString: url });
    await admin.connect();
    const pushedSeq = async () => Number((await admin.query<{ s: string }>('SELECT coalesce(max(pushed_seq), 0) AS s FROM pushes')).rows[0].s);
    const child = spawnCli(['hub', 'sync', '--once', '--db', a]);
    // SIGKILL once the hub holds part of the outbox: between batches, or in the middle of one.
    await expect.poll(pushedSeq, { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
    child.child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    expect(await pushedSeq()).toBeLessThan(last);

    const resumed = await cli('hub', 'sync', '--once', '--db', a);
    expect(resumed.code, resumed.err).toBe(0);
    expect(await pushedSeq()).toBe(last);
    const onHub = await admin.query<{ tbl: string; n: number }>(
      "SELECT tbl, count(*)::int AS n FROM rows WHERE tbl IN ('shipments', 'tracking_events') GROUP BY tbl ORDER BY tbl",
    );
    await admin.end();

    expect((await cli('hub', 'sync', '--once', '--db', b)).code).toBe(0);
    expect(counts(a)).toEqual(onHub.rows);
    expect(counts(b)).toEqual(counts(a));
    expect(content(b)).toEqual(content(a));
  });

  it('mid-join (SIGKILL, a hub restart) resumes where the last whole batch left it, and ends with the same data', async () => {
    // A third station joining (an empty store taking the hub's snapshot) is SIGKILLed mid-join; a fourth is
    // joining when the hub restarts under it. Each resumes where its last whole batch left it, and both end
    // with the same data, nothing doubled.
    const joinState = (path: string) => {
      const raw = new Database(path, { readonly: true });
      try {
        const rows = raw.prepare("SELECT key, value FROM hub_station WHERE key LIKE 'join.%'").all() as { key: string; value: string }[];
        const state = Object.fromEntries(rows.map((r) => [r.key, r.value]));
        return { done: Number(state['join.done'] ?? 0), total: Number(state['join.total'] ?? 0), finished: state['join.finished'] !== undefined };
      } catch {
        return { done: 0, total: 0, finished: false };
      } finally {
        raw.close();
      }
    };
    const c = join(dir, 'c.db');
    expect((await cli('hub', 'connect', url, '--name', 'Pack C', '--db', c)).code).toBe(0);
    const killed = spawnCli(['hub', 'sync', '--once', '--db', c]);
    await expect.poll(() => joinState(c).done, { timeout: 30_000, interval: 2 }).toBeGreaterThan(0);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    const cutShort = joinState(c);
    expect(cutShort.finished).toBe(false);
    expect(cutShort.done).toBeLessThan(cutShort.total);
    const rejoined = await cli('hub', 'sync', '--once', '--db', c);
    expect(rejoined.code, rejoined.err).toBe(0);
    // Resumed, not restarted: the second run took only what the first had not.
    expect(JSON.parse(rejoined.out).pulled).toBe(cutShort.total - cutShort.done);
    expect(counts(c)).toEqual(counts(a));
    expect(content(c)).toEqual(content(a));
    // The indexes (and change triggers) the join set aside while it loaded are all back.
    expect(indexes(c)).toEqual(indexes(a));

    const d = join(dir, 'd.db');
    expect((await cli('hub', 'connect', url, '--name', 'Pack D', '--db', d)).code).toBe(0);
    const pulling = spawnCli(['hub', 'sync', '--once', '--db', d]);
    await expect.poll(() => joinState(d).done, { timeout: 30_000, interval: 2 }).toBeGreaterThan(0);
    await pg.restart();
    const cut = await pulling.exited;
    expect(cut.code).toBe(1);
    expect(joinState(d).finished).toBe(false);
    // Cut off from the hub, it works alone until the join goes on: with every index its screens need.
    expect(indexes(d)).toEqual(indexes(a));
    const again = await cli('hub', 'sync', '--once', '--db', d);
    expect(again.code, again.err).toBe(0);
    expect(counts(d)).toEqual(counts(a));
    expect(content(d)).toEqual(content(a));
    expect(indexes(d)).toEqual(indexes(a));
  });
});
