import { ApiError } from '../../src-shared/api/envelope';
import type { ReturnRow, ReturnView } from '../../src-shared/api/returns';
import { canTransition, rmaLabel, type ReturnCondition, type ReturnState } from '../../src-shared/domain/returns/lifecycle';
import { isPickupOverdue, type PickupState } from '../../src-shared/domain/returns/pickups';
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';
import { recordAudit } from '../audit';
import type { Db } from '../db/create-db';

/** Who made a change, for the audit log: a person at a station, or the system (tracking, the clock). */
export interface Actor {
  operator: string | null;
  station: string | null;
}

export const TRACKING_ACTOR: Actor = { operator: 'system:tracking', station: null };
export const CLOCK_ACTOR: Actor = { operator: 'system:clock', station: null };

const RETURN_SELECT = `SELECT r.id, r.source, r.external_id, r.rma_number, r.order_number, r.tracking_number, r.carrier, r.reason,
    r.expected_items, r.state, r.condition, r.note, r.pickup_id, r.shipment_id, s.status AS shipment_status,
    coalesce(s.expected_delivery_current, s.expected_delivery_original) AS expected_arrival,
    p.state AS pickup_state, p.window_start AS pickup_window_start, p.window_end AS pickup_window_end,
    r.received_at, r.created_at, r.updated_at
  FROM returns r
  LEFT JOIN shipments s ON s.id = r.shipment_id
  LEFT JOIN pickups p ON p.id = r.pickup_id`;

interface ReturnRecord {
  id: number;
  source: string;
  external_id: string;
  rma_number: string | null;
  order_number: string | null;
  tracking_number: string | null;
  carrier: string | null;
  reason: string | null;
  expected_items: string | null;
  state: string;
  condition: string | null;
  note: string | null;
  pickup_id: number | null;
  shipment_id: number | null;
  shipment_status: string | null;
  expected_arrival: string | null;
  pickup_state: string | null;
  pickup_window_start: string | null;
  pickup_window_end: string | null;
  received_at: string | null;
  created_at: string;
  updated_at: string;
}

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
  const row = db.prepare(`${RETURN_SELECT} WHERE r.id = ?`).get(id) as ReturnRecord | undefined;
  if (!row) throw new ApiError('not_found', `There is no return ${id}.`);
  return toReturnRow(row, now);
}

export function returnsByIds(db: Db, ids: readonly number[], now: string): ReturnRow[] {
  const rows = db.prepare(`${RETURN_SELECT} WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY r.id`).all(JSON.stringify(ids)) as ReturnRecord[];
  return rows.map((r) => toReturnRow(r, now));
}

export interface ListQuery {
  state?: ReturnState;
  view?: ReturnView;
  limit: number;
  /** [start, end) of the clerk's today, for the received_today view. */
  today: { start: string; end: string };
}

/** Each view is a WHERE and an ORDER BY over the same row; `?` placeholders are bound in order. */
function viewClause(
  view: ReturnView | undefined,
  now: string,
  today: ListQuery['today'],
): { where: string; whereParams: unknown[]; order: string; orderParams: unknown[] } {
  switch (view) {
    case 'pending_pickup':
      // Overdue pickups first, then by window; returns with no pickup yet (customer drop-off or to schedule) last.
      return {
        where: "r.state IN ('label_issued', 'awaiting_pickup')",
        whereParams: [],
        order: "(p.state IN ('scheduled', 'missed') AND p.window_end <= ?) DESC, p.window_end IS NULL, p.window_end, p.id, r.id",
        orderParams: [now],
      };
    case 'inbound':
      // Parcels already in the building (arrived, not yet scanned) first, then by expected arrival.
      return {
        where: "r.state IN ('in_transit', 'arrived')",
        whereParams: [],
        order: "r.state = 'arrived' DESC, expected_arrival IS NULL, expected_arrival, r.id",
        orderParams: [],
      };
    case 'received_today':
      return {
        where: 'r.received_at >= ? AND r.received_at < ?',
        whereParams: [today.start, today.end],
        order: 'r.received_at DESC, r.id DESC',
        orderParams: [],
      };
    case 'triage':
      return { where: "r.state = 'unexpected'", whereParams: [], order: 'r.received_at DESC, r.id DESC', orderParams: [] };
    case undefined:
      return { where: '1', whereParams: [], order: 'r.updated_at DESC, r.id DESC', orderParams: [] };
  }
}

export function listReturns(db: Db, q: ListQuery, now: string): ReturnRow[] {
  const v = viewClause(q.view, now, q.today);
  const stateWhere = q.state ? ' AND r.state = ?' : '';
  const sql = `${RETURN_SELECT} WHERE ${v.where}${stateWhere} ORDER BY ${v.order} LIMIT ?`;
  const params = [...v.whereParams, ...(q.state ? [q.state] : []), ...v.orderParams, q.limit];
  return (db.prepare(sql).all(...params) as ReturnRecord[]).map((r) => toReturnRow(r, now));
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
