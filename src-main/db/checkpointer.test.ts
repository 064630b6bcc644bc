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
});
