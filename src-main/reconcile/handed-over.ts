import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * The one "not yet scanned" rule, for the board's `created_not_scanned` bucket and a handoff manifest's
 * "expected but not scanned": reconciliation proves each label became a parcel handed to the carrier
 * (DOMAIN.md §4), so a label counts as scanned only once a live scan matched it in a carrier handoff, at or
 * before `cutoff` when one is given (a manifest keeps saying what it said when the driver signed).
 * Pack-station scans and wrong-carrier or invalid scans do not hand a parcel over. Reads `s` as the shipment.
 */
export function notYetHandedOver(cutoff: string | null): Expression<SqlBool> {
  const before = cutoff === null ? sql`` : sql`AND sc.scanned_at <= ${cutoff}`;
  // Sessions are few: their handoff ids are one small set SQLite builds once, rather than a join per scan.
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM scans sc WHERE sc.tracking_number = s.tracking_number AND sc.undone_at IS NULL AND sc.verdict = 'matched'
    AND sc.session_id IN (SELECT id FROM scan_sessions WHERE purpose = 'carrier_handoff') ${before})`;
}
