import type { Migration } from './runner';

/** A station names each scan before sending it, so a scan replayed after a lost answer is recorded once. */
export const scanClientIdSchema: Migration = {
  version: 8,
  name: 'scan client id',
  sql: `
ALTER TABLE scans ADD COLUMN client_scan_id TEXT;
CREATE UNIQUE INDEX scans_client_scan_id ON scans (client_scan_id) WHERE client_scan_id IS NOT NULL;
`,
};
