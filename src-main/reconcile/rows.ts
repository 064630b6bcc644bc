import type { ScanEntry, ScanPurpose, ScanSession, ScanVerdict } from '../../src-shared/api/reconcile';
import type { ScanCarrier } from '../../src-shared/domain/scan';
import type { Carrier } from '../../src-shared/domain/tracking/status';

/** Manual entries and parser errors have no column in `scans`; they ride in one audit row per such scan. */
export const SCAN_DETAIL_ACTION = 'recorded';

export interface ScanDetail {
  manual?: boolean;
  error?: string;
}

export const SESSION_COLUMNS = 'id, station, operator, carrier, purpose, warehouse, opened_at, closed_at, note';

export interface SessionRecord {
  id: number;
  station: string;
  operator: string;
  carrier: string | null;
  purpose: string;
  warehouse: string | null;
  opened_at: string;
  closed_at: string | null;
  note: string | null;
}

export const toSession = (r: SessionRecord): ScanSession => ({
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

/** A session's scans with their detail row; `sc` is scans, `a` the audit detail. */
export const SCAN_ENTRY_SELECT = `SELECT sc.id, sc.session_id, sc.raw, sc.verdict, sc.carrier, sc.tracking_number, sc.shipment_id,
    sc.scanned_at, sc.undone_at, sc.note, a.after AS detail
  FROM scans sc
  LEFT JOIN audit_log a ON a.entity = 'scan' AND a.entity_id = sc.id AND a.action = '${SCAN_DETAIL_ACTION}'`;

export interface ScanEntryRecord {
  id: number;
  session_id: number;
  raw: string;
  verdict: string;
  carrier: string | null;
  tracking_number: string | null;
  shipment_id: number | null;
  scanned_at: string;
  undone_at: string | null;
  note: string | null;
  detail: string | null;
}

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
