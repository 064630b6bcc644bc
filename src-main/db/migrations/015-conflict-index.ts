import type { Migration } from './runner';

/** A manager's list of today's hub conflicts reads only the conflict entries of the audit log, newest first. */
export const conflictIndexSchema: Migration = {
  version: 15,
  name: 'conflict index',
  sql: `CREATE INDEX audit_hub_conflicts ON audit_log (at) WHERE action = 'hub_conflict_lost';`,
};
