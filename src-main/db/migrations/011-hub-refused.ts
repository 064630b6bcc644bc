import type { Migration } from './runner';

/**
 * Rows from the hub this station refused (a malformed or hostile value, a broken constraint): kept with the
 * reason so a person can see what did not arrive, never replicated. The feed goes on past them.
 */
export const hubRefusedSchema: Migration = {
  version: 11,
  name: 'hub refused rows',
  sql: `
CREATE TABLE hub_refused_rows (
  id INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  origin TEXT NOT NULL,
  key TEXT NOT NULL,
  change_no INTEGER,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
`,
};
