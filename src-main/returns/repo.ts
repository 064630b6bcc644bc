import { ApiError } from '../../src-shared/api/envelope';
import type { ReturnRow, ReturnSortColumn, ReturnView } from '../../src-shared/api/returns';
import { canTransition, RETURN_STATES, rmaLabel, type ReturnCondition, type ReturnState } from '../../src-shared/domain/returns/lifecycle';
import { isPickupOverdue, type PickupState } from '../../src-shared/domain/returns/pickups';
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';
import { recordAudit } from '../audit';
import { sql, type InferResult, type RawBuilder, type SqlBool } from 'kysely';
import { SUFFIX_SEARCH_MIN } from '../shipments';
import type { Db } from '../db/create-db';
import type { SortedViews } from '../db/sorted-views';

/** Who made a change, for the audit log: a person at a station, or the system (tracking, the clock). */
export interface Actor {
  operator: string | null;
  station: string | null;
}

export const TRACKING_ACTOR: Actor = { operator: 'system:tracking', station: null };
export const CLOCK_ACTOR: Actor = { operator: 'system:clock', station: null };

/** Returns with their shipment and pickup, nothing chosen yet; `r` is returns, `s` shipments, `p` pickups. */
const fromReturns = (db: Db) =>
  db.kysely.selectFrom('returns as r').leftJoin('shipments as s', 's.id', 'r.shipment_id').leftJoin('pickups as p', 'p.id', 'r.pickup_id');
type ReturnScope = ReturnType<typeof fromReturns>;

/** The carrier's current promise to us, the original when it never moved. */
const EXPECTED_ARRIVAL = sql<string | null>`coalesce(s.expected_delivery_current, s.expected_delivery_original)`;

/** A return with what the grid shows of its shipment and pickup. */
const withRowColumns = (q: ReturnScope) =>
  q.select([
    'r.id',
    'r.source',
    'r.external_id',
    'r.rma_number',
    'r.order_number',
    'r.tracking_number',
    'r.carrier',
    'r.reason',
    'r.expected_items',
    'r.state',
    'r.condition',
    'r.note',
    'r.pickup_id',
    'r.shipment_id',
    's.status as shipment_status',
    EXPECTED_ARRIVAL.as('expected_arrival'),
    'p.state as pickup_state',
    'p.window_start as pickup_window_start',
    'p.window_end as pickup_window_end',
    'r.received_at',
    'r.created_at',
    'r.updated_at',
  ]);
const returnRows = (db: Db) => withRowColumns(fromReturns(db));
type ReturnRecord = InferResult<ReturnType<typeof returnRows>>[number];

function toReturnRow(r: ReturnRecord, now: string): ReturnRow {
  const state = r.state as ReturnState;
  const pickup =
    r.pickup_state && r.pickup_window_start && r.pickup_window_end
      ? { state: r.pickup_state as PickupState, windowStart: r.pickup_window_start, windowEnd: r.pickup_window_end }
      : null;
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    rmaNumber: r.rma_number,
    orderNumber: r.order_number,
    trackingNumber: r.tracking_number,
    carrier: r.carrier,
    reason: r.reason,
    expectedItems: r.expected_items,
    state,
    condition: r.condition as ReturnCondition | null,
    note: r.note,
    pickupId: r.pickup_id,
    shipmentId: r.shipment_id,
    shipmentStatus: r.shipment_status as TrackingStatus | null,
    expectedArrival: r.expected_arrival,
    overdue: state === 'awaiting_pickup' && pickup !== null && isPickupOverdue(pickup, now),
    receivedAt: r.received_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getReturn(db: Db, id: number, now: string): ReturnRow {
  const row = db.first(returnRows(db).where('r.id', '=', id).compile());
  if (!row) throw new ApiError('not_found', `There is no return ${id}.`);
  return toReturnRow(row, now);
}

export interface ListQuery {
  state?: ReturnState;
  view?: ReturnView;
  carrier?: string;
  search?: string;
  /** [start, end) instants of the chosen days in the clerk's zone, and the days themselves (expected arrival is a date). */
  dates?: { from: string; to: string; start: string; end: string };
  hasPickup?: boolean;
  sort?: { column: ReturnSortColumn; direction: 'asc' | 'desc' };
  limit: number;
  /** [start, end) of the clerk's today, for the received_today view. */
  today: { start: string; end: string };
}

/** Each view is a filter over the same row. */
function inView(q: ReturnScope, view: ReturnView | undefined, today: ListQuery['today']): ReturnScope {
  switch (view) {
    case 'pending_pickup':
      return q.where('r.state', 'in', ['label_issued', 'awaiting_pickup']);
    case 'inbound':
      return q.where('r.state', 'in', ['in_transit', 'arrived']);
    case 'received_today':
      return q.where('r.received_at', '>=', today.start).where('r.received_at', '<', today.end);
    case 'triage':
      return q.where('r.state', '=', 'unexpected');
    case undefined:
      return q;
  }
}

/** Each view's own order, when the person has not clicked a column. */
function viewOrder(q: ReturnScope, view: ReturnView | undefined, now: string): ReturnScope {
  switch (view) {
    case 'pending_pickup':
      // Overdue pickups first, then by window; returns with no pickup yet (customer drop-off or to schedule) last.
      return q
        .orderBy(sql`(p.state IN ('scheduled', 'missed') AND p.window_end <= ${now})`, 'desc')
        .orderBy(sql`p.window_end IS NULL`)
        .orderBy('p.window_end')
        .orderBy('p.id')
        .orderBy('r.id');
    case 'inbound':
      // Parcels already in the building (arrived, not yet scanned) first, then by expected arrival.
      return q
        .orderBy(sql`r.state = 'arrived'`, 'desc')
        .orderBy(sql`${EXPECTED_ARRIVAL} IS NULL`)
        .orderBy(EXPECTED_ARRIVAL)
        .orderBy('r.id');
    case 'received_today':
    case 'triage':
      return q.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc');
    case undefined:
      return q.orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc');
  }
}

/** States sort in the order a return lives through them, not by their names. */
const STATE_RANK = sql.raw(`CASE r.state ${RETURN_STATES.map((state, i) => `WHEN '${state}' THEN ${i}`).join(' ')} END`);

/** What each column sorts by; Expected arrival keeps its meaning (in the building first, unknown last). */
const SORT_TERMS: Record<ReturnSortColumn, RawBuilder<unknown>[]> = {
  rmaNumber: [sql`r.rma_number`],
  orderNumber: [sql`r.order_number`],
  trackingNumber: [sql`r.tracking_number`],
  carrier: [sql`r.carrier`],
  state: [STATE_RANK],
  shipmentStatus: [sql`s.status`],
  expectedArrival: [sql`r.state <> 'arrived'`, EXPECTED_ARRIVAL],
  reason: [sql`r.reason`],
  receivedAt: [sql`r.received_at`],
  condition: [sql`r.condition`],
  note: [sql`r.note`],
};

/** A row with nothing to sort by in the column; a parcel in the building has its place without a date. */
const blankIn = (column: ReturnSortColumn): RawBuilder<unknown> =>
  column === 'expectedArrival' ? sql`(r.state <> 'arrived' AND ${EXPECTED_ARRIVAL} IS NULL)` : sql`${SORT_TERMS[column][0]} IS NULL`;

/** A clicked column, either way: blanks last both ways (nobody looks for them first), ties by id in the same direction. */
function columnOrder(q: ReturnScope, sort: NonNullable<ListQuery['sort']>): ReturnScope {
  let ordered = q.orderBy(blankIn(sort.column));
  for (const term of SORT_TERMS[sort.column]) ordered = ordered.orderBy(term, sort.direction);
  return ordered.orderBy('r.id', sort.direction);
}

/** Which date the range picks: when it is expected (inbound), when it came in (received, triage), when it was announced. */
function inDates(q: ReturnScope, view: ReturnView | undefined, dates: NonNullable<ListQuery['dates']>): ReturnScope {
  if (view === 'inbound') {
    // Expected arrivals are dates or instants; their first ten characters are the day.
    const day = sql<string>`substr(${EXPECTED_ARRIVAL}, 1, 10)`;
    return q.where(day, '>=', dates.from).where(day, '<=', dates.to);
  }
  const column = view === 'received_today' || view === 'triage' ? 'r.received_at' : 'r.created_at';
  return q.where(column, '>=', dates.start).where(column, '<', dates.end);
}

/** RMA, order or tracking number: the whole number, its start, or (4+ characters) its end. LIKE ignores ASCII case. */
function searchCondition(search: string): RawBuilder<SqlBool> | null {
  const typed = search.replace(/\s+/g, '');
  if (!typed) return null;
  const escaped = typed.replace(/[\\%_]/g, (c) => `\\${c}`);
  const patterns = typed.length >= SUFFIX_SEARCH_MIN ? [`${escaped}%`, `%${escaped}`] : [`${escaped}%`];
  const columns = [sql`r.rma_number`, sql`r.order_number`, sql`r.tracking_number`];
  const branches = columns.flatMap((c) => patterns.map((pattern) => sql<SqlBool>`${c} LIKE ${pattern} ESCAPE '\\'`));
  return sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}

/** The list a query names, in its order: filters, then the clicked column or the view's own order. */
function listQuery(db: Db, q: Omit<ListQuery, 'limit'>, now: string): ReturnScope {
  let rows = inView(fromReturns(db), q.view, q.today);
  if (q.state) rows = rows.where('r.state', '=', q.state);
  if (q.carrier) rows = rows.where('r.carrier', '=', q.carrier);
  const search = q.search ? searchCondition(q.search) : null;
  if (search) rows = rows.where(search);
  if (q.dates) rows = inDates(rows, q.view, q.dates);
  if (q.hasPickup !== undefined) rows = rows.where('r.pickup_id', q.hasPickup ? 'is not' : 'is', null);
  return q.sort ? columnOrder(rows, q.sort) : viewOrder(rows, q.view, now);
}

/**
 * Any block of a returns list, paged like every big grid (db/sorted-views.ts): the view's ids in its order,
 * read once and kept, then the block's rows by id, with the row count.
 */
export function pageReturns(db: Db, views: SortedViews, q: ListQuery, startRow: number, endRow: number, now: string): { rows: ReturnRow[]; rowCount: number } {
  // Pending pickups are ordered by whether their window has passed: that order is good for the minute it was read in.
  const minute = q.view === 'pending_pickup' && !q.sort ? now.slice(0, 16) : null;
  const filters = [q.state, q.view, q.carrier, q.search, q.dates, q.hasPickup, q.sort];
  const key = JSON.stringify(['returns', ...filters, q.view === 'received_today' ? q.today : null, minute]);
  // Only the ids are read and sorted for the view (the rows' other columns would make the sort several times heavier).
  const ids = views.ids(key, startRow, listQuery(db, q, now).select('r.id').compile());
  const block = Array.from(ids.subarray(startRow, endRow));
  if (!block.length) return { rows: [], rowCount: ids.length };
  const records = db.all(
    returnRows(db)
      .where(sql<SqlBool>`r.id IN (SELECT value FROM json_each(${JSON.stringify(block)}))`)
      .compile(),
  );
  const byId = new Map(records.map((r) => [r.id, r]));
  // A return gone since the view was read is left out of its block.
  const rows = block.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toReturnRow(r, now)] : [];
  });
  return { rows, rowCount: ids.length };
}

export function listReturns(db: Db, q: ListQuery, now: string): ReturnRow[] {
  return db
    .all(
      withRowColumns(listQuery(db, q, now))
        .limit(q.limit)
        .compile(),
    )
    .map((r) => toReturnRow(r, now));
}

/** Every return (latest change first) in one pass of one statement, for the CLI's `returns list`: no blocks, no OFFSET. */
export function* streamReturns(db: Db, q: Pick<ListQuery, 'state'>, now: string): Generator<ReturnRow> {
  const query = withRowColumns(listQuery(db, { ...q, today: { start: '', end: '' } }, now)).compile();
  for (const r of db.raw.prepare(query.sql).iterate(...query.parameters) as Iterable<ReturnRecord>) yield toReturnRow(r, now);
}

export interface ReturnPatch {
  receivedAt?: string;
  condition?: ReturnCondition;
  note?: string | null;
  /** undefined keeps the pickup, null detaches it. */
  pickupId?: number | null;
}

export const returnLabel = (r: { rmaNumber: string | null; trackingNumber: string | null; id: number }): string =>
  r.rmaNumber ? rmaLabel(r.rmaNumber) : r.trackingNumber ? `return ${r.trackingNumber}` : `return ${r.id}`;

/**
 * Moves one return to `to` (or keeps its state when `to` equals it, for a correction), with the audit entry
 * saying who, where and before → after. Refuses a move the lifecycle does not allow.
 */
export function moveReturn(db: Db, current: ReturnRow, to: ReturnState, action: string, actor: Actor, at: string, patch: ReturnPatch = {}): void {
  if (current.state !== to && !canTransition(current.state, to)) {
    throw new ApiError('conflict', `${returnLabel(current)} is ${current.state.replace(/_/g, ' ')}; it cannot become ${to.replace(/_/g, ' ')}.`);
  }
  const before: Record<string, unknown> = { state: current.state };
  const after: Record<string, unknown> = { state: to };
  const sets = ['state = ?', 'updated_at = ?'];
  const params: unknown[] = [to, at];
  const change = (column: string, key: string, from: unknown, value: unknown) => {
    sets.push(`${column} = ?`);
    params.push(value);
    before[key] = from;
    after[key] = value;
  };
  if (patch.receivedAt !== undefined) change('received_at', 'receivedAt', current.receivedAt, patch.receivedAt);
  if (patch.condition !== undefined) change('condition', 'condition', current.condition, patch.condition);
  if (patch.note !== undefined) change('note', 'note', current.note, patch.note);
  if (patch.pickupId !== undefined) change('pickup_id', 'pickupId', current.pickupId, patch.pickupId);
  // The state in the WHERE makes a concurrent move (another station, the tracking listener) fail loudly, not overwrite.
  const changed = db.prepare(`UPDATE returns SET ${sets.join(', ')} WHERE id = ? AND state = ?`).run(...params, current.id, current.state).changes;
  if (changed === 0) throw new ApiError('conflict', `${returnLabel(current)} changed meanwhile; reload and try again.`);
  recordAudit(db, { entity: 'return', entityId: current.id, action, ...actor, at, before, after });
}
