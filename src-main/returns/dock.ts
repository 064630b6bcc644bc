import { instantToWall, zoneOffset } from '../../src-shared/domain/time-zones/zones';
import { ApiError } from '../../src-shared/api/envelope';
import type { ReturnRow, TriageItem } from '../../src-shared/api/returns';
import { stateAfterInspection, type ReturnCondition, type ReturnState } from '../../src-shared/domain/returns/lifecycle';
import { sql, type InferResult, type SqlBool } from 'kysely';
import type { Db } from '../db/create-db';
import type { SortedViews } from '../db/sorted-views';
import { csvText } from '../file-writers/csv-text';
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

/** Parcels the dock received that matched nothing, with the scan's audit entry; `r` is returns, `a` the audit entry. */
const triageRows = (db: Db) =>
  db.kysely
    .selectFrom('returns as r')
    .leftJoin('audit_log as a', (join) => join.on('a.entity', '=', 'return').onRef('a.entity_id', '=', 'r.id').on('a.action', '=', 'unexpected'))
    .select([
      'r.id',
      'r.tracking_number',
      'r.carrier',
      'r.shipment_id',
      'r.note',
      'r.state',
      'r.received_at',
      sql<string | null>`json_extract(a.after, '$.raw')`.as('raw'),
      'a.station',
      'a.operator',
    ])
    .where('r.source', '=', DOCK_SOURCE);

type TriageRecord = InferResult<ReturnType<typeof triageRows>>[number];

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
  const triage = triageRows(db).orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(1000);
  return db.all((includeClosed ? triage : triage.where('r.state', '=', 'unexpected')).compile()).map(toTriageItem);
}

/** Any block of the triage list, paged like every returns list (db/sorted-views.ts): its ids read once, the block's rows by id. */
export function pageTriage(db: Db, views: SortedViews, includeClosed: boolean, startRow: number, endRow: number): { rows: TriageItem[]; rowCount: number } {
  const all = db.kysely.selectFrom('returns as r').select('r.id').where('r.source', '=', DOCK_SOURCE).orderBy('r.received_at', 'desc').orderBy('r.id', 'desc');
  const ids = views.ids(JSON.stringify(['triage', includeClosed]), startRow, (includeClosed ? all : all.where('r.state', '=', 'unexpected')).compile());
  const block = Array.from(ids.subarray(startRow, endRow));
  if (!block.length) return { rows: [], rowCount: ids.length };
  const records = db.all(
    triageRows(db)
      .where(sql<SqlBool>`r.id IN (SELECT value FROM json_each(${JSON.stringify(block)}))`)
      .compile(),
  );
  const byId = new Map(records.map((r) => [r.id, r]));
  // An item gone since the view was read is left out of its block.
  return { rows: block.flatMap((id) => (byId.has(id) ? [toTriageItem(byId.get(id) as TriageRecord)] : [])), rowCount: ids.length };
}

function triageItem(db: Db, id: number): TriageItem {
  const row = db.first(triageRows(db).where('r.id', '=', id).compile());
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

const EXPORT_COLUMNS: readonly [string, (r: ReturnRow) => string | null][] = [
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
export function receivedTodayCsv(db: Db, today: { day: string; start: string; end: string; timeZone: string }, now: string): { filename: string; csv: string } {
  const rows = listReturns(db, { view: 'received_today', limit: 5000, today }, now);
  // The dock's wall clock, with its zone in the header: what the clerk's own watch said at the scan.
  const offsetAt = zoneOffset(today.timeZone);
  const local = (iso: string | null) => (iso ? new Date(instantToWall(Date.parse(iso), offsetAt)).toISOString().slice(0, 19).replace('T', ' ') : null);
  const table = [
    [`received_at (${today.timeZone})`, ...EXPORT_COLUMNS.map(([name]) => name)],
    ...rows.map((r) => [local(r.receivedAt), ...EXPORT_COLUMNS.map(([, get]) => get(r))]),
  ];
  return { filename: `returns-received-${today.day}.csv`, csv: csvText(table) };
}
