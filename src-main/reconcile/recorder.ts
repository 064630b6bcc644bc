import { ApiError } from '../../src-shared/api/envelope';
import type { ScanPurpose, ScanResult, ScanVerdict } from '../../src-shared/api/reconcile';
import { parseScan } from '../../src-shared/domain/scan';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import { recordAudit } from '../audit';
import { sql } from 'kysely';
import type { Db } from '../db/create-db';
import type { RowOf } from '../db/schema';
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

type ParseOptions = { prefixToStrip?: string; suffixToStrip?: string };

/**
 * The lookups of a scan, built once per core and bound per scan (`db.first(query, [values])`): every value but
 * the bound ones is a literal, so the placeholders are exactly those, in this order.
 */
function scanLookups(db: Db) {
  const shipments = db.kysely
    .selectFrom('shipments')
    .select(['id', 'carrier', 'service', 'warehouse', 'order_number as orderNumber', 'status', 'ship_to_name as shipToName', 'ship_to_city as shipToCity'])
    .$narrowType<{ carrier: Carrier; status: TrackingStatus }>();
  return {
    /** [session id] */
    sessionById: db.kysely
      .selectFrom('scan_sessions as s')
      .leftJoin('settings as st', (join) => join.on('st.key', '=', sql<string>`${sql.lit(STATION_SETTINGS_KEY_PREFIX)} || s.station`))
      .select(['s.station', 's.operator', 's.carrier', 's.purpose', 's.closed_at as closedAt', 'st.value as settings'])
      .$narrowType<{ carrier: Carrier | null; purpose: ScanPurpose }>()
      .where('s.id', '=', 0)
      .compile(),
    /** [tracking number]; a re-issued label can share a number with its voided predecessor: the live one wins. */
    shipmentByNumber: shipments
      .where('tracking_number', '=', '')
      .orderBy(sql`status = 'cancelled'`)
      .orderBy('id', 'desc')
      .limit(sql.lit(1))
      .compile(),
    /** [tracking number] */
    liveScansOfNumber: db.kysely
      .selectFrom('scans as sc')
      .innerJoin('scan_sessions as ss', 'ss.id', 'sc.session_id')
      .select(['sc.session_id as sessionId', 'sc.verdict', 'ss.purpose'])
      .where('sc.tracking_number', '=', '')
      .where('sc.undone_at', 'is', null)
      .where('sc.verdict', '<>', sql.lit('invalid'))
      .compile(),
    /** [client scan id, session id] */
    scanByClientId: db.kysely
      .selectFrom('scans')
      .select(['id as scanId', 'raw', 'verdict', 'tracking_number as trackingNumber', 'shipment_id as shipmentId', 'scanned_at as scannedAt'])
      .where('client_scan_id', '=', '')
      .where('session_id', '=', 0)
      .compile(),
    /** [shipment id] */
    shipmentById: shipments.where('id', '=', 0).compile(),
  };
}

type Lookups = ReturnType<typeof scanLookups>;
type SessionFacts = RowOf<Lookups['sessionById']>;
type EarlierScan = RowOf<Lookups['scanByClientId']>;

/** Statements are prepared once per core: the hot path runs four indexed lookups and one INSERT, nothing compiled. */
export function createScanRecorder(db: Db, clock: Clock): ScanRecorder {
  const { sessionById, shipmentByNumber, liveScansOfNumber, scanByClientId, shipmentById } = scanLookups(db);
  const insertScan = db.prepare(`INSERT INTO scans (session_id, raw, carrier, tracking_number, shipment_id, verdict, scanned_at, client_scan_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);

  /** The answer a scan already got, rebuilt from what was stored, for a station that never received it. */
  const answerAgain = (earlier: EarlierScan, input: RecordScanInput, session: SessionFacts, parseOptions: ParseOptions): RecordedScan => {
    const parsed = parseScan(earlier.raw, parseOptions);
    const candidate = parsed.candidates.find((c) => c.trackingNumber === earlier.trackingNumber) ?? null;
    const shipment = earlier.shipmentId === null ? null : (db.first(shipmentById, [earlier.shipmentId]) ?? null);
    const verdict = earlier.verdict as ScanVerdict;
    return {
      scanId: earlier.scanId,
      sessionId: input.sessionId,
      station: session.station,
      verdict,
      carrier: candidate?.carrier ?? null,
      trackingNumber: earlier.trackingNumber,
      shipment,
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
    const session = db.first(sessionById, [input.sessionId]);
    if (!session) throw new ApiError('not_found', `There is no scan session ${input.sessionId}.`);
    const options = parseStationOptions(session.settings);
    const parseOptions = { prefixToStrip: options.prefixToStrip || undefined, suffixToStrip: options.suffix || undefined };
    const earlier = input.clientScanId ? db.first(scanByClientId, [input.clientScanId, input.sessionId]) : undefined;
    if (earlier) return answerAgain(earlier, input, session, parseOptions);
    if (session.closedAt) throw new ApiError('conflict', `Scan session ${input.sessionId} is closed; open a new session to keep scanning.`);

    const parsed = parseScan(input.raw, parseOptions);
    const shipments = parsed.candidates.map((c) => db.first(shipmentByNumber, [c.trackingNumber]) ?? null);
    const chosen = chooseCandidate(parsed.candidates, shipments, session.carrier);
    const candidate = chosen >= 0 ? parsed.candidates[chosen] : null;
    const shipment = chosen >= 0 ? shipments[chosen] : null;

    let seenInSession = false;
    let handedOverEarlier = false;
    if (candidate) {
      for (const h of db.all(liveScansOfNumber, [candidate.trackingNumber])) {
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
      shipment,
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
