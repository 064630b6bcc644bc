import { ApiError } from '../../src-shared/api/envelope';
import type { PickupRow } from '../../src-shared/api/returns';
import { attachProblem, canMovePickup, isPickupOverdue, pickupOutcome, type PickupState } from '../../src-shared/domain/returns/pickups';
import type { Db } from '../db/create-db';
import { openPickupMissedExceptions } from './missed';
import { recordAudit } from '../audit';
import { getReturn, moveReturn, returnLabel, type Actor } from './repo';

const PICKUP_SELECT = `SELECT p.id, p.carrier, p.confirmation_number, p.window_start, p.window_end, p.location, p.parcel_count, p.state,
    p.created_at, p.updated_at, (SELECT json_group_array(r.id) FROM returns r WHERE r.pickup_id = p.id) AS return_ids
  FROM pickups p`;

interface PickupRecord {
  id: number;
  carrier: string;
  confirmation_number: string | null;
  window_start: string;
  window_end: string;
  location: string | null;
  parcel_count: number;
  state: string;
  created_at: string;
  updated_at: string;
  return_ids: string;
}

const toPickupRow = (r: PickupRecord, now: string): PickupRow => {
  const state = r.state as PickupState;
  return {
    id: r.id,
    carrier: r.carrier,
    confirmationNumber: r.confirmation_number,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    location: r.location,
    parcelCount: r.parcel_count,
    state,
    overdue: isPickupOverdue({ state, windowStart: r.window_start, windowEnd: r.window_end }, now),
    returnIds: (JSON.parse(r.return_ids) as number[]).sort((a, b) => a - b),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

export function getPickup(db: Db, id: number, now: string): PickupRow {
  const row = db.prepare(`${PICKUP_SELECT} WHERE p.id = ?`).get(id) as PickupRecord | undefined;
  if (!row) throw new ApiError('not_found', `There is no pickup ${id}.`);
  return toPickupRow(row, now);
}

/** Overdue ones first (the clerk must chase the carrier), then the coming ones by window, then past ones newest first. */
export function listPickups(db: Db, state: PickupState | undefined, now: string): PickupRow[] {
  const where = state ? 'WHERE state = ?' : '';
  const pickups = db
    .prepare(
      `SELECT id, carrier, confirmation_number, window_start, window_end, location, parcel_count, state, created_at, updated_at, '[]' AS return_ids
       FROM pickups ${where}
       ORDER BY (state IN ('scheduled', 'missed') AND window_end <= ?) DESC, state IN ('scheduled', 'missed') DESC,
         CASE WHEN state IN ('scheduled', 'missed') THEN window_end END, window_end DESC, id
       LIMIT 1000`,
    )
    .all(...(state ? [state] : []), now) as PickupRecord[];
  // One pass over returns for all listed pickups, rather than one per pickup.
  const attached = db
    .prepare('SELECT pickup_id AS pickupId, json_group_array(id) AS ids FROM returns WHERE pickup_id IN (SELECT value FROM json_each(?)) GROUP BY pickup_id')
    .all(JSON.stringify(pickups.map((p) => p.id))) as { pickupId: number; ids: string }[];
  const ids = new Map(attached.map((a) => [a.pickupId, a.ids]));
  return pickups.map((p) => toPickupRow({ ...p, return_ids: ids.get(p.id) ?? '[]' }, now));
}

export interface PickupFields {
  carrier?: string;
  confirmationNumber?: string;
  windowStart?: string;
  windowEnd?: string;
  location?: string;
  returnIds?: number[];
  parcelCount?: number;
}

function movePickup(db: Db, pickup: PickupRow, to: PickupState, action: string, actor: Actor, at: string, window?: { windowStart: string; windowEnd: string }) {
  if (!canMovePickup(pickup.state, to))
    throw new ApiError('conflict', `Pickup ${pickup.id} is ${pickup.state.replace('_', ' ')}; it cannot become ${to.replace('_', ' ')}.`);
  const changed = db
    .prepare(
      'UPDATE pickups SET state = ?, window_start = coalesce(?, window_start), window_end = coalesce(?, window_end), updated_at = ? WHERE id = ? AND state = ?',
    )
    .run(to, window?.windowStart ?? null, window?.windowEnd ?? null, at, pickup.id, pickup.state).changes;
  if (changed === 0) throw new ApiError('conflict', `Pickup ${pickup.id} changed meanwhile; reload and try again.`);
  recordAudit(db, {
    entity: 'pickup',
    entityId: pickup.id,
    action,
    ...actor,
    at,
    before: { state: pickup.state, ...(window && { windowStart: pickup.windowStart, windowEnd: pickup.windowEnd }) },
    after: { state: to, ...window },
  });
}

/**
 * Attaches exactly `returnIds` to the pickup: newly attached returns await pickup, detached ones go back to
 * label_issued. Returns that have moved on (in transit, received...) cannot be attached.
 */
function attachReturns(db: Db, pickup: { id: number; carrier: string }, returnIds: readonly number[], actor: Actor, at: string) {
  const wanted = new Set(returnIds);
  const attached = (db.prepare('SELECT id FROM returns WHERE pickup_id = ?').all(pickup.id) as { id: number }[]).map((r) => r.id);
  for (const id of attached) {
    if (wanted.has(id)) continue;
    const r = getReturn(db, id, at);
    moveReturn(db, r, r.state === 'awaiting_pickup' ? 'label_issued' : r.state, 'detached_from_pickup', actor, at, { pickupId: null });
  }
  for (const id of wanted) {
    if (attached.includes(id)) continue;
    const r = getReturn(db, id, at);
    const problem = attachProblem(pickup.carrier, { carrier: r.carrier, label: returnLabel(r) });
    if (problem) throw new ApiError('invalid_argument', problem);
    if (r.state !== 'label_issued' && r.state !== 'awaiting_pickup') {
      throw new ApiError('conflict', `${returnLabel(r)} is ${r.state.replace(/_/g, ' ')}; only returns waiting to be collected can join a pickup.`);
    }
    moveReturn(db, r, 'awaiting_pickup', 'attached_to_pickup', actor, at, { pickupId: pickup.id });
  }
}

/** Carrier times are stored as given; windows compare as UTC text, so scans are normalized (an unreadable time counts as none). */
function utc(at: string | null): string | null {
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const countAttached = (db: Db, pickupId: number): number =>
  (db.prepare('SELECT count(*) AS n FROM returns WHERE pickup_id = ?').get(pickupId) as { n: number }).n;

export function createPickup(
  db: Db,
  f: Required<Pick<PickupFields, 'carrier' | 'windowStart' | 'windowEnd'>> & PickupFields,
  actor: Actor,
  at: string,
): PickupRow {
  return db.write(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO pickups (carrier, confirmation_number, window_start, window_end, location, parcel_count, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 0, 'scheduled', ?, ?)`,
        )
        .run(f.carrier, f.confirmationNumber ?? null, f.windowStart, f.windowEnd, f.location ?? null, at, at).lastInsertRowid,
    );
    attachReturns(db, { id, carrier: f.carrier }, f.returnIds ?? [], actor, at);
    db.prepare('UPDATE pickups SET parcel_count = ? WHERE id = ?').run(f.parcelCount ?? countAttached(db, id), id);
    const pickup = getPickup(db, id, at);
    recordAudit(db, { entity: 'pickup', entityId: id, action: 'created', ...actor, at, before: null, after: pickup });
    return pickup;
  });
}

export function updatePickup(db: Db, pickupId: number, f: PickupFields & { state?: 'cancelled' }, actor: Actor, at: string): PickupRow {
  return db.write(() => {
    const before = getPickup(db, pickupId, at);
    if (before.state === 'picked_up' || before.state === 'cancelled') {
      throw new ApiError('conflict', `Pickup ${pickupId} is ${before.state.replace('_', ' ')}; it can no longer be edited.`);
    }
    const windowStart = f.windowStart ?? before.windowStart;
    const windowEnd = f.windowEnd ?? before.windowEnd;
    if (windowEnd <= windowStart) throw new ApiError('invalid_argument', 'The window must end after it starts.');
    const carrier = f.carrier ?? before.carrier;
    db.prepare(`UPDATE pickups SET carrier = ?, confirmation_number = ?, window_start = ?, window_end = ?, location = ?, updated_at = ? WHERE id = ?`).run(
      carrier,
      f.confirmationNumber ?? before.confirmationNumber,
      windowStart,
      windowEnd,
      f.location ?? before.location,
      at,
      pickupId,
    );
    if (f.carrier && f.carrier !== before.carrier && f.returnIds === undefined) {
      // A new carrier must still suit every parcel already attached.
      for (const id of before.returnIds) {
        const r = getReturn(db, id, at);
        const problem = attachProblem(carrier, { carrier: r.carrier, label: returnLabel(r) });
        if (problem) throw new ApiError('invalid_argument', problem);
      }
    }
    if (f.state === 'cancelled') {
      attachReturns(db, { id: pickupId, carrier }, [], actor, at);
      movePickup(db, before, 'cancelled', 'cancelled', actor, at);
    } else if (f.returnIds !== undefined) {
      attachReturns(db, { id: pickupId, carrier }, f.returnIds, actor, at);
    }
    const parcelCount = f.parcelCount ?? (f.returnIds !== undefined ? countAttached(db, pickupId) : before.parcelCount);
    db.prepare('UPDATE pickups SET parcel_count = ? WHERE id = ?').run(parcelCount, pickupId);
    const after = getPickup(db, pickupId, at);
    recordAudit(db, { entity: 'pickup', entityId: pickupId, action: 'edited', ...actor, at, before, after });
    return after;
  });
}

/** Staff saying the carrier did not come (the `m` key): missed now, whatever the window says. */
export function markPickupMissed(db: Db, pickupId: number, actor: Actor, at: string): { pickup: PickupRow; exceptionIds: number[] } {
  return db.write(() => {
    const pickup = getPickup(db, pickupId, at);
    movePickup(db, pickup, 'missed', 'missed', actor, at);
    const exceptionIds = openPickupMissedExceptions(db, pickupId, actor, at);
    return { pickup: getPickup(db, pickupId, at), exceptionIds };
  });
}

export function reschedulePickup(
  db: Db,
  pickupId: number,
  w: { windowStart: string; windowEnd: string; confirmationNumber?: string },
  actor: Actor,
  at: string,
): PickupRow {
  return db.write(() => {
    const pickup = getPickup(db, pickupId, at);
    if (pickup.state === 'scheduled') {
      // Still scheduled: a new window is an edit, audited as a reschedule.
      db.prepare('UPDATE pickups SET window_start = ?, window_end = ?, updated_at = ? WHERE id = ?').run(w.windowStart, w.windowEnd, at, pickupId);
      recordAudit(db, {
        entity: 'pickup',
        entityId: pickupId,
        action: 'rescheduled',
        ...actor,
        at,
        before: { windowStart: pickup.windowStart, windowEnd: pickup.windowEnd },
        after: { windowStart: w.windowStart, windowEnd: w.windowEnd },
      });
    } else {
      movePickup(db, pickup, 'scheduled', 'rescheduled', actor, at, w);
    }
    if (w.confirmationNumber) db.prepare('UPDATE pickups SET confirmation_number = ? WHERE id = ?').run(w.confirmationNumber, pickupId);
    return getPickup(db, pickupId, at);
  });
}

/**
 * Applies what carrier scans and the clock say to scheduled pickups (all of them, or those holding the given
 * returns): picked up on a first scan inside the window, missed (with exceptions) once the window ends without one.
 */
export function settlePickups(
  db: Db,
  actor: { pickedUp: Actor; missed: Actor },
  at: string,
  onlyShipmentIds?: readonly number[],
): { pickedUp: number[]; missed: number[]; exceptionIds: number[] } {
  const candidates = (
    onlyShipmentIds
      ? db
          .prepare(
            `SELECT DISTINCT p.id FROM pickups p JOIN returns r ON r.pickup_id = p.id
             WHERE p.state = 'scheduled' AND r.shipment_id IN (SELECT value FROM json_each(?))`,
          )
          .all(JSON.stringify(onlyShipmentIds))
      : db.prepare(`SELECT id FROM pickups WHERE state = 'scheduled' AND window_end <= ?`).all(at)
  ) as { id: number }[];
  const result = { pickedUp: [] as number[], missed: [] as number[], exceptionIds: [] as number[] };
  for (const { id } of candidates) {
    db.write(() => {
      const pickup = getPickup(db, id, at);
      const scans = (
        db.prepare('SELECT s.first_scan_at AS at FROM returns r JOIN shipments s ON s.id = r.shipment_id WHERE r.pickup_id = ?').all(id) as {
          at: string | null;
        }[]
      ).map((s) => utc(s.at));
      const outcome = pickupOutcome(pickup, scans, at);
      if (outcome === 'picked_up') {
        movePickup(db, pickup, 'picked_up', 'picked_up', actor.pickedUp, at);
        result.pickedUp.push(id);
      } else if (outcome === 'missed') {
        movePickup(db, pickup, 'missed', 'missed', actor.missed, at);
        result.exceptionIds.push(...openPickupMissedExceptions(db, id, actor.missed, at));
        result.missed.push(id);
      }
    });
  }
  return result;
}
