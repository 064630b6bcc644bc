import { ApiError } from '../../src-shared/api/envelope';
import type { ReceiveResult, ReceivingStation, ReturnRow } from '../../src-shared/api/returns';
import type { ReturnState } from '../../src-shared/domain/returns/lifecycle';
import { orderKeys, pickMatch, receiveVerdict, SCAN_VERDICT_OF, scanKey, type MatchKey } from '../../src-shared/domain/returns/receive';
import type { ScanError } from '../../src-shared/domain/scan';
import type { Db } from '../db/create-db';
import { findSession, getStationSettings, openSession, type ScanRecorder } from '../reconcile';
import { recordAudit } from '../audit';
import { getReturn, moveReturn, returnLabel, type Actor } from './repo';

/** Parcels the dock received that matched nothing are returns of this source, keyed by what was scanned. */
export const DOCK_SOURCE = 'dock';
const PURPOSE = 'returns_receive';
export const DEFAULT_STATION = 'returns-dock';
export const DEFAULT_OPERATOR = 'returns clerk';

interface Found {
  id: number;
  state: ReturnState;
}

function describe(r: ReturnRow): string {
  return [returnLabel(r), r.orderNumber && `order ${r.orderNumber}`, r.expectedItems, r.reason && `reason: ${r.reason}`].filter(Boolean).join(' · ');
}

export function createReceivingDesk(db: Db, recorder: ScanRecorder) {
  const byTracking = db.prepare('SELECT id, state FROM returns WHERE tracking_number IN (SELECT value FROM json_each(?))');
  const byRma = db.prepare('SELECT id, state FROM returns WHERE rma_number = ?');
  const byOrder = db.prepare(`SELECT id, state FROM returns WHERE order_number IN (SELECT value FROM json_each(?)) AND source <> '${DOCK_SOURCE}'`);
  const insertUnexpected = db.prepare(
    `INSERT INTO returns (source, external_id, shipment_id, tracking_number, carrier, state, received_at, created_at, updated_at)
     VALUES ('${DOCK_SOURCE}', ?, ?, ?, ?, 'unexpected', ?, ?, ?) ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
  );
  const unexpectedByKey = db.prepare(`SELECT id, state FROM returns WHERE source = '${DOCK_SOURCE}' AND external_id = ?`);
  const restampScan = db.prepare('UPDATE scans SET verdict = ?, shipment_id = coalesce(?, shipment_id) WHERE id = ?');

  /** Return tracking number (every reading of the scan, and the scan as typed), then RMA barcode, then order number. */
  function match(numbers: string[], key: string): { found: Found; by: MatchKey } | null {
    const tracking = pickMatch(byTracking.all(JSON.stringify([...numbers, key])) as Found[]);
    if (tracking) return { found: tracking, by: 'tracking_number' };
    const rma = pickMatch(byRma.all(key) as Found[]);
    if (rma) return { found: rma, by: 'rma' };
    const order = pickMatch(byOrder.all(JSON.stringify(orderKeys(key))) as Found[]);
    return order ? { found: order, by: 'order_number' } : null;
  }

  const receive = (sessionId: number, raw: string, caller: Partial<Actor>): ReceiveResult => {
    const session = findSession(db, sessionId);
    if (session.purpose !== PURPOSE)
      throw new ApiError('conflict', `Scan session ${sessionId} is for ${session.purpose.replace('_', ' ')}, not for receiving returns.`);
    const actor: Actor = { operator: caller.operator ?? session.operator, station: caller.station ?? session.station };
    // The scan is stored first, by the same recorder and parser as the packing stations; what follows only adds to it.
    const scan = recorder.recordScan({ sessionId, raw, manual: false, operator: actor.operator ?? undefined, station: actor.station ?? undefined });
    const settings = getStationSettings(db, session.station);
    const key = scanKey(raw, { prefixToStrip: settings.prefixToStrip || undefined, suffixToStrip: settings.suffix || undefined });
    const found = match(
      scan.candidates.map((c) => c.trackingNumber),
      key,
    );
    let verdict = receiveVerdict(found?.found.state ?? null, scan.error as ScanError | null);
    const at = scan.scannedAt;
    let ret: ReturnRow | null = found ? getReturn(db, found.found.id, at) : null;
    let message: string;

    if (verdict === 'matched' && ret) {
      const wasCancelled = ret.state === 'cancelled';
      moveReturn(db, ret, 'received', 'received', actor, at, { receivedAt: at });
      ret = getReturn(db, ret.id, at);
      message = `${wasCancelled ? 'Cancelled return arrived anyway' : 'Expected'}: ${describe(ret)}`;
    } else if (verdict === 'duplicate' && ret) {
      message = `Already received: ${ret.state === 'unexpected' ? 'this unexpected parcel is in triage' : describe(ret)}.`;
    } else if (verdict === 'unexpected') {
      const candidate = scan.trackingNumber ? { number: scan.trackingNumber, carrier: scan.carrier } : null;
      const externalId = candidate?.number ?? key;
      const inserted = insertUnexpected.get(externalId, scan.shipment?.id ?? null, candidate?.number ?? null, candidate?.carrier ?? null, at, at, at) as
        { id: number } | undefined;
      if (inserted) {
        recordAudit(db, {
          entity: 'return',
          entityId: inserted.id,
          action: 'unexpected',
          ...actor,
          at,
          before: null,
          after: { raw, scanId: scan.scanId, sessionId, state: 'unexpected' },
        });
        ret = getReturn(db, inserted.id, at);
        message = `Unexpected return: nothing expected matches ${externalId}. Set it aside; it is in triage.`;
      } else {
        verdict = 'duplicate';
        ret = getReturn(db, (unexpectedByKey.get(externalId) as Found).id, at);
        message = 'Already scanned: this unexpected parcel is in triage.';
      }
    } else {
      message = scan.message;
    }
    restampScan.run(SCAN_VERDICT_OF[verdict], ret?.shipmentId ?? null, scan.scanId);
    return { scanId: scan.scanId, verdict, return: ret, matchedBy: found?.by ?? null, message, raw, scannedAt: at };
  };

  return {
    /** The station's open receiving session, reused across reloads so a clerk's day stays one session. */
    open(args: { station?: string; operator?: string }, caller: Partial<Actor>, at: string): ReceivingStation {
      const station = args.station ?? caller.station ?? DEFAULT_STATION;
      const operator = args.operator ?? caller.operator ?? DEFAULT_OPERATOR;
      const existing = db
        .prepare(`SELECT id FROM scan_sessions WHERE closed_at IS NULL AND purpose = '${PURPOSE}' AND station = ? AND operator = ? ORDER BY id DESC LIMIT 1`)
        .get(station, operator) as { id: number } | undefined;
      const session = existing ? findSession(db, existing.id) : openSession(db, { station, operator, purpose: PURPOSE }, at, { operator, station });
      const { station: _s, ...settings } = getStationSettings(db, station);
      return { sessionId: session.id, station, operator, openedAt: session.openedAt, settings };
    },

    /** One IMMEDIATE transaction: the scan row, the return's move and the verdict commit together or not at all. */
    receive: (sessionId: number, raw: string, caller: Partial<Actor>): ReceiveResult => db.write(() => receive(sessionId, raw, caller)),
  };
}

export type ReceivingDesk = ReturnType<typeof createReceivingDesk>;
