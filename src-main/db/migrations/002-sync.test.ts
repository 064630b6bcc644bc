import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './index';
import { migrate } from './runner';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migration 002 (shipment sync)', () => {
  it('keeps version-1 shipments and runs, giving them the defaults sync reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-mig2-'));
    dirs.push(dir);
    const raw = new Database(join(dir, 'store.db'));
    migrate(raw, migrations, 1);
    raw
      .prepare(
        "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, created_at, updated_at) VALUES ('demo', 'D-1', '1Z', 'ups', '2026-11-20T00:00:00Z', 'x', 'x')",
      )
      .run();
    raw.prepare("INSERT INTO sync_runs (source, started_at, finished_at, inserted) VALUES ('file', '2026-11-19T00:00:00Z', '2026-11-19T00:01:00Z', 7)").run();
    raw.prepare("INSERT INTO sync_rejects (run_id, row_number, raw, reason) VALUES (1, 3, '{}', 'missing tracking number')").run();

    expect(migrate(raw, migrations, 2)).toBe(2);
    expect(raw.prepare('SELECT external_id, sync_revision FROM shipments').get()).toEqual({ external_id: 'D-1', sync_revision: 0 });
    expect(raw.prepare('SELECT status, trigger, file_name, inserted FROM sync_runs').get()).toEqual({
      status: 'succeeded',
      trigger: 'manual',
      file_name: null,
      inserted: 7,
    });
    expect(raw.prepare('SELECT code, resolved_run_id, reason FROM sync_rejects').get()).toEqual({
      code: null,
      resolved_run_id: null,
      reason: 'missing tracking number',
    });
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['sync_order_values', 'sync_unmapped_codes']));
    raw.prepare("INSERT INTO sync_order_values (source, order_number, value_cents, updated_at) VALUES ('shipstation', '100', 1999, 'x')").run();
    expect(() =>
      raw.prepare("INSERT INTO sync_order_values (source, order_number, value_cents, updated_at) VALUES ('shipstation', '100', 5, 'x')").run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    raw.close();
  });
});
