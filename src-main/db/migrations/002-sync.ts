import type { Migration } from './runner';

/** Shipment sync: how a run was started and ended, replayable rejects, order values and unmapped codes. */
export const syncSchema: Migration = {
  version: 2,
  name: 'shipment sync',
  sql: `
-- Bumped on every upstream change after the first insert, so an upsert's RETURNING tells inserted (0) from updated.
ALTER TABLE shipments ADD COLUMN sync_revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX shipments_source_order ON shipments (source, order_number);

ALTER TABLE sync_runs ADD COLUMN trigger TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE sync_runs ADD COLUMN file_name TEXT;
ALTER TABLE sync_runs ADD COLUMN status TEXT NOT NULL DEFAULT 'succeeded';
CREATE INDEX sync_runs_started ON sync_runs (started_at DESC);

-- code: a machine reason ('unknown_carrier', ...); fields: the row as the importer read it, so a new mapping can replay it.
ALTER TABLE sync_rejects ADD COLUMN code TEXT;
ALTER TABLE sync_rejects ADD COLUMN code_value TEXT;
ALTER TABLE sync_rejects ADD COLUMN fields TEXT;
ALTER TABLE sync_rejects ADD COLUMN resolved_run_id INTEGER;
CREATE INDEX sync_rejects_run ON sync_rejects (run_id, row_number);
CREATE INDEX sync_rejects_open_code ON sync_rejects (code, code_value) WHERE resolved_run_id IS NULL;

CREATE TABLE sync_order_values (
  source TEXT NOT NULL,
  order_number TEXT NOT NULL,
  value_cents INTEGER NOT NULL,
  currency TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (source, order_number)
) WITHOUT ROWID;

CREATE TABLE sync_unmapped_codes (
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  source TEXT NOT NULL,
  seen INTEGER NOT NULL DEFAULT 0,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (kind, code, source)
) WITHOUT ROWID;
`,
};
