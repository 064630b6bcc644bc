import { ApiError } from '../../src-shared/api/envelope';
import type { ReturnRow, TriageItem } from '../../src-shared/api/returns';
import { stateAfterInspection, type ReturnCondition, type ReturnState } from '../../src-shared/domain/returns/lifecycle';
import type { Db } from '../db/create-db';
import { DOCK_SOURCE } from './receive';
import { getReturn, listReturns, moveReturn, returnLabel, type Actor } from './repo';

/** The clerk's inspection: received → inspected; recording again on an inspected return corrects it. */
export function recordCondition(db: Db, returnId: number, condition: ReturnCondition, note: string | undefined, actor: Actor, at: string): ReturnRow {
  return db.write(() => {
    const r = getReturn(db, returnId, at);
    const to = stateAfterInspection(r.state);
    if (!to) throw new ApiError('conflict', `${returnLabel(r)} is ${r.state.replace(/_/g, ' ')}; receive it at the dock before recording its condition.`);
    moveReturn(db, r, to, r.state === 'inspected' ? 'condition_corrected' : 'inspected', actor, at, { condition, ...(note !== undefined && { note }) });
    return getReturn(db, returnId, at);
  });
}

export function cancelReturn(db: Db, returnId: number, note: string | undefined, actor: Actor, at: string): ReturnRow {
  return db.write(() => {
    const r = getReturn(db, returnId, at);
    // Cancelling frees the parcel's place on a pickup that will no longer carry it.
    moveReturn(db, r, 'cancelled', 'cancelled', actor, at, { ...(note !== undefined && { note }), ...(r.state === 'awaiting_pickup' && { pickupId: null }) });
    if (r.pickupId !== null && r.state === 'awaiting_pickup')
      db.prepare('UPDATE pickups SET parcel_count = max(parcel_count - 1, 0), updated_at = ? WHERE id = ?').run(at, r.pickupId);
    return getReturn(db, returnId, at);
  });
}

const TRIAGE_SELECT = `SELECT r.id, r.tracking_number, r.carrier, r.shipment_id, r.note, r.state, r.received_at,
    json_extract(a.after, '$.raw') AS raw, a.station, a.operator
  FROM returns r
  LEFT JOIN audit_log a ON a.entity = 'return' AND a.entity_id = r.id AND a.action = 'unexpected'
  WHERE r.source = '${DOCK_SOURCE}'`;

interface TriageRecord {
  id: number;
  tracking_number: string | null;
  carrier: string | null;
  shipment_id: number | null;
  note: string | null;
  state: string;
  received_at: string | null;
  raw: string | null;
  station: string | null;
  operator: string | null;
}

const toTriageItem = (r: TriageRecord): TriageItem => ({
  id: r.id,
  raw: r.raw,
  trackingNumber: r.tracking_number,
  carrier: r.carrier,
  shipmentId: r.shipment_id,
  description: r.note,
  state: r.state as ReturnState,
  scannedAt: r.received_at,
  station: r.station,
  operator: r.operator,
});

/** Parcels that matched nothing, newest first; the raw scan comes from the audit entry written when it was scanned. */
export function listTriage(db: Db, includeClosed: boolean): TriageItem[] {
  const rows = db
    .prepare(`${TRIAGE_SELECT} ${includeClosed ? '' : "AND r.state = 'unexpected'"} ORDER BY r.received_at DESC, r.id DESC LIMIT 1000`)
    .all() as TriageRecord[];
  return rows.map(toTriageItem);
}

function triageItem(db: Db, id: number): TriageItem {
  const row = db.prepare(`${TRIAGE_SELECT} AND r.id = ?`).get(id) as TriageRecord | undefined;
  if (!row) throw new ApiError('not_found', `There is no unexpected return ${id}.`);
  return toTriageItem(row);
}

export function updateTriage(db: Db, id: number, change: { description?: string; action?: 'accept' | 'reject' }, actor: Actor, at: string): TriageItem {
  return db.write(() => {
    triageItem(db, id);
    const r = getReturn(db, id, at);
    const note = change.description === undefined ? undefined : change.description || null;
    if (change.action)
      moveReturn(db, r, change.action === 'accept' ? 'received' : 'cancelled', `triage_${change.action}`, actor, at, { ...(note !== undefined && { note }) });
    else if (note !== undefined) moveReturn(db, r, r.state, 'described', actor, at, { note });
    return triageItem(db, id);
  });
}

/** Spreadsheets run cells starting with = + - @ as formulas; a leading quote keeps a clerk's note as text. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const EXPORT_COLUMNS: readonly [string, (r: ReturnRow) => string | null][] = [
  ['received_at', (r) => r.receivedAt],
  ['rma_number', (r) => r.rmaNumber],
  ['order_number', (r) => r.orderNumber],
  ['tracking_number', (r) => r.trackingNumber],
  ['carrier', (r) => r.carrier],
  ['state', (r) => r.state],
  ['condition', (r) => r.condition],
  ['note', (r) => r.note],
  ['reason', (r) => r.reason],
  ['expected_items', (r) => r.expectedItems],
  ['source', (r) => r.source],
  // For a parcel that matched nothing, what was scanned.
  ['external_id', (r) => r.externalId],
];

/** Everything the dock received today (matched and unexpected), one CSV row per parcel. */
export function receivedTodayCsv(db: Db, today: { day: string; start: string; end: string }, now: string): { filename: string; csv: string } {
  const rows = listReturns(db, { view: 'received_today', limit: 5000, today }, now);
  const lines = [EXPORT_COLUMNS.map(([name]) => name).join(','), ...rows.map((r) => EXPORT_COLUMNS.map(([, get]) => csvCell(get(r))).join(','))];
  return { filename: `returns-received-${today.day}.csv`, csv: `${lines.join('\r\n')}\r\n` };
}
