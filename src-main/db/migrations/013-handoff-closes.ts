import type { Migration } from './runner';

const triggers = (['insert', 'update', 'delete'] as const)
  .map(
    (op) => `CREATE TRIGGER handoff_closes_changes_${op} AFTER ${op.toUpperCase()} ON handoff_closes BEGIN
  INSERT INTO changes (tbl, row_key, op) VALUES ('handoff_closes', ${op === 'delete' ? 'OLD' : 'NEW'}.id, '${op}');
END;`,
  )
  .join('\n');

/** End-of-day closes per carrier: what was signed for, so the manifest can be printed again as it was. */
export const handoffClosesSchema: Migration = {
  version: 13,
  name: 'handoff closes',
  sql: `
CREATE TABLE handoff_closes (
  id INTEGER PRIMARY KEY,
  carrier TEXT NOT NULL,
  day TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  warehouse TEXT,
  station TEXT NOT NULL,
  operator TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  parcel_count INTEGER NOT NULL,
  total_weight_oz REAL NOT NULL,
  expected_count INTEGER NOT NULL,
  missing_count INTEGER NOT NULL
);
CREATE INDEX handoff_closes_day ON handoff_closes (day, carrier);
${triggers}
`,
};
