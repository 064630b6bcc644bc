import { PAST_EXPECTED_FILTER, type ExceptionDashboard } from '../../src-shared/api';
import type { QueueReason } from '../../src-shared/domain/exceptions/reasons';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { ACTIVE_STATES_SQL, countExceptions, QUEUE_STATES_SQL } from './queue';

const HOUR_MS = 3_600_000;
const LATE_DELIVERY_WINDOW_MS = 7 * 24 * HOUR_MS;

/**
 * Every count is of parcels, as the queue lists them, and each tile's number is the length of the list it
 * opens: a reason's count (one item per parcel and reason) is its parcels, the total counts each parcel once.
 */
export function dashboard(db: Db, now: number): ExceptionDashboard {
  const openByReason = db
    .prepare(`SELECT e.reason AS reason, count(*) AS count FROM exceptions e WHERE ${QUEUE_STATES_SQL} GROUP BY e.reason ORDER BY count DESC, e.reason`)
    .all() as { reason: QueueReason; count: number }[];
  // `(flags & 4) != 0` is the late bit, spelled as in the partial index shipments_late.
  const lateDeliveriesByCarrier = db
    .prepare(
      "SELECT carrier, count(*) AS count FROM shipments WHERE (flags & 4) != 0 AND status = 'delivered' AND delivered_at >= ? GROUP BY carrier ORDER BY count DESC, carrier",
    )
    .all(new Date(now - LATE_DELIVERY_WINDOW_MS).toISOString()) as { carrier: Carrier; count: number }[];
  const inTransitPastExpected = countExceptions(db, PAST_EXPECTED_FILTER, { now, operator: null });
  const openTotal = countExceptions(db, {}, { now, operator: null });
  const snoozed = countExceptions(db, { state: ['snoozed'] }, { now, operator: null });
  const returnsPendingPickup = (db.prepare("SELECT count(*) AS n FROM returns WHERE state = 'awaiting_pickup'").get() as { n: number }).n;
  const pairs = db
    .prepare(
      `SELECT DISTINCT s.warehouse AS warehouse, s.service AS service FROM exceptions e CROSS JOIN shipments s ON s.id = e.shipment_id WHERE e.${ACTIVE_STATES_SQL}`,
    )
    .all() as { warehouse: string | null; service: string | null }[];
  const assignees = db.prepare(`SELECT DISTINCT assignee FROM exceptions WHERE ${ACTIVE_STATES_SQL} AND assignee IS NOT NULL ORDER BY assignee`).all() as {
    assignee: string;
  }[];
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  return {
    openByReason,
    lateDeliveriesByCarrier,
    inTransitPastExpected,
    returnsPendingPickup,
    openTotal,
    snoozed,
    options: {
      warehouses: distinct(pairs.map((p) => p.warehouse)),
      services: distinct(pairs.map((p) => p.service)),
      assignees: assignees.map((a) => a.assignee),
    },
  };
}
