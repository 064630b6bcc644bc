import type { HubRefusedRow } from '../../src-shared/api';
import type { Db } from '../db/create-db';

/** How many rows from the hub this station refused (hub_refused_rows, written by replication.ts's applyOrSkip). */
export const refusedCount = (db: Db): number => (db.prepare('SELECT count(*) AS n FROM hub_refused_rows').get() as { n: number }).n;

/** The refused rows, newest first, for the hub panel. */
export function listRefused(db: Db, limit: number): HubRefusedRow[] {
  const rows = db.prepare('SELECT id, tbl, origin, key, change_no, reason, at FROM hub_refused_rows ORDER BY id DESC LIMIT ?').all(limit) as {
    id: number;
    tbl: string;
    origin: string;
    key: string;
    change_no: number | null;
    reason: string;
    at: string;
  }[];
  return rows.map((r) => ({ id: r.id, table: r.tbl, origin: r.origin, key: r.key, changeNo: r.change_no, reason: r.reason, at: r.at }));
}
