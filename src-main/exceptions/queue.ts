import { sql, type CompiledQuery, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import {
  ASSIGNEE_ME,
  ASSIGNEE_NONE,
  EXCEPTION_SORT_COLUMNS,
  type ExceptionFilter,
  type ExceptionRow,
  type ExceptionSortColumn,
  type Page,
} from '../../src-shared/api';
import { priorityOf } from '../../src-shared/domain/exceptions/priority';
import { REASON_PROFILES, type QueueReason } from '../../src-shared/domain/exceptions/reasons';
import { QUEUE_STATES, type ExceptionState, type ResolutionCode } from '../../src-shared/domain/exceptions/states';
import { EXPRESS_SERVICE_MARKERS } from '../../src-shared/domain/exceptions/thresholds';
import { flagsFromMask, maskFromFlags } from '../../src-shared/domain/tracking/flags';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { blockOf, isFilterSet, normalizeSort, readIds, type SortedViews } from '../db/sorted-views';
import { numberSearchCondition } from '../shipments';

const HOUR_MS = 3_600_000;

/** Spelled exactly as the partial index `exceptions_queue` so SQLite walks it in priority order. */
export const QUEUE_STATES_SQL = "e.state IN ('open', 'in_progress')";
export const ACTIVE_STATES_SQL = "state IN ('open', 'in_progress', 'snoozed')";

/** Who is asking: `@me` in a filter means this operator. */
export interface Viewer {
  now: number;
  operator: string | null;
}

export interface ExceptionQuery {
  startRow: number;
  endRow: number;
  sort: { column: ExceptionSortColumn; direction: 'asc' | 'desc' }[];
  filter: ExceptionFilter;
  ids?: number[];
}

const SORT_SQL: Record<ExceptionSortColumn, string> = {
  priority: 'e.priority',
  age: 'e.opened_at',
  reason: 'e.reason',
  carrier: 's.carrier',
  orderValue: 's.order_value_cents',
  lastEventAt: 's.last_event_at',
  expectedDelivery: 's.expected_delivery_current',
};

const ROW_COLUMNS = [
  'e.id',
  'e.version',
  'e.shipment_id',
  'e.reason',
  'e.state',
  'e.assignee',
  'e.snoozed_until',
  'e.resolution_code',
  'e.resolution_note',
  'e.closed_by',
  'e.closed_at',
  'e.opened_at',
  'e.updated_at',
  'e.priority',
  'e.priority_at',
  's.tracking_number',
  's.carrier',
  's.service',
  's.warehouse',
  's.order_number',
  's.order_value_cents',
  's.currency',
  's.status',
  's.substatus',
  's.flags',
  's.last_event_at',
  's.last_event_text',
  's.last_event_location',
  's.expected_delivery_original',
  's.expected_delivery_current',
] as const;

export interface ExceptionRecord {
  id: number;
  version: number;
  shipment_id: number;
  reason: string;
  state: string;
  assignee: string | null;
  snoozed_until: string | null;
  resolution_code: string | null;
  resolution_note: string | null;
  closed_by: string | null;
  closed_at: string | null;
  opened_at: string;
  updated_at: string;
  priority: number;
  priority_at: string | null;
  tracking_number: string;
  carrier: string;
  service: string | null;
  warehouse: string | null;
  order_number: string | null;
  order_value_cents: number | null;
  currency: string | null;
  status: string;
  substatus: string | null;
  flags: number;
  last_event_at: string | null;
  last_event_text: string | null;
  last_event_location: string | null;
  expected_delivery_original: string | null;
  expected_delivery_current: string | null;
}

export function toExceptionRow(r: ExceptionRecord, now: number): ExceptionRow {
  const reason = r.reason as QueueReason;
  const orderValue = r.order_value_cents === null ? null : r.order_value_cents / 100;
  const opened = Date.parse(r.opened_at);
  // Explained as of when the stored number was computed, so the tooltip adds up to the figure in the cell.
  const computedAt = r.priority_at ? Date.parse(r.priority_at) : opened;
  return {
    id: r.id,
    version: r.version,
    shipmentId: r.shipment_id,
    reason,
    state: r.state as ExceptionState,
    assignee: r.assignee,
    snoozedUntil: r.snoozed_until,
    resolutionCode: r.resolution_code as ResolutionCode | null,
    resolutionNote: r.resolution_note,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    ageHours: Math.max(0, Math.floor(((r.closed_at ? Date.parse(r.closed_at) : now) - opened) / HOUR_MS)),
    severity: REASON_PROFILES[reason]?.severity ?? 0,
    priority: r.priority,
    priorityExplanation: REASON_PROFILES[reason] ? priorityOf(reason, orderValue, computedAt - opened).explanation : '',
    trackingNumber: r.tracking_number,
    carrier: r.carrier as Carrier,
    service: r.service,
    warehouse: r.warehouse,
    orderNumber: r.order_number,
    orderValue,
    currency: r.currency,
    status: r.status as TrackingStatus,
    substatus: r.substatus,
    flags: flagsFromMask(r.flags),
    lastEventAt: r.last_event_at,
    lastEventText: r.last_event_text,
    lastEventLocation: r.last_event_location,
    expectedDeliveryOriginal: r.expected_delivery_original,
    expectedDeliveryCurrent: r.expected_delivery_current,
  };
}

/** No state filter, or exactly open + in_progress: the working queue. */
function isQueue(filter: ExceptionFilter): boolean {
  const states = filter.state ?? QUEUE_STATES;
  return states.length === QUEUE_STATES.length && QUEUE_STATES.every((s) => states.includes(s));
}
const normalizedService = sql<string>`lower(replace(replace(s.service, ' ', '_'), '-', '_'))`;
const expressService = sql<SqlBool>`(${sql.join(
  EXPRESS_SERVICE_MARKERS.map((m) => sql`instr(${normalizedService}, ${m}) > 0`),
  sql` OR `,
)})`;

/** The conditions on the item itself (alias e). */
function itemConditions(filter: ExceptionFilter, viewer: Viewer): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  where.push(isQueue(filter) ? sql<SqlBool>`${sql.raw(QUEUE_STATES_SQL)}` : sql<SqlBool>`e.state IN (${sql.join(filter.state ?? [])})`);
  if (filter.reason?.length) where.push(sql<SqlBool>`e.reason IN (${sql.join(filter.reason)})`);
  if (filter.assignee?.length) {
    const names = filter.assignee.flatMap((a) => (a === ASSIGNEE_ME ? (viewer.operator ? [viewer.operator] : []) : a === ASSIGNEE_NONE ? [] : [a]));
    const anyone = [
      ...(names.length ? [sql<SqlBool>`e.assignee IN (${sql.join(names)})`] : []),
      ...(filter.assignee.includes(ASSIGNEE_NONE) ? [sql<SqlBool>`e.assignee IS NULL`] : []),
    ];
    // "My queue" with nobody signed in matches nothing rather than everything. Not a constant 0: with a named
    // index, SQLite reports "no query solution" for a WHERE it can prove false.
    where.push(anyone.length ? sql<SqlBool>`(${sql.join(anyone, sql` OR `)})` : sql<SqlBool>`e.assignee IN (NULL)`);
  }
  if (filter.ageHoursMin !== undefined) where.push(sql<SqlBool>`e.opened_at <= ${new Date(viewer.now - filter.ageHoursMin * HOUR_MS).toISOString()}`);
  if (filter.ageHoursMax !== undefined) where.push(sql<SqlBool>`e.opened_at >= ${new Date(viewer.now - filter.ageHoursMax * HOUR_MS).toISOString()}`);
  return where;
}

/** The conditions on the item's shipment (alias s). */
function shipmentConditions(filter: ExceptionFilter): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (filter.flag?.length) where.push(sql<SqlBool>`(s.flags & ${maskFromFlags(filter.flag)}) != 0`);
  if (filter.carrier?.length) where.push(sql<SqlBool>`s.carrier IN (${sql.join(filter.carrier)})`);
  if (filter.service?.length) where.push(sql<SqlBool>`s.service IN (${sql.join(filter.service)})`);
  if (filter.warehouse?.length) where.push(sql<SqlBool>`s.warehouse IN (${sql.join(filter.warehouse)})`);
  if (filter.status?.length) where.push(sql<SqlBool>`s.status IN (${sql.join(filter.status)})`);
  if (filter.express === true) where.push(sql<SqlBool>`s.service IS NOT NULL AND ${expressService}`);
  if (filter.express === false) where.push(sql<SqlBool>`(s.service IS NULL OR NOT ${expressService})`);
  if (filter.orderValueMin !== undefined) where.push(sql<SqlBool>`s.order_value_cents >= ${Math.round(filter.orderValueMin * 100)}`);
  if (filter.orderValueMax !== undefined) where.push(sql<SqlBool>`s.order_value_cents <= ${Math.round(filter.orderValueMax * 100)}`);
  const search = filter.search ? numberSearchCondition(filter.search, 's.') : null;
  if (search) where.push(search);
  return where;
}

const filterConditions = (filter: ExceptionFilter, viewer: Viewer) => [...itemConditions(filter, viewer), ...shipmentConditions(filter)];

/**
 * Exceptions first, then their shipment by primary key: the queue is small next to the shipments table, and
 * walking `exceptions_queue` in priority order stops after one block. SQLite's planner prefers the older
 * (state, priority) index and then sorts the whole queue, so the working queue names its index. A
 * tracking-number search or an id list is selective enough to let the planner choose.
 */
function fromClause(filter: ExceptionFilter, ids: number[] | undefined): RawBuilder<unknown> {
  if (filter.search || ids) return sql`FROM exceptions AS e JOIN shipments AS s ON s.id = e.shipment_id`;
  const index = isQueue(filter) ? sql` INDEXED BY exceptions_queue` : sql``;
  return sql`FROM exceptions AS e${index} CROSS JOIN shipments AS s ON s.id = e.shipment_id`;
}

function whereClause(filter: ExceptionFilter, viewer: Viewer, ids: number[] | undefined): RawBuilder<unknown> {
  const conditions = filterConditions(filter, viewer);
  if (ids) conditions.push(sql<SqlBool>`e.id IN (${sql.join(ids.length ? ids : [0])})`);
  return sql`WHERE ${sql.join(conditions, sql` AND `)}`;
}

const DEFAULT_SORT: ExceptionQuery['sort'] = [{ column: 'priority', direction: 'desc' }];
const bySortOf = (sortBy: ExceptionQuery['sort']) => (sortBy.length ? sortBy : DEFAULT_SORT);
// Older items have an earlier opened_at: "age descending" is opened_at ascending.
const sqlDirection = (s: { column: ExceptionSortColumn; direction: 'asc' | 'desc' }) => ((s.column === 'age') === (s.direction === 'asc') ? 'DESC' : 'ASC');
const onShipment = (column: ExceptionSortColumn) => SORT_SQL[column].startsWith('s.');

/**
 * Ties break by id so consecutive blocks never repeat or skip a row. Under a shipment column they break by the
 * shipment first, keeping its items together: that order is a walk of the column's shipments index.
 */
function orderClause(sortBy: ExceptionQuery['sort']): RawBuilder<unknown> {
  const sort = bySortOf(sortBy);
  const tie = sqlDirection(sort[0]);
  const order = [
    ...sort.map((s) => sql.raw(`${SORT_SQL[s.column]} ${sqlDirection(s)}`)),
    ...(onShipment(sort[0].column) ? [sql.raw(`e.shipment_id ${tie}`)] : []),
    sql.raw(`e.id ${tie}`),
  ];
  return sql`ORDER BY ${sql.join(order)}`;
}

/** The whole view in order, for a one-pass stream (exports, CLI), or one LIMIT/OFFSET block of a short id list. */
export function compileExceptionPage(db: Db, args: ExceptionQuery, viewer: Viewer): CompiledQuery<ExceptionRecord> {
  return sql<ExceptionRecord>`SELECT ${sql.raw(ROW_COLUMNS.join(', '))} ${fromClause(args.filter, args.ids)} ${whereClause(args.filter, viewer, args.ids)}
    ${orderClause(args.sort)} LIMIT ${args.endRow - args.startRow} OFFSET ${args.startRow}`.compile(db.kysely);
}

/**
 * A view's item ids, read without touching a shipment row where it can: item columns come from the queue's
 * partial indexes, shipment filters from the shipments indexes (`IN (SELECT …)`), and a sort on one shipment
 * column walks that column's index and each shipment's queue items. Joining 500k items to their shipments row
 * by row takes ~10 s at a million shipments; these take well under one.
 */
function compileExceptionIds(db: Db, args: Pick<ExceptionQuery, 'sort' | 'filter'>, viewer: Viewer, ordered: boolean): CompiledQuery<{ id: number }> {
  const sort = bySortOf(args.sort);
  const onItems = itemConditions(args.filter, viewer);
  const onShipments = shipmentConditions(args.filter);
  const compile = (query: RawBuilder<unknown>) => query.compile(db.kysely) as CompiledQuery<{ id: number }>;
  if (ordered && sort.length === 1 && onShipment(sort[0].column) && isQueue(args.filter)) {
    const dir = sqlDirection(sort[0]);
    return compile(sql`SELECT e.id FROM shipments AS s CROSS JOIN exceptions AS e INDEXED BY exceptions_queue_shipment ON e.shipment_id = s.id
      WHERE ${sql.join([...onItems, ...onShipments], sql` AND `)} ORDER BY ${sql.raw(`${SORT_SQL[sort[0].column]} ${dir}, s.id ${dir}, e.id ${dir}`)}`);
  }
  if (!ordered || !sort.some((s) => onShipment(s.column))) {
    const within = onShipments.length ? [sql<SqlBool>`e.shipment_id IN (SELECT s.id FROM shipments AS s WHERE ${sql.join(onShipments, sql` AND `)})`] : [];
    return compile(sql`SELECT e.id FROM exceptions AS e WHERE ${sql.join([...onItems, ...within], sql` AND `)} ${ordered ? orderClause(args.sort) : sql``}`);
  }
  return compile(sql`SELECT e.id ${fromClause(args.filter, undefined)} ${whereClause(args.filter, viewer, undefined)} ${orderClause(args.sort)}`);
}

const idsOf = (db: Db, query: CompiledQuery) => readIds(db.prepare(query.sql), query.parameters);

const allKeyOf = (sort: ExceptionQuery['sort'], states: ExceptionFilter['state']) => JSON.stringify(['exceptions', sort, { state: states }]);

/** Reads the working queue in every one-column sort ahead (in the worker): opening the queue at 500k items takes seconds. */
export function prefetchQueueViews(db: Db, views: SortedViews, viewer: Viewer): void {
  for (const column of EXCEPTION_SORT_COLUMNS) {
    const sort = [{ column, direction: 'asc' as const }];
    views.prefetch(allKeyOf(sort, undefined), compileExceptionIds(db, { sort, filter: {} }, viewer, true));
  }
}

/** The view's sorted ids (db/sorted-views.ts): its states in this sort, narrowed by the other filters; kept ascending in the first term. */
function exceptionViewIds(db: Db, views: SortedViews, query: ExceptionQuery, viewer: Viewer): Int32Array {
  const args = { ...query, sort: normalizeSort(query.sort, DEFAULT_SORT).sort };
  const states = { state: args.filter.state };
  const allKey = allKeyOf(args.sort, args.filter.state);
  const readAll = compileExceptionIds(db, { sort: args.sort, filter: states }, viewer, true);
  if (!Object.entries(args.filter).some(([name, value]) => name !== 'state' && isFilterSet(value))) return views.ids(allKey, args.startRow, readAll);
  const hasAge = args.filter.ageHoursMin !== undefined || args.filter.ageHoursMax !== undefined;
  return views.filtered(
    {
      allKey,
      // @me depends on who asks, ages on the minute they ask in.
      key: JSON.stringify(['exceptions', args.sort, args.filter, viewer.operator, hasAge ? Math.floor(viewer.now / 60_000) : null]),
      membersKey: JSON.stringify(['exceptions', args.filter, viewer.operator, hasAge ? Math.floor(viewer.now / 60_000) : null]),
      readAll,
      readMembers: () => idsOf(db, compileExceptionIds(db, args, viewer, false)),
      readSorted: () => idsOf(db, compileExceptionIds(db, args, viewer, true)),
    },
    args.startRow,
  );
}

const EXCEPTIONS_BY_IDS = `SELECT ${ROW_COLUMNS.join(', ')}
  FROM json_each(?) AS v CROSS JOIN exceptions AS e ON e.id = v.value CROSS JOIN shipments AS s ON s.id = e.shipment_id ORDER BY v.key`;

/** Any block of any view: the view's sorted ids (kept between blocks), then its rows by id. */
export function pageExceptions(db: Db, views: SortedViews, args: ExceptionQuery, viewer: Viewer): Page<ExceptionRow> {
  if (args.ids) {
    // Live updates ask which of a few changed items still match: a short list, read directly.
    const records = db.all(compileExceptionPage(db, args, viewer));
    const wanted = args.endRow - args.startRow;
    return { rows: records.map((r) => toExceptionRow(r, viewer.now)), lastRow: records.length < wanted ? args.startRow + records.length : null };
  }
  const ids = exceptionViewIds(db, views, args, viewer);
  const block = blockOf(ids, args.startRow, args.endRow, normalizeSort(args.sort, DEFAULT_SORT).reversed);
  const records = block.length ? (db.prepare(EXCEPTIONS_BY_IDS).all(JSON.stringify(Array.from(block))) as ExceptionRecord[]) : [];
  return {
    rows: records.map((r) => toExceptionRow(r, viewer.now)),
    lastRow: args.endRow >= ids.length ? ids.length : null,
    rowCount: ids.length,
  };
}

export function countExceptions(db: Db, filter: ExceptionFilter, viewer: Viewer): number {
  const query = sql<{ n: number }>`SELECT count(*) AS n ${fromClause(filter, undefined)} ${whereClause(filter, viewer, undefined)}`.compile(db.kysely);
  return db.all(query)[0]?.n ?? 0;
}

/** Rows for the given items whatever their state (results of an action). */
export function exceptionRowsByIds(db: Db, ids: number[], now: number): ExceptionRow[] {
  if (!ids.length) return [];
  const records = db
    .prepare(
      `SELECT ${ROW_COLUMNS.join(', ')} FROM exceptions AS e JOIN shipments AS s ON s.id = e.shipment_id WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id`,
    )
    .all(JSON.stringify(ids)) as ExceptionRecord[];
  return records.map((r) => toExceptionRow(r, now));
}
