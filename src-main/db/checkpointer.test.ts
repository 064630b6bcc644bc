import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from './create-db';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('background WAL checkpoints', () => {
  it('copy committed writes into the store from a worker, so the log does not grow without bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-ckpt-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    const errors: string[] = [];
    const db = createDb(path, { backgroundCheckpoint: { intervalMs: 50, onError: (m) => errors.push(m) } });
    expect(db.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.raw.prepare("INSERT INTO settings (key, value) VALUES (?, 'x')");
    db.raw.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`k${i}`);
    })();
    const before = statSync(path).size;
    await expect.poll(() => statSync(path).size, { timeout: 5_000 }).toBeGreaterThan(before);
    db.close();
    expect(errors).toEqual([]);
  });

  it('checkpoints on request for a long writer, which waits without blocking, and the log then starts over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-ckpt-'));
    dirs.push(dir);
    const db = createDb(join(dir, 'store.db'), { backgroundCheckpoint: { intervalMs: 3_600_000, onError: () => undefined } });
    const insert = db.raw.prepare("INSERT INTO settings (key, value) VALUES (?, 'x')");
    const write = (from: number, rows: number) =>
      db.raw.transaction(() => {
        for (let i = from; i < from + rows; i++) insert.run(`k${i}`);
      })();
    // A checkpoint the caller does not wait for would see frames grow under it; this one has the log to itself.
    const framesInLog = () => (db.raw.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0].log;
    write(0, 20_000);
    const grown = framesInLog();
    expect(grown).toBeGreaterThan(100);
    const checkpoint = db.checkpointInBackground?.();
    expect(checkpoint).toBeInstanceOf(Promise);
    // The worker checkpoints: this thread gets a pending promise and keeps serving (a setImmediate raced its answer).
    expect(await Promise.race([checkpoint?.then(() => 'done'), Promise.resolve('still running')])).toBe('still running');
    await checkpoint;
    write(20_000, 10);
    expect(framesInLog()).toBeLessThan(10);
    db.close();
  });
});
