import type { ScanEntry, ScanPurpose, ScanSession, ScanVerdict } from '../../src-shared/api/reconcile';
import type { ScanCarrier } from '../../src-shared/domain/scan';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import type { Row } from '../db/schema';

/** Manual entries and parser errors have no column in `scans`; they ride in one audit row per such scan. */
export const SCAN_DETAIL_ACTION = 'recorded';

export interface ScanDetail {
  manual?: boolean;
  error?: string;
}

export const toSession = (r: Row<'scan_sessions'>): ScanSession => ({
  id: r.id,
  station: r.station,
  operator: r.operator,
  carrier: r.carrier as Carrier | null,
  purpose: r.purpose as ScanPurpose,
  warehouse: r.warehouse,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  note: r.note,
});

const SCAN_ENTRY_COLUMNS = [
  'sc.id',
  'sc.session_id',
  'sc.raw',
  'sc.verdict',
  'sc.carrier',
  'sc.tracking_number',
  'sc.shipment_id',
  'sc.scanned_at',
  'sc.undone_at',
  'sc.note',
] as const;

/** A session's scans with their detail row; `sc` is scans, `a` the audit detail. */
export const scanEntries = (db: Db) =>
  db.kysely
    .selectFrom('scans as sc')
    .leftJoin('audit_log as a', (join) => join.on('a.entity', '=', 'scan').onRef('a.entity_id', '=', 'sc.id').on('a.action', '=', SCAN_DETAIL_ACTION))
    .select([...SCAN_ENTRY_COLUMNS, 'a.after as detail']);

type ScanEntryRecord = Omit<Row<'scans'>, 'client_scan_id'> & { detail: string | null };

export function toScanEntry(r: ScanEntryRecord): ScanEntry {
  const detail = r.detail ? (JSON.parse(r.detail) as ScanDetail) : {};
  return {
    scanId: r.id,
    sessionId: r.session_id,
    raw: r.raw,
    verdict: r.verdict as ScanVerdict,
    carrier: r.carrier as ScanCarrier | null,
    trackingNumber: r.tracking_number,
    shipmentId: r.shipment_id,
    scannedAt: r.scanned_at,
    undoneAt: r.undone_at,
    note: r.note,
    manual: detail.manual === true,
    error: detail.error ?? null,
  };
}
