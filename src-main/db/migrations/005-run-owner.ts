import type { Migration } from './runner';

/** A run belongs to the process that started it: only runs whose owner is gone are marked interrupted. */
export const runOwnerSchema: Migration = {
  version: 5,
  name: 'run owner',
  sql: `
-- host/pid/process start of the process running it (platform/process-owner.ts); NULL for runs of older versions.
ALTER TABLE sync_runs ADD COLUMN owner TEXT;
`,
};
