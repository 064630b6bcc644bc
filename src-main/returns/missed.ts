import { priorityOf } from '../../src-shared/domain/exceptions/priority';
import type { Db } from '../db/create-db';
import { recordAudit } from '../audit';
import type { Actor } from './repo';

/**
 * Opens a `pickup_missed` item in the exception queue for each attached return's shipment, with the queue's own
 * priority formula. The (shipment_id, reason) index keeps one item per parcel: a closed or snoozed one reopens,
 * one already being worked is left with its assignee. The queue auto-resolves it once the parcel reaches us.
 */
export function openPickupMissedExceptions(db: Db, pickupId: number, actor: Actor, at: string): number[] {
  const parcels = db.all(
    db.kysely
      .selectFrom('returns as r')
      .innerJoin('shipments as s', 's.id', 'r.shipment_id')
      .leftJoin('exceptions as e', (join) => join.onRef('e.shipment_id', '=', 'r.shipment_id').on('e.reason', '=', 'pickup_missed'))
      .select(['s.id as shipmentId', 's.order_value_cents as cents', 'e.id as itemId', 'e.state as itemState'])
      .where('r.pickup_id', '=', pickupId)
      .compile(),
  );
  const upsert = db.prepare(
    `INSERT INTO exceptions (shipment_id, reason, state, priority, priority_at, opened_at, updated_at, condition_active, version)
     VALUES (?, 'pickup_missed', 'open', ?, ?, ?, ?, 0, 1)
     ON CONFLICT (shipment_id, reason) DO UPDATE SET
       state = 'open', snoozed_until = NULL, resolution_code = NULL, resolution_note = NULL, closed_at = NULL, closed_by = NULL,
       opened_at = excluded.opened_at, updated_at = excluded.updated_at, priority = excluded.priority, priority_at = excluded.priority_at,
       version = version + 1
     WHERE exceptions.state IN ('resolved', 'auto_resolved', 'snoozed')
     RETURNING id`,
  );
  const ids: number[] = [];
  for (const p of parcels) {
    const priority = priorityOf('pickup_missed', p.cents === null ? null : p.cents / 100, 0).value;
    const row = upsert.get(p.shipmentId, priority, at, at, at) as { id: number } | undefined;
    if (!row) continue;
    recordAudit(db, {
      entity: 'exception',
      entityId: row.id,
      action: p.itemId === null ? 'opened' : 'reopened',
      operator: actor.operator ?? 'system',
      station: actor.station,
      at,
      before: p.itemState === null ? null : { state: p.itemState },
      after: { state: 'open', reason: 'pickup_missed', priority, pickupId },
    });
    ids.push(row.id);
  }
  return ids;
}
