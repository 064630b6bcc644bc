import type {
  CarrierAccountHealth,
  CarrierCounts,
  DailyHealthArgs,
  DailyHealthReport,
  ReasonFlow,
  StationDay,
  SyncSourceHealth,
} from '../../src-shared/api/reports';
import { addDays } from '../../src-shared/domain/kpi/calendar';
import { dayRange, localDate } from '../../src-shared/domain/time-zones/zones';
import { flagBit } from '../../src-shared/domain/tracking/flags';
import type { Db } from '../db/create-db';

/** Labels this old or newer count as "not yet reconciled"; older ones are history, not today's work. */
const RECONCILE_WINDOW_DAYS = 7;
const OPEN_STATES = "('open', 'in_progress', 'snoozed')";
const NOT_TERMINAL = "status NOT IN ('delivered', 'returned', 'cancelled')";

/** The caller's calendar day as UTC instants, in the `toISOString()` form the store keeps times in. */
const dayBounds = (date: string, utcOffsetMinutes: number) => dayRange(date, () => utcOffsetMinutes);

export const todayAt = (now: number, utcOffsetMinutes: number): string => localDate(now, () => utcOffsetMinutes);

function countsByCarrier(rows: { carrier: string | null; n: number }[]): CarrierCounts {
  const byCarrier: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    byCarrier[r.carrier ?? 'unknown'] = (byCarrier[r.carrier ?? 'unknown'] ?? 0) + r.n;
    total += r.n;
  }
  return { total, byCarrier };
}

function exceptionFlows(db: Db, from: string, to: string): DailyHealthReport['exceptions'] {
  const rows = db
    .prepare(
      `SELECT reason,
         sum(opened_at >= @from AND opened_at < @to) AS opened,
         sum(state = 'resolved' AND closed_at >= @from AND closed_at < @to) AS resolved,
         sum(state = 'auto_resolved' AND closed_at >= @from AND closed_at < @to) AS autoResolved,
         sum(opened_at < @to AND (state IN ${OPEN_STATES} OR closed_at >= @to)) AS stillOpen
       FROM exceptions GROUP BY reason ORDER BY reason`,
    )
    .all({ from, to }) as ReasonFlow[];
  const byReason = rows.filter((r) => r.opened + r.resolved + r.autoResolved + r.stillOpen > 0);
  const total = { opened: 0, resolved: 0, autoResolved: 0, stillOpen: 0 };
  for (const r of byReason) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  return { byReason, total };
}

/**
 * Parcels carrying a flag now and still on their way; flags are the exception rules' own verdict. The bit is
 * spelled into the SQL so `(flags & 4) != 0` matches the partial index the exception queue keeps for late
 * parcels; `+carrier` stops SQLite from walking the carrier index row by row to save the GROUP BY a sort.
 */
const flagged = (db: Db, bit: number): CarrierCounts =>
  countsByCarrier(
    db.prepare(`SELECT carrier, count(*) AS n FROM shipments WHERE (flags & ${bit}) != 0 AND ${NOT_TERMINAL} GROUP BY +carrier`).all() as {
      carrier: string;
      n: number;
    }[],
  );

function unreconciledLabels(db: Db, date: string, utcOffsetMinutes: number, to: string): DailyHealthReport['unreconciledLabels'] {
  const windowFromDate = addDays(date, 1 - RECONCILE_WINDOW_DAYS);
  const windowFrom = dayBounds(windowFromDate, utcOffsetMinutes).start;
  const rows = db
    .prepare(
      // NOT IN builds the set of handed-over shipments once (scans has no shipment index); a plain scan of the
      // store beats a week of random reads through the label-date index.
      `SELECT s.carrier, count(*) AS n FROM shipments s NOT INDEXED
       WHERE s.label_created_at >= ? AND s.label_created_at < ? AND s.is_return = 0 AND s.status <> 'cancelled'
         AND s.id NOT IN (SELECT sc.shipment_id FROM scans sc JOIN scan_sessions ss ON ss.id = sc.session_id
           WHERE sc.verdict = 'matched' AND sc.undone_at IS NULL AND ss.purpose = 'carrier_handoff' AND sc.shipment_id IS NOT NULL)
       GROUP BY s.carrier`,
    )
    .all(windowFrom, to) as { carrier: string; n: number }[];
  return { ...countsByCarrier(rows), windowFrom: windowFromDate, windowTo: date };
}

function returnsPendingPickup(db: Db, nowIso: string): DailyHealthReport['returnsPendingPickup'] {
  const rows = db
    .prepare(
      `SELECT coalesce(r.carrier, p.carrier) AS carrier, count(*) AS n,
         sum(p.state = 'missed' OR (p.window_end IS NOT NULL AND p.window_end < ?)) AS overdue
       FROM returns r LEFT JOIN pickups p ON p.id = r.pickup_id
       WHERE r.state = 'awaiting_pickup' GROUP BY 1`,
    )
    .all(nowIso) as { carrier: string | null; n: number; overdue: number | null }[];
  return { ...countsByCarrier(rows), overdue: rows.reduce((sum, r) => sum + (r.overdue ?? 0), 0) };
}

/**
 * Per station: scans (through the sessions open that day, so the scans table is read by its session index),
 * and exceptions resolved and returns received as the audit trail tells it, each under the station that did it.
 */
function byStation(db: Db, from: string, to: string): StationDay[] {
  return db
    .prepare(
      `WITH s AS (
         SELECT ss.station, count(*) AS scans FROM scan_sessions ss JOIN scans sc ON sc.session_id = ss.id
         WHERE ss.opened_at < @to AND (ss.closed_at IS NULL OR ss.closed_at >= @from)
           AND sc.scanned_at >= @from AND sc.scanned_at < @to AND sc.undone_at IS NULL
         GROUP BY ss.station),
       a AS (
         SELECT station,
           sum(entity = 'exception' AND action = 'resolved') AS resolved,
           sum(entity = 'return' AND CASE WHEN json_valid(after) THEN json_extract(after, '$.state') END = 'received') AS received
         FROM audit_log WHERE entity IN ('exception', 'return') AND at >= @from AND at < @to AND station IS NOT NULL
         GROUP BY station)
       SELECT n.station, coalesce(s.scans, 0) AS scans, coalesce(a.resolved, 0) AS exceptionsResolved, coalesce(a.received, 0) AS returnsReceived
       FROM (SELECT station FROM s UNION SELECT station FROM a) n LEFT JOIN s ON s.station = n.station LEFT JOIN a ON a.station = n.station
       ORDER BY n.station`,
    )
    .all({ from, to }) as StationDay[];
}

function syncHealth(db: Db, from: string, to: string): SyncSourceHealth[] {
  return db
    .prepare(
      `SELECT r.source,
         max(r.started_at) AS lastStartedAt,
         (SELECT finished_at FROM sync_runs l WHERE l.source = r.source ORDER BY l.started_at DESC, l.id DESC LIMIT 1) AS lastFinishedAt,
         (SELECT error FROM sync_runs l WHERE l.source = r.source ORDER BY l.started_at DESC, l.id DESC LIMIT 1) AS lastError,
         sum(r.started_at >= @from AND r.started_at < @to) AS runsOnDay,
         sum(r.started_at >= @from AND r.started_at < @to AND r.error IS NOT NULL) AS failedRunsOnDay,
         sum(CASE WHEN r.started_at >= @from AND r.started_at < @to THEN r.rejected ELSE 0 END) AS rejectedOnDay
       FROM sync_runs r GROUP BY r.source ORDER BY r.source`,
    )
    .all({ from, to }) as SyncSourceHealth[];
}

function carrierHealth(db: Db): CarrierAccountHealth[] {
  const accounts = db.kysely
    .selectFrom('carrier_accounts')
    .select(['carrier', 'enabled', 'circuit_state', 'last_success_at', 'last_failure_at', 'last_failure'])
    .orderBy('carrier');
  const rows = db.all(accounts.compile());
  return rows.map((r) => ({
    carrier: r.carrier,
    enabled: r.enabled === 1,
    circuitState: r.circuit_state,
    lastSuccessAt: r.last_success_at,
    lastFailureAt: r.last_failure_at,
    lastFailure: r.last_failure,
  }));
}

/**
 * The day's exception flows, plus what needs attention right now (late, stalled, unreconciled, pickups,
 * sync and carrier health): those are snapshots at generation time, even for a past day.
 */
export function dailyHealth(db: Db, args: DailyHealthArgs, now: number): DailyHealthReport {
  const date = args.date ?? todayAt(now, args.utcOffsetMinutes);
  const { start: from, end: to } = dayBounds(date, args.utcOffsetMinutes);
  const nowIso = new Date(now).toISOString();
  return {
    date,
    from,
    to,
    generatedAt: nowIso,
    exceptions: exceptionFlows(db, from, to),
    late: flagged(db, flagBit('late')),
    stalled: flagged(db, flagBit('stalled')),
    unreconciledLabels: unreconciledLabels(db, date, args.utcOffsetMinutes, to),
    returnsPendingPickup: returnsPendingPickup(db, nowIso),
    sync: syncHealth(db, from, to),
    carriers: carrierHealth(db),
    byStation: byStation(db, from, to),
  };
}
