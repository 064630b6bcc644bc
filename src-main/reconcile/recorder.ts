import { ApiError } from '../../src-shared/api/envelope';
import type { ScanPurpose, ScanResult, ScanShipment, ScanVerdict } from '../../src-shared/api/reconcile';
import { parseScan } from '../../src-shared/domain/scan';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import { recordAudit } from '../audit';
import type { Db } from '../db/create-db';
import type { Clock } from '../platform/ports';
import { SCAN_DETAIL_ACTION, type ScanDetail } from './rows';
import { parseStationOptions, STATION_SETTINGS_KEY_PREFIX } from './station-settings';
import { chooseCandidate, decideVerdict, verdictMessage } from './verdict';

export interface RecordScanInput {
  sessionId: number;
  raw: string;
  manual: boolean;
  /** Set by a station that may send the same scan again; the second time gets the first answer. */
  clientScanId?: string;
  /** Who is calling, for the audit row of manual entries; the session's operator and station otherwise. */
  operator?: string;
  station?: string;
}

/** The verdict plus what a caller building on it (the returns desk) needs to continue in the same transaction. */
export interface RecordedScan extends ScanResult {
  sessionId: number;
  station: string;
}

export interface ScanRecorder {
  /** Parses, looks up, decides and INSERTs in one transaction; the verdict exists only once it is stored. */
  recordScan(input: RecordScanInput): RecordedScan;
}

interface SessionFacts {
  station: string;
  operator: string;
  carrier: Carrier | null;
  purpose: ScanPurpose;
  closedAt: string | null;
  settings: string | null;
}

interface ShipmentRecord {
  id: number;
  carrier: string;
  service: string | null;
  warehouse: string | null;
  orderNumber: string | null;
  status: string;
  shipToName: string | null;
  shipToCity: string | null;
}

interface EarlierScan {
  scanId: number;
  raw: string;
  verdict: string;
  trackingNumber: string | null;
  shipmentId: number | null;
  scannedAt: string;
}

type ParseOptions = { prefixToStrip?: string; suffixToStrip?: string };

interface HistoryRecord {
  sessionId: number;
  verdict: string;
  purpose: string;
}

const toShipment = (r: ShipmentRecord): ScanShipment => ({
  ...r,
  carrier: r.carrier as Carrier,
  status: r.status as TrackingStatus,
});

/** Statements are prepared once per core: the hot path runs four indexed lookups and one INSERT, nothing compiled. */
export function createScanRecorder(db: Db, clock: Clock): ScanRecorder {
  const sessionById = db.prepare(`SELECT s.station, s.operator, s.carrier, s.purpose, s.closed_at AS closedAt, st.value AS settings
    FROM scan_sessions s LEFT JOIN settings st ON st.key = '${STATION_SETTINGS_KEY_PREFIX}' || s.station
    WHERE s.id = ?`);
  // A re-issued label can share a number with its voided predecessor: the live one wins.
  const shipmentByNumber = db.prepare(`SELECT id, carrier, service, warehouse, order_number AS orderNumber, status,
      ship_to_name AS shipToName, ship_to_city AS shipToCity
    FROM shipments WHERE tracking_number = ? ORDER BY status = 'cancelled', id DESC LIMIT 1`);
  const liveScansOfNumber = db.prepare(`SELECT sc.session_id AS sessionId, sc.verdict, ss.purpose
    FROM scans sc JOIN scan_sessions ss ON ss.id = sc.session_id
    WHERE sc.tracking_number = ? AND sc.undone_at IS NULL AND sc.verdict <> 'invalid'`);
  const insertScan = db.prepare(`INSERT INTO scans (session_id, raw, carrier, tracking_number, shipment_id, verdict, scanned_at, client_scan_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const scanByClientId = db.prepare(`SELECT id AS scanId, raw, verdict, tracking_number AS trackingNumber, shipment_id AS shipmentId, scanned_at AS scannedAt
    FROM scans WHERE client_scan_id = ? AND session_id = ?`);
  const shipmentById = db.prepare(`SELECT id, carrier, service, warehouse, order_number AS orderNumber, status,
      ship_to_name AS shipToName, ship_to_city AS shipToCity
    FROM shipments WHERE id = ?`);

  /** The answer a scan already got, rebuilt from what was stored, for a station that never received it. */
  const answerAgain = (earlier: EarlierScan, input: RecordScanInput, session: SessionFacts, parseOptions: ParseOptions): RecordedScan => {
    const parsed = parseScan(earlier.raw, parseOptions);
    const candidate = parsed.candidates.find((c) => c.trackingNumber === earlier.trackingNumber) ?? null;
    const shipment = earlier.shipmentId === null ? null : ((shipmentById.get(earlier.shipmentId) as ShipmentRecord | undefined) ?? null);
    const verdict = earlier.verdict as ScanVerdict;
    return {
      scanId: earlier.scanId,
      sessionId: input.sessionId,
      station: session.station,
      verdict,
      carrier: candidate?.carrier ?? null,
      trackingNumber: earlier.trackingNumber,
      shipment: shipment && toShipment(shipment),
      message: verdictMessage(verdict, { candidate, shipment, sessionCarrier: session.carrier, error: parsed.error }),
      raw: earlier.raw,
      manual: input.manual,
      scannedAt: earlier.scannedAt,
      error: parsed.error,
      candidates: parsed.candidates,
      suggestions: parsed.suggestions ?? [],
    };
  };

  const record = (input: RecordScanInput): RecordedScan => {
    const session = sessionById.get(input.sessionId) as SessionFacts | undefined;
    if (!session) throw new ApiError('not_found', `There is no scan session ${input.sessionId}.`);
    const options = parseStationOptions(session.settings);
    const parseOptions = { prefixToStrip: options.prefixToStrip || undefined, suffixToStrip: options.suffix || undefined };
    const earlier = input.clientScanId ? (scanByClientId.get(input.clientScanId, input.sessionId) as EarlierScan | undefined) : undefined;
    if (earlier) return answerAgain(earlier, input, session, parseOptions);
    if (session.closedAt) throw new ApiError('conflict', `Scan session ${input.sessionId} is closed; open a new session to keep scanning.`);

    const parsed = parseScan(input.raw, parseOptions);
    const shipments = parsed.candidates.map((c) => (shipmentByNumber.get(c.trackingNumber) as ShipmentRecord | undefined) ?? null);
    const chosen = chooseCandidate(parsed.candidates, shipments, session.carrier);
    const candidate = chosen >= 0 ? parsed.candidates[chosen] : null;
    const shipment = chosen >= 0 ? shipments[chosen] : null;

    let seenInSession = false;
    let handedOverEarlier = false;
    if (candidate) {
      for (const h of liveScansOfNumber.all(candidate.trackingNumber) as HistoryRecord[]) {
        if (h.sessionId === input.sessionId) seenInSession = true;
        else if (h.purpose === 'carrier_handoff' && h.verdict === 'matched') handedOverEarlier = true;
      }
    }
    const facts = { candidate, shipment, sessionCarrier: session.carrier, purpose: session.purpose, seenInSession, handedOverEarlier };
    const verdict = decideVerdict(facts);
    const scannedAt = new Date(clock.now()).toISOString();
    const scanId = Number(
      insertScan.run(
        input.sessionId,
        input.raw,
        candidate?.carrier ?? null,
        candidate?.trackingNumber ?? null,
        shipment?.id ?? null,
        verdict,
        scannedAt,
        input.clientScanId ?? null,
      ).lastInsertRowid,
    );
    if (input.manual || parsed.error) {
      const detail: ScanDetail = { ...(input.manual && { manual: true }), ...(parsed.error && { error: parsed.error }) };
      recordAudit(db, {
        entity: 'scan',
        entityId: scanId,
        action: SCAN_DETAIL_ACTION,
        operator: input.operator ?? session.operator,
        station: input.station ?? session.station,
        at: scannedAt,
        before: null,
        after: detail,
      });
    }
    return {
      scanId,
      sessionId: input.sessionId,
      station: session.station,
      verdict,
      carrier: candidate?.carrier ?? null,
      trackingNumber: candidate?.trackingNumber ?? null,
      shipment: shipment && toShipment(shipment),
      message: verdictMessage(verdict, { ...facts, error: parsed.error }),
      raw: input.raw,
      manual: input.manual,
      scannedAt,
      error: parsed.error,
      candidates: parsed.candidates,
      suggestions: parsed.suggestions ?? [],
    };
  };

  return { recordScan: (input) => db.write(() => record(input)) };
}
