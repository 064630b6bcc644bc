import type { Migration } from './runner';

/**
 * What a station keeps about the hub, never replicated: its own identity and cursors, and for each row that
 * came from another station the hub's name for it (origin station + that station's key), so its updates and
 * references go back to the hub under the name every station shares; and the revision of each row it last saw.
 */
export const hubSchema: Migration = {
  version: 10,
  name: 'hub station',
  sql: `
CREATE TABLE hub_station (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE hub_row_origins (
  tbl TEXT NOT NULL,
  local_key TEXT NOT NULL,
  origin_station TEXT NOT NULL,
  origin_key TEXT NOT NULL,
  PRIMARY KEY (tbl, local_key),
  UNIQUE (tbl, origin_station, origin_key)
);
-- The hub's change number of the version of each row this station last sent or received: the revision a
-- change to a mutable record is based on. A hub holding a newer one written elsewhere means a conflict.
CREATE TABLE hub_row_seen (
  tbl TEXT NOT NULL,
  local_key TEXT NOT NULL,
  change_no INTEGER NOT NULL,
  PRIMARY KEY (tbl, local_key)
);
`,
};
