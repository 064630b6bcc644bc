import type { Migration } from './runner';

/** Quota use, Retry-After pauses and breaker state per carrier account, shared by every process on the store. */
export const carrierStandingSchema: Migration = {
  version: 6,
  name: 'carrier standing',
  sql: `
-- Each request sent to a carrier account while it still counts against the account's quota window (ms since epoch).
CREATE TABLE carrier_requests (
  id INTEGER PRIMARY KEY,
  carrier TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
CREATE INDEX carrier_requests_window ON carrier_requests (carrier, sent_at);
ALTER TABLE carrier_accounts ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE carrier_accounts ADD COLUMN circuit_opened_at TEXT;
-- No request to this account before this time: a Retry-After, a backoff, or a spent quota.
ALTER TABLE carrier_accounts ADD COLUMN paused_until TEXT;
`,
};
