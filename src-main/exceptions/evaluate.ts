/**
 * The rules engine's pass: read a slice of shipments, compute flags and plan items with the pure rules, write
 * everything for the slice in one transaction, then yield to the event loop so IPC and HTTP calls get a turn.
 *
 * Where a first pass's time went (issue 15, profiled at 200k shipments): reading every shipment whole was the
 * largest part, then the writes (an item touches seven indexes and the change log, plus its audit row; flags and
 * deadlines); the pure rules were a tenth. So a first pass reads whole only the shipments that can need work
 * (`neverNeeded`). Writes stay per row in short slices: twice the slice saved no measurable CPU at 200k, and a
 * slice is what a window waits for.
 */
import { performance } from 'node:perf_hooks';
import { planItems, problemSince, type ItemSnapshot } from '../../src-shared/domain/exceptions/items';
import { priorityDueAt, priorityMoved, priorityValue } from '../../src-shared/domain/exceptions/priority';
import type { QueueReason } from '../../src-shared/domain/exceptions/reasons';
import { earliestDayEndMinutes, evaluateFlags, flagsDueAt, type ShipmentFacts, type WarehouseCalendar } from '../../src-shared/domain/exceptions/rules';
import { isActiveState, SYSTEM_OPERATOR, type ExceptionState } from '../../src-shared/domain/exceptions/states';
import { thresholdFor, type ResolvedThreshold, type Thresholds } from '../../src-shared/domain/exceptions/thresholds';
import { createZoneMath, parseBusinessHours } from '../../src-shared/domain/exceptions/zone-time';
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';
import { recordAudit } from '../audit';
import { lastChangeSeq } from '../db/changes';
import { lastShipmentId } from '../db/counts';
import type { Db } from '../db/create-db';
import type { Logger } from '../platform/ports';

/**
 * Slices stay well under the 100 ms budget: each one stops evaluating at SLICE_BUDGET_MS and commits (the
 * commit can cost as much again on a busy disk, hence the headroom); the next one resumes after the last
 * shipment done. Reads are bounded by an id range (what SQLite scans) and a row limit (what one slice can
 * use), both adapting to what the last slice managed.
 */
const SLICE_BUDGET_MS = 20;
const FIRST_LIMIT = 250;
const MIN_LIMIT = 50;
const MAX_LIMIT = 2_000;
const FIRST_RANGE = 5_000;
const MAX_RANGE = 100_000;
const IDS_PER_READ = 500;
/** Rows written (items, audit, flags) per slice at most: keeps each commit, and each checkpoint, small. */
const MAX_WRITES_PER_SLICE = 600;
/** Rows written after which the pass checkpoints the WAL itself, between slices. */
const CHECKPOINT_AFTER_WRITES = 600;
/**
 * The same when the worker checkpoints: the pass only waits for it, and a page many slices touch (the queue's
 * indexes, rules_due) is copied once per checkpoint, not once per few slices: half the bytes written at 200k.
 */
const BACKGROUND_CHECKPOINT_AFTER_WRITES = 30_000;
const UTC_CALENDAR: WarehouseCalendar = { timeZone: 'UTC', businessHours: null };
/** The years of expected days `dayEndBounds` vouches for, around now. */
const BOUND_YEARS_BACK = 6;
const BOUND_YEARS_AHEAD = 2;

export interface PassStats {
  /** Shipments the rules evaluated; a full pass leaves out those SQL proves need nothing (`neverNeeded`). */
  shipments: number;
  slices: number;
  /** The longest synchronous stretch of the pass: what a window waited at worst. */
  maxSliceMs: number;
  totalMs: number;
  opened: number;
  reopened: number;
  autoResolved: number;
  flagsChanged: number;
}

export type PassScope =
  /** Every shipment that can need work: not terminal, holding stale flags, new since `newAfterId`, or with active items. */
  { kind: 'all'; newAfterId: number; toId?: number } | { kind: 'ids'; ids: number[] };

export interface RulesEngineDeps {
  db: Db;
  logger: Logger;
  thresholds(): Thresholds;
  /** Items whose state changed (opened, reopened, auto-resolved), once per slice. */
  onItemsChanged(ids: number[]): void;
  /** Items that just opened or reopened, for notifications. */
  onOpened(reasons: QueueReason[]): void;
  /** The change-log seqs (from, to] the pass itself wrote: a steady pass need not re-read what it just decided. */
  onOwnChanges(from: number, to: number): void;
}

interface ShipmentRecord {
  id: number;
  carrier: string;
  service: string | null;
  warehouse: string | null;
  status: string;
  substatus: string | null;
  label_created_at: string;
  last_event_at: string | null;
  first_scan_at: string | null;
  delivered_at: string | null;
  expected_delivery_original: string | null;
  expected_delivery_current: string | null;
  order_value_cents: number | null;
  flags: number;
  /** When the rules last said this shipment next needs them (rules_due), or null. */
  due_at: number | null;
}

interface ItemRecord {
  id: number;
  shipment_id: number;
  reason: string;
  state: string;
  assignee: string | null;
  condition_active: number;
  priority: number;
  opened_at: string;
}

const SHIPMENT_COLUMNS = `id, carrier, service, warehouse, status, substatus, label_created_at, last_event_at, first_scan_at,
  delivered_at, expected_delivery_original, expected_delivery_current, order_value_cents, flags,
  (SELECT due_at FROM rules_due WHERE shipment_id = shipments.id) AS due_at`;

/**
 * Most of a first pass is parcels that arrived on time long ago, for which the rules write nothing: a journey
 * that is over sets no flag but `late`, opens no item and has no deadline. So SQL leaves out the terminal
 * shipments with no flag, item or deadline that cannot be late: returned or cancelled ones, and those delivered
 * before the earliest instant their original expected day (a plain date) can end in their warehouse's zone
 * (`dayEndBounds`). What it cannot prove (other formats, dates outside the bounds' years) is read and judged as
 * before. Parameters: the bounds' first and last day, then each warehouse's code and bound, then the default.
 */
const neverNeeded = (warehouses: number) => `(flags = 0 AND status IN ('delivered', 'returned', 'cancelled')
    AND NOT EXISTS (SELECT 1 FROM exceptions WHERE shipment_id = shipments.id)
    AND NOT EXISTS (SELECT 1 FROM rules_due WHERE shipment_id = shipments.id)
    AND (status != 'delivered' OR expected_delivery_original IS NULL OR delivered_at IS NULL
      OR (length(expected_delivery_original) = 10 AND expected_delivery_original BETWEEN ? AND ?
        AND julianday(delivered_at) < julianday(expected_delivery_original) + ${warehouses ? `CASE warehouse ${'WHEN ? THEN ? '.repeat(warehouses)}ELSE ? END` : '?'})))`;

/**
 * The shipments a pass reads have, or may get, something to write. A delivered shipment whose only flag is `late`
 * (bit 4) is settled; every other flagged terminal one is stale. The item subquery names its index: left alone,
 * SQLite walks every active item by state for each slice. Shipments never evaluated are read unless SQL can
 * prove the rules would write nothing for them (`neverNeeded`).
 */
const selectRange = (warehouses: number) => `SELECT ${SHIPMENT_COLUMNS} FROM shipments
  WHERE id > ? AND id <= ? AND (
    status NOT IN ('delivered', 'returned', 'cancelled')
    OR (flags != 0 AND NOT (status = 'delivered' AND flags = 4))
    OR (id > ? AND NOT ${neverNeeded(warehouses)})
    OR id IN (SELECT shipment_id FROM exceptions INDEXED BY exceptions_active_shipment
              WHERE state IN ('open', 'in_progress', 'snoozed') AND shipment_id > ? AND shipment_id <= ?)
  ) ORDER BY id LIMIT ?`;
const SELECT_IDS = `SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`;
const ITEMS_RANGE =
  'SELECT id, shipment_id, reason, state, assignee, condition_active, priority, opened_at FROM exceptions WHERE shipment_id > ? AND shipment_id <= ?';
const ITEMS_IDS =
  'SELECT id, shipment_id, reason, state, assignee, condition_active, priority, opened_at FROM exceptions WHERE shipment_id IN (SELECT value FROM json_each(?))';

const UPDATE_FLAGS = 'UPDATE shipments SET flags = ?, flags_seen = flags_seen | ? WHERE id = ?';
// One statement opens a new item or reopens a closed one: the UNIQUE (shipment_id, reason) index is the idempotency key.
const UPSERT_ITEM = `INSERT INTO exceptions (shipment_id, reason, state, priority, priority_at, opened_at, updated_at, condition_active, version)
  VALUES (?, ?, 'open', ?, ?, ?, ?, 1, 1)
  ON CONFLICT (shipment_id, reason) DO UPDATE SET
    state = 'open', assignee = NULL, snoozed_until = NULL, resolution_code = NULL, resolution_note = NULL,
    closed_at = NULL, closed_by = NULL, opened_at = excluded.opened_at, updated_at = excluded.updated_at,
    priority = excluded.priority, priority_at = excluded.priority_at, condition_active = 1, version = version + 1
  WHERE exceptions.state IN ('resolved', 'auto_resolved')
  RETURNING id`;
const AUTO_RESOLVE = `UPDATE exceptions SET state = 'auto_resolved', snoozed_until = NULL, closed_at = ?, closed_by = '${SYSTEM_OPERATOR}',
  condition_active = 0, updated_at = ?, version = version + 1 WHERE id = ?`;
const SET_CONDITION = 'UPDATE exceptions SET condition_active = ? WHERE id = ?';
const SET_PRIORITY = 'UPDATE exceptions SET priority = ?, priority_at = ? WHERE id = ?';
const SET_DUE = 'INSERT INTO rules_due (shipment_id, due_at) VALUES (?, ?) ON CONFLICT (shipment_id) DO UPDATE SET due_at = excluded.due_at';
const CLEAR_DUE = 'DELETE FROM rules_due WHERE shipment_id = ?';

interface PassContext {
  now: number;
  nowIso: string;
  calendars: Map<string, WarehouseCalendar>;
  threshold(carrier: string, service: string | null): ResolvedThreshold;
  zones: ReturnType<typeof createZoneMath>;
  stats: PassStats;
}

export function createRulesEngine(deps: RulesEngineDeps) {
  const { db, logger } = deps;

  function context(now: number, stats: PassStats): PassContext {
    const calendars = new Map<string, WarehouseCalendar>();
    // A TEXT primary key may hold NULL in SQLite; the warehouse list never does.
    for (const w of db.all(db.kysely.selectFrom('warehouses').select(['code', 'time_zone', 'business_hours']).$narrowType<{ code: string }>().compile())) {
      const { hours, problem } = parseBusinessHours(w.business_hours);
      if (problem) logger.warn(`warehouse ${w.code}: ${problem}; counting calendar hours`);
      calendars.set(w.code, { timeZone: w.time_zone || 'UTC', businessHours: hours });
    }
    const thresholds = deps.thresholds();
    const cache = new Map<string, ResolvedThreshold>();
    return {
      now,
      nowIso: new Date(now).toISOString(),
      calendars,
      zones: createZoneMath(),
      stats,
      threshold: (carrier, service) => {
        const key = `${carrier}|${service ?? ''}`;
        let t = cache.get(key);
        if (!t) cache.set(key, (t = thresholdFor(thresholds, carrier, service)));
        return t;
      },
    };
  }

  /**
   * Evaluates shipments in order, in one transaction, until they are done, the deadline passes or the slice
   * has written its share; returns how many it evaluated (at least one) and the ids of items whose state changed.
   */
  function evaluateSlice(
    shipments: ShipmentRecord[],
    items: ItemRecord[],
    ctx: PassContext,
    deadline: number,
  ): { done: number; changed: number[]; writes: number } {
    let done = 0;
    let writes = 0;
    const changed: number[] = [];
    const opened: QueueReason[] = [];
    const itemsByShipment = new Map<number, ItemRecord[]>();
    for (const item of items) {
      const list = itemsByShipment.get(item.shipment_id);
      if (list) list.push(item);
      else itemsByShipment.set(item.shipment_id, [item]);
    }
    const updateFlags = db.prepare(UPDATE_FLAGS);
    const upsert = db.prepare(UPSERT_ITEM);
    const autoResolve = db.prepare(AUTO_RESOLVE);
    const setCondition = db.prepare(SET_CONDITION);
    const setPriority = db.prepare(SET_PRIORITY);
    const setDue = db.prepare(SET_DUE);
    const clearDue = db.prepare(CLEAR_DUE);
    const { now, nowIso, stats } = ctx;

    db.write(() => {
      const firstSeq = lastChangeSeq(db);
      for (const s of shipments) {
        if (writes >= MAX_WRITES_PER_SLICE || (done > 0 && (done & 15) === 0 && performance.now() > deadline)) break;
        done++;
        const status = s.status as TrackingStatus;
        const facts: ShipmentFacts = {
          status,
          labelCreatedAt: s.label_created_at,
          lastEventAt: s.last_event_at,
          firstScanAt: s.first_scan_at,
          deliveredAt: s.delivered_at,
          expectedDeliveryOriginal: s.expected_delivery_original,
          expectedDeliveryCurrent: s.expected_delivery_current,
        };
        const env = {
          now,
          threshold: ctx.threshold(s.carrier, s.service),
          calendar: (s.warehouse && ctx.calendars.get(s.warehouse)) || UTC_CALENDAR,
          zones: ctx.zones,
        };
        const flags = evaluateFlags(facts, env);
        // The next time anything here can change with no new facts: a flag's deadline or an open item's priority.
        let due = flagsDueAt(facts, flags, env) ?? Infinity;
        if (flags !== s.flags) {
          updateFlags.run(flags, flags, s.id);
          stats.flagsChanged++;
          writes++;
        }
        const records = itemsByShipment.get(s.id) ?? [];
        const snapshots: ItemSnapshot[] = records.map((r) => ({
          id: r.id,
          reason: r.reason as QueueReason,
          state: r.state as ExceptionState,
          conditionActive: r.condition_active === 1,
        }));
        const orderValue = s.order_value_cents === null ? null : s.order_value_cents / 100;
        const touched = new Set<number>();
        for (const change of planItems({ status, substatus: s.substatus, flags }, snapshots)) {
          if (change.kind === 'open' || change.kind === 'reopen') {
            const reason = change.kind === 'open' ? change.reason : change.item.reason;
            // Its age counts from when the problem began (a damage scan days ago is days old), not from this pass.
            const since = problemSince(
              reason,
              { labelCreatedAt: s.label_created_at, lastEventAt: s.last_event_at, expectedDeliveryOriginal: s.expected_delivery_original },
              now,
            );
            const priority = priorityValue(reason, orderValue, now - since);
            const row = upsert.get(s.id, reason, priority, nowIso, new Date(since).toISOString(), nowIso) as { id: number } | undefined;
            if (!row) continue;
            writes += 2;
            const before = change.kind === 'reopen' ? records.find((r) => r.id === change.item.id) : undefined;
            recordAudit(db, {
              entity: 'exception',
              entityId: row.id,
              action: change.kind === 'open' ? 'opened' : 'reopened',
              operator: SYSTEM_OPERATOR,
              station: null,
              at: nowIso,
              before: before ? { state: before.state, assignee: before.assignee } : null,
              after: { state: 'open', reason, priority, shipmentStatus: status, substatus: s.substatus },
            });
            changed.push(row.id);
            opened.push(reason);
            due = Math.min(due, priorityDueAt(reason, orderValue, priority, since));
            touched.add(row.id);
            if (change.kind === 'open') stats.opened++;
            else stats.reopened++;
          } else if (change.kind === 'auto_resolve') {
            autoResolve.run(nowIso, nowIso, change.item.id);
            writes += 2;
            const before = records.find((r) => r.id === change.item.id);
            recordAudit(db, {
              entity: 'exception',
              entityId: change.item.id,
              action: 'auto_resolved',
              operator: SYSTEM_OPERATOR,
              station: null,
              at: nowIso,
              before: { state: change.item.state, assignee: before?.assignee ?? null },
              after: { state: 'auto_resolved', shipmentStatus: status, substatus: s.substatus },
            });
            changed.push(change.item.id);
            touched.add(change.item.id);
            stats.autoResolved++;
          } else {
            setCondition.run(change.active ? 1 : 0, change.item.id);
            writes++;
          }
        }
        for (const r of records) {
          if (touched.has(r.id) || !isActiveState(r.state as ExceptionState)) continue;
          const openedAt = Date.parse(r.opened_at);
          const fresh = priorityValue(r.reason as QueueReason, orderValue, now - openedAt);
          const moved = priorityMoved(r.priority, fresh);
          if (moved) {
            setPriority.run(fresh, nowIso, r.id);
            writes++;
          }
          due = Math.min(due, priorityDueAt(r.reason as QueueReason, orderValue, moved ? fresh : r.priority, openedAt));
        }
        // A local table without a change log: cheap enough not to count against the slice's writes.
        const dueAt = Number.isFinite(due) ? Math.ceil(due) : null;
        if (dueAt !== s.due_at) {
          if (dueAt === null) clearDue.run(s.id);
          else setDue.run(s.id, dueAt);
        }
      }
      const lastSeq = lastChangeSeq(db);
      if (lastSeq > firstSeq) deps.onOwnChanges(firstSeq, lastSeq);
    });
    if (opened.length) deps.onOpened(opened);
    return { done, changed, writes };
  }

  /** `neverNeeded`'s parameters: per warehouse, the earliest its expected days can end, in days after their midnight UTC. */
  function dayEndBounds(ctx: PassContext): { warehouses: number; parameters: unknown[] } {
    const from = ctx.now - BOUND_YEARS_BACK * 365 * 86_400_000;
    const to = ctx.now + BOUND_YEARS_AHEAD * 365 * 86_400_000;
    const bounds = new Map<string, number>();
    const bound = (zone: string) => {
      let days = bounds.get(zone);
      if (days === undefined) bounds.set(zone, (days = earliestDayEndMinutes(zone, from, to, ctx.zones) / (24 * 60)));
      return days;
    };
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // An empty warehouse code counts in UTC, as `evaluateSlice` reads it.
    const named = [...ctx.calendars].filter(([code]) => code);
    const perWarehouse = named.flatMap(([code, calendar]) => [code, bound(calendar.timeZone)]);
    return { warehouses: named.length, parameters: [day(from), day(to), ...perWarehouse, bound(UTC_CALENDAR.timeZone)] };
  }

  /** One pass over the scope, yielding between slices; `shouldStop` ends it early when the core closes. */
  async function run(scope: PassScope, now: number, shouldStop: () => boolean): Promise<PassStats> {
    const stats: PassStats = { shipments: 0, slices: 0, maxSliceMs: 0, totalMs: 0, opened: 0, reopened: 0, autoResolved: 0, flagsChanged: 0 };
    const started = performance.now();
    const ctx = context(now, stats);
    /** One synchronous stretch of the pass, timed. */
    const stretch = <T>(work: () => T): T => {
      const t0 = performance.now();
      const value = work();
      stats.maxSliceMs = Math.max(stats.maxSliceMs, performance.now() - t0);
      return value;
    };
    let unCheckpointed = 0;
    /** One slice: read, evaluate until the budget is spent, commit, report. */
    const slice = (read: () => { shipments: ShipmentRecord[]; items: ItemRecord[] }) =>
      stretch(() => {
        const t0 = performance.now();
        const { shipments, items } = read();
        const readMs = performance.now() - t0;
        const { done, changed, writes } = shipments.length ? evaluateSlice(shipments, items, ctx, t0 + SLICE_BUDGET_MS) : { done: 0, changed: [], writes: 0 };
        if (changed.length) deps.onItemsChanged(changed);
        stats.shipments += done;
        stats.slices++;
        unCheckpointed += writes;
        return { shipments, done, readMs };
      });
    const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
    const background = db.checkpointInBackground;
    /**
     * Between slices, after a burst of writes, the WAL is copied into the store while the pass writes nothing: a
     * checkpoint racing a steady writer never catches up, so on a first pass the log would grow by gigabytes and
     * be flushed in storms that stall every commit, this thread's included. The app's worker does the copy while
     * this thread stays free; without one, it is a stretch of its own here, not SQLite's auto-checkpoint inside
     * some slice's commit.
     */
    const afterSlice = async () => {
      await yieldToEventLoop();
      if (unCheckpointed < (background ? BACKGROUND_CHECKPOINT_AFTER_WRITES : CHECKPOINT_AFTER_WRITES) || shouldStop()) return;
      unCheckpointed = 0;
      if (background) await background();
      else stretch(() => db.raw.pragma('wal_checkpoint(PASSIVE)'));
      await yieldToEventLoop();
    };

    if (scope.kind === 'ids') {
      const ids = [...new Set(scope.ids)].sort((a, b) => a - b);
      for (let i = 0; i < ids.length && !shouldStop();) {
        const chunk = ids.slice(i, i + IDS_PER_READ);
        const json = JSON.stringify(chunk);
        const { shipments, done } = slice(() => ({
          shipments: db.prepare(SELECT_IDS).all(json) as ShipmentRecord[],
          items: db.prepare(ITEMS_IDS).all(json) as ItemRecord[],
        }));
        // Unknown ids read as nothing; otherwise resume after the last shipment evaluated.
        i += done < shipments.length ? chunk.indexOf(shipments[done - 1].id) + 1 : IDS_PER_READ;
        await afterSlice();
      }
    } else {
      const maxId = scope.toId ?? lastShipmentId(db);
      const bounds = stretch(() => dayEndBounds(ctx));
      const selectRangeSql = selectRange(bounds.warehouses);
      let range = FIRST_RANGE;
      let limit = FIRST_LIMIT;
      for (let lo = 0; lo < maxId && !shouldStop();) {
        const hi = Math.min(maxId, lo + range);
        let loadedTo = hi;
        const { shipments, done, readMs } = slice(() => {
          const rows = db.prepare(selectRangeSql).all(lo, hi, scope.newAfterId, ...bounds.parameters, lo, hi, limit) as ShipmentRecord[];
          if (rows.length === limit) loadedTo = rows[rows.length - 1].id;
          return { shipments: rows, items: db.prepare(ITEMS_RANGE).all(lo, loadedTo) as ItemRecord[] };
        });
        lo = done < shipments.length ? shipments[done - 1].id : loadedTo;
        if (done < shipments.length) limit = Math.max(MIN_LIMIT, done);
        else if (shipments.length === limit) limit = Math.min(MAX_LIMIT, limit * 2);
        else range = readMs > SLICE_BUDGET_MS / 2 ? Math.max(FIRST_RANGE, Math.floor(range / 2)) : Math.min(MAX_RANGE, range * 2);
        await afterSlice();
      }
    }
    stats.totalMs = performance.now() - started;
    return stats;
  }

  return { run };
}
