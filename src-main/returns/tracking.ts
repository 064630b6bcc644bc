import { stateFromTracking, type ReturnState } from '../../src-shared/domain/returns/lifecycle';
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { recordAudit } from '../audit';
import { getReturn, moveReturn, TRACKING_ACTOR } from './repo';
import { readSetting, writeSetting } from '../db/settings';

/** Returns expected from a return label among the synced shipments; external_id is the shipment's own key. */
export const LABEL_SOURCE = 'label';

/** Shipments up to this id have been looked at for return labels; kept in the store so a restart does not rescan them all. */
const WATERMARK_KEY = 'returns.labelsSeenThroughId';

/**
 * Every return label (is_return shipment) that no return stands for yet becomes an expected return: shipments new
 * since the last look (`'new'`), or those just changed (`shipmentIds`). A label that a returns file already announced
 * (same tracking number) is not announced twice.
 */
export function adoptReturnLabels(db: Db, at: string, scope: 'new' | { shipmentIds: readonly number[] }): number {
  const seen = scope === 'new' ? Number(readSetting(db, WATERMARK_KEY) ?? 0) : 0;
  const where = scope === 'new' ? 's.id > ?' : 's.id IN (SELECT value FROM json_each(?))';
  const adopted = db
    .prepare(
      `INSERT INTO returns (source, external_id, order_number, shipment_id, tracking_number, carrier, state, created_at, updated_at)
       SELECT '${LABEL_SOURCE}', s.source || ':' || s.external_id, s.order_number, s.id, s.tracking_number, s.carrier, 'label_issued', ?, ?
       FROM shipments s
       WHERE ${where} AND s.is_return = 1 AND s.status <> 'cancelled'
         AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.tracking_number = s.tracking_number)
       ON CONFLICT (source, external_id) DO NOTHING
       RETURNING id, shipment_id`,
    )
    .all(at, at, scope === 'new' ? seen : JSON.stringify(scope.shipmentIds)) as { id: number; shipment_id: number }[];
  for (const r of adopted)
    recordAudit(db, {
      entity: 'return',
      entityId: r.id,
      action: 'expected',
      ...TRACKING_ACTOR,
      at,
      before: null,
      after: { source: LABEL_SOURCE, shipmentId: r.shipment_id, state: 'label_issued' },
    });
  if (scope === 'new') {
    const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM shipments').get() as { m: number }).m;
    if (maxId !== seen) writeSetting(db, WATERMARK_KEY, String(maxId));
  }
  return adopted.length;
}

/** Moves returns forward on what carrier tracking of their label says (in transit, delivered to us, voided). */
export function advanceFromTracking(db: Db, at: string, shipmentIds?: readonly number[]): number[] {
  const scope = shipmentIds ? 'AND r.shipment_id IN (SELECT value FROM json_each(?))' : '';
  const rows = db
    .prepare(
      `SELECT r.id, r.state, s.status FROM returns r JOIN shipments s ON s.id = r.shipment_id
       WHERE r.state IN ('label_issued', 'awaiting_pickup', 'in_transit') ${scope}`,
    )
    .all(...(shipmentIds ? [JSON.stringify(shipmentIds)] : [])) as { id: number; state: ReturnState; status: TrackingStatus }[];
  const moved: number[] = [];
  for (const row of rows) {
    const to = stateFromTracking(row.state, row.status);
    if (!to) continue;
    moveReturn(db, getReturn(db, row.id, at), to, `tracking_${row.status}`, TRACKING_ACTOR, at);
    moved.push(row.id);
  }
  return moved;
}
