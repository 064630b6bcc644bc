import type { Migration } from './runner';

/**
 * A carrier that refused an account's credentials stops for every process on the store (the app, `track poll
 * --once`), not only the one that heard the 401, until the credentials are changed, test OK or staff resume it.
 */
export const carrierAuthStopSchema: Migration = {
  version: 12,
  name: 'carrier auth stop',
  sql: `
-- What the carrier said when it refused the credentials; NULL while the account may be polled.
ALTER TABLE carrier_accounts ADD COLUMN auth_refused TEXT;
`,
};
