import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';
import { exampleTrackingNumber } from '../demo/tracking-numbers';

const dir = mkdtempSync(join(tmpdir(), 'waybill-returns-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('returns on the command line', () => {
  const db = join(dir, 'store.db');
  const file = join(dir, 'returns.csv');
  writeFileSync(
    file,
    `\uFEFFRMA,Order,Return Tracking Number,Carrier,Reason,Items\r\nR-1,5001,${exampleTrackingNumber('usps', 11)},usps,Too small,1 shirt\r\nR-2,5002,${exampleTrackingNumber('fedex', 12)},fedex,,\r\n,5003,,,,\r\n`,
  );

  it('imports a returns file and reports counts and rejected rows as JSON; a second run changes nothing', async () => {
    const first = await cli('import', 'returns', '--db', db, file);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      rejects: [{ rowNumber: 4, reason: 'missing RMA number' }],
    });
    const second = await cli('import', 'returns', '--db', db, file);
    expect(JSON.parse(second.out)).toMatchObject({ inserted: 0, unchanged: 2, rejected: 1 });
  });

  it('lists returns as JSON, filtered by state', async () => {
    const all = await cli('returns', 'list', '--json', '--db', db);
    expect(all.code).toBe(0);
    const rows = (JSON.parse(all.out) as { returns: { rmaNumber: string; state: string }[] }).returns;
    expect(rows.map((r) => [r.rmaNumber, r.state]).sort()).toEqual([
      ['R-1', 'label_issued'],
      ['R-2', 'label_issued'],
    ]);
    const none = await cli('returns', 'list', '--json', '--state', 'received', '--db', db);
    expect(JSON.parse(none.out)).toEqual({ returns: [] });
    const text = await cli('returns', 'list', '--db', db);
    expect(text.out).toContain('2 return(s)');
  });

  it('lists every return, however many (a year of them), in the store order of the latest change', async () => {
    const store = new Database(db);
    const insert = store.prepare(
      "INSERT INTO returns (source, external_id, rma_number, state, created_at, updated_at) VALUES ('returns-file', ?, ?, 'in_transit', ?, ?)",
    );
    store.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run(`B-${i}`, `B-${i}`, '2026-11-01T00:00:00.000Z', `2026-11-01T00:${String(i % 60).padStart(2, '0')}:00.000Z`);
    })();
    store.close();
    const listed = await cli('returns', 'list', '--json', '--state', 'in_transit', '--db', db);
    const rows = (JSON.parse(listed.out) as { returns: { rmaNumber: string; updatedAt: string }[] }).returns;
    expect(rows).toHaveLength(6000);
    expect(new Set(rows.map((r) => r.rmaNumber)).size).toBe(6000);
    expect(rows.map((r) => r.updatedAt)).toEqual(
      rows
        .map((r) => r.updatedAt)
        .sort()
        .reverse(),
    );
  });

  it('explains a bad state or a missing file', async () => {
    const badState = await cli('returns', 'list', '--state', 'lost', '--db', db);
    expect(badState.code).toBe(2);
    expect(badState.err).toContain('--state must be one of label_issued');
    const missing = await cli('import', 'returns', '--db', db, join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
  });
});
