import type { Migration } from './runner';

/** Polling cadence set per carrier account (DOMAIN.md §6: defaults, configurable per carrier). */
export const carrierCadenceSchema: Migration = {
  version: 4,
  name: 'carrier cadence',
  sql: `
-- JSON of the cadence settings that differ from the defaults; NULL until someone changes one.
ALTER TABLE carrier_accounts ADD COLUMN cadence TEXT;
`,
};
