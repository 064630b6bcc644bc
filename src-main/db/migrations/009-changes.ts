import type { Migration } from './runner';

/** The replicated tables as they stood at version 9, with the expression that names one row. */
const replicatedAtV9: readonly (readonly [table: string, key: string])[] = [
  ['shipments', 'id'],
  ['tracking_events', 'id'],
  ['scans', 'id'],
  ['scan_sessions', 'id'],
  ['exceptions', 'id'],
  ['audit_log', 'id'],
  ['returns', 'id'],
  ['pickups', 'id'],
  ['settings', 'key'],
  ['warehouses', 'code'],
  ['sync_cursors', 'source'],
  ['sync_order_values', 'json_array(@.source, @.order_number)'],
  ['sync_rejects', 'id'],
  ['sync_unmapped_codes', 'json_array(@.kind, @.code, @.source)'],
];

const keyOf = (key: string, row: 'NEW' | 'OLD') => (key.includes('@') ? key.replaceAll('@', row) : `${row}.${key}`);

const triggers = ([table, key]: readonly [string, string]) =>
  (['insert', 'update', 'delete'] as const)
    .map((op) => {
      const row = op === 'delete' ? 'OLD' : 'NEW';
      return `CREATE TRIGGER ${table}_changes_${op} AFTER ${op.toUpperCase()} ON ${table} BEGIN
  INSERT INTO changes (tbl, row_key, op) VALUES ('${table}', ${keyOf(key, row)}, '${op}');
END;`;
    })
    .join('\n');

/**
 * Writes are data: every change to a replicated table is recorded (table, key, operation) in the same
 * transaction, by a trigger, so no write path can forget it. A row's revision is the seq of its last change.
 * Replication reads this log; consumers keep a cursor, and rows every consumer has read are pruned.
 */
export const changesSchema: Migration = {
  version: 9,
  name: 'change log',
  sql: `
-- The hot paths pay for every column here (an ingest writes a record per event): a rowid seq, no timestamp.
-- The newest record is never pruned, so a rowid is never handed out twice (see db/changes.ts).
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  row_key TEXT NOT NULL,
  op TEXT NOT NULL
);
-- Who reads the log (the hub's push) and how far; with no consumer, the whole log is prunable.
CREATE TABLE change_consumers (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
${replicatedAtV9.map(triggers).join('\n')}
`,
};
