import type { ClientBase } from 'pg';
import { advisoryKey } from './keys';

/** One step of the hub's own schema; like the local migrations, never edited once released: add a step. */
export interface HubMigration {
  version: number;
  name: string;
  sql: string;
}

export const HUB_MIGRATIONS: readonly HubMigration[] = [
  {
    version: 1,
    name: 'stations',
    sql: `
CREATE TABLE stations (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('packing', 'returns', 'office')),
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    version: 2,
    name: 'replicated rows',
    sql: `
CREATE SEQUENCE change_numbers;
-- Every replicated row of every station, as it is now, named by (table, origin station, origin key); each
-- write gives it the next change number, so "changes after N" is one index range.
CREATE TABLE rows (
  tbl text NOT NULL,
  origin text NOT NULL,
  key text NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  data jsonb,
  written_by text NOT NULL REFERENCES stations (id),
  written_at timestamptz NOT NULL DEFAULT now(),
  change_no bigint NOT NULL DEFAULT nextval('change_numbers'),
  PRIMARY KEY (tbl, origin, key)
);
CREATE UNIQUE INDEX rows_change_no ON rows (change_no);
-- How far each station's outbox has reached the hub: a push re-sent after a lost answer is skipped here.
CREATE TABLE pushes (
  station_id text PRIMARY KEY REFERENCES stations (id),
  pushed_seq bigint NOT NULL
);
-- A change to a mutable record based on a revision older than the hub's: the first accepted stays, the late
-- one is kept here (and in the losing station's audit trail), never silently dropped.
CREATE TABLE conflicts (
  id bigserial PRIMARY KEY,
  tbl text NOT NULL,
  origin text NOT NULL,
  key text NOT NULL,
  lost_by text NOT NULL REFERENCES stations (id),
  lost_data jsonb,
  won_by text NOT NULL REFERENCES stations (id),
  won_change_no bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    version: 3,
    name: 'presence',
    sql: `
-- Who has which record open right now, one row per person per station. Each row is renewed while the
-- record stays open and lapses at expires_at: a station that crashes or loses the hub leaves nothing behind.
CREATE TABLE presence (
  station_id text NOT NULL REFERENCES stations (id),
  operator text NOT NULL,
  entity text NOT NULL,
  origin text NOT NULL,
  key text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (station_id, operator)
);
CREATE INDEX presence_expires ON presence (expires_at);`,
  },
  {
    version: 4,
    name: 'hub identity',
    sql: `
-- Made once, with the hub: a station that remembers another id knows its hub was replaced (dropped and made
-- again, another database at the same address) and joins it again instead of diverging from it.
CREATE TABLE hub_identity (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO hub_identity (id) VALUES (gen_random_uuid()::text);`,
  },
];

/** A hub migrated by a newer Waybill: this station would misread it, so it does not touch it. */
export class HubTooNewError extends Error {
  constructor(
    readonly hubVersion: number,
    readonly codeVersion: number,
  ) {
    super(`The hub's schema is version ${hubVersion}; this Waybill knows up to ${codeVersion}. Update this station before connecting it.`);
    this.name = 'HubTooNewError';
  }
}

const MIGRATION_LOCK = advisoryKey('hub-schema');

/**
 * Applies the pending steps in one transaction under a transaction-scoped advisory lock: of several stations
 * connecting at once the first migrates, the others wait, then find nothing left to do. Returns the version.
 */
export async function migrateHub(client: ClientBase, migrations: readonly HubMigration[] = HUB_MIGRATIONS, stationId: string | null = null): Promise<number> {
  const newest = migrations.at(-1)?.version ?? 0;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS hub_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text)',
    );
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM hub_schema');
    const current = rows[0].version ?? 0;
    if (current > newest) throw new HubTooNewError(current, newest);
    for (const step of migrations.filter((m) => m.version > current)) {
      await client.query(step.sql);
      await client.query('INSERT INTO hub_schema (version, name, applied_by) VALUES ($1, $2, $3)', [step.version, step.name, stationId]);
    }
    await client.query('COMMIT');
    return Math.max(current, newest);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
