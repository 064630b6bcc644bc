import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';
import { GENERIC_HEADER, genericRow, writeCsv } from './testing/files';

const dir = mkdtempSync(join(tmpdir(), 'waybill-sync-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('waybill import shipments / sync --once', () => {
  const db = join(dir, 'store.db');

  it('prints inserted, updated, unchanged and every rejected row with its reason', async () => {
    const rows = [GENERIC_HEADER, genericRow(1), genericRow(2), genericRow(3)];
    rows[2] = [...rows[2]];
    rows[2][1] = '';
    writeCsv(join(dir, 'a.csv'), rows);
    const first = await cli('import', 'shipments', '--db', db, '--preset', 'generic', join(dir, 'a.csv'));
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: [{ row: 3, reason: 'missing tracking number' }] });
    const again = await cli('import', 'shipments', '--db', db, join(dir, 'a.csv'));
    expect(JSON.parse(again.out)).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: [{ row: 3, reason: 'missing tracking number' }] });
  });

  it('exits 1 with the reason when the file cannot be read, and 2 for a bad preset', async () => {
    writeCsv(join(dir, 'b.csv'), [
      ['Name', 'Total'],
      ['#1', '2'],
    ]);
    const unreadable = await cli('import', 'shipments', '--db', db, '--preset', 'shopify', join(dir, 'b.csv'));
    expect(unreadable.code).toBe(1);
    expect(JSON.parse(unreadable.out)).toEqual({ inserted: 0, updated: 0, unchanged: 0, rejected: [] });
    expect(unreadable.err).toContain('This file has no column for tracking number');
    const bad = await cli('import', 'shipments', '--db', db, '--preset', 'amazon', join(dir, 'b.csv'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--preset must be one of generic, shipstation, shopify');
  });

  it('sync --once with nothing configured runs nothing and says so', async () => {
    const result = await cli('sync', '--once', '--db', db);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ runs: [] });
  });
});
