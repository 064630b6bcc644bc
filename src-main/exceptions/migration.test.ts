import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { exceptionsSchema } from '../db/migrations/003-exceptions';
import { migrations } from '../db/migrations';
import { migrate } from '../db/migrations/runner';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('003 keeps items written before it and gives them a version, no closer and no re-trigger memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-mig3-'));
  dirs.push(dir);
  const raw = new Database(join(dir, 'store.db'));
  migrate(raw, migrations, exceptionsSchema.version - 1);
  raw
    .prepare(
      "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, created_at, updated_at) VALUES ('t', '1', '1Z', 'ups', 'x', 'x', 'x')",
    )
    .run();
  raw.prepare("INSERT INTO exceptions (shipment_id, reason, state, opened_at, updated_at) VALUES (1, 'damaged', 'open', 'x', 'x')").run();

  expect(migrate(raw, migrations, exceptionsSchema.version)).toBe(3);
  expect(raw.prepare('SELECT reason, state, version, closed_by, condition_active, priority_at FROM exceptions').all()).toEqual([
    { reason: 'damaged', state: 'open', version: 1, closed_by: null, condition_active: 0, priority_at: null },
  ]);
  const plan = raw
    .prepare(
      "EXPLAIN QUERY PLAN SELECT id FROM exceptions INDEXED BY exceptions_queue WHERE state IN ('open', 'in_progress') ORDER BY priority DESC, id DESC LIMIT 100",
    )
    .all() as { detail: string }[];
  expect(plan.map((p) => p.detail)).toEqual(['SCAN exceptions USING INDEX exceptions_queue']);
  expect(() => raw.prepare("INSERT INTO exceptions (shipment_id, reason, state, opened_at, updated_at) VALUES (1, 'damaged', 'open', 'x', 'x')").run()).toThrow(
    /UNIQUE/,
  );
  raw.close();
});
