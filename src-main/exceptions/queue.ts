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
import { QUEUE_REASONS, REASON_PROFILES, type QueueReason } from '../../src-shared/domain/exceptions/reasons';
import { QUEUE_STATES, type ExceptionState, type ResolutionCode } from '../../src-shared/domain/exceptions/states';
import { EXPRESS_SERVICE_MARKERS } from '../../src-shared/domain/exceptions/thresholds';
import { flagsFromMask, maskFromFlags } from '../../src-shared/domain/tracking/flags';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import type Database from 'better-sqlite3';
import type { Db } from '../db/create-db';
import { blockOf, isFilterSet, normalizeSort, readIds, type MemberPart, type SortedViews } from '../db/sorted-views';
import { eachOnce } from '../db/view-builder';
import { numberSearchCondition, prefetchShipmentFacets, shipmentFacetTerms } from '../shipments';
import { parcelRow } from './parcels';

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

function toExceptionRow(r: ExceptionRecord, now: number): ExceptionRow {
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
    facets: [],
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
function fromClause(filter: ExceptionFilter, selective = false): RawBuilder<unknown> {
  if (filter.search || selective) return sql`FROM exceptions AS e JOIN shipments AS s ON s.id = e.shipment_id`;
  const index = isQueue(filter) ? sql` INDEXED BY exceptions_queue` : sql``;
  return sql`FROM exceptions AS e${index} CROSS JOIN shipments AS s ON s.id = e.shipment_id`;
}

function whereClause(filter: ExceptionFilter, viewer: Viewer, extra: Expression<SqlBool>[] = []): RawBuilder<unknown> {
  return sql`WHERE ${sql.join([...filterConditions(filter, viewer), ...extra], sql` AND `)}`;
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

/**
 * A view's parcels (shipment ids, once per item until `eachOnce` keeps one), read without touching a shipment row where it can: item columns come from the queue's
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
    return compile(sql`SELECT s.id FROM shipments AS s CROSS JOIN exceptions AS e INDEXED BY exceptions_queue_shipment ON e.shipment_id = s.id
      WHERE ${sql.join([...onItems, ...onShipments], sql` AND `)} ORDER BY ${sql.raw(`${SORT_SQL[sort[0].column]} ${dir}, s.id ${dir}, e.id ${dir}`)}`);
  }
  if (!ordered || !sort.some((s) => onShipment(s.column))) {
    const within = onShipments.length ? [sql<SqlBool>`e.shipment_id IN (SELECT s.id FROM shipments AS s WHERE ${sql.join(onShipments, sql` AND `)})`] : [];
    return compile(
      sql`SELECT e.shipment_id FROM exceptions AS e WHERE ${sql.join([...onItems, ...within], sql` AND `)} ${ordered ? orderClause(args.sort) : sql``}`,
    );
  }
  return compile(sql`SELECT e.shipment_id ${fromClause(args.filter)} ${whereClause(args.filter, viewer)} ${orderClause(args.sort)}`);
}

const readIdsOf = (raw: Database.Database, query: CompiledQuery) => readIds(raw.prepare(query.sql), query.parameters);
/** Each parcel once, where its first item falls in the view's order (its most urgent one under the default sort). */
const parcelsOf = (raw: Database.Database, query: CompiledQuery) => eachOnce(readIdsOf(raw, query), 'first');

/**
 * A filtered view's parcels sorted by SQLite, each placed by the first of ALL its items in the view's states (its
 * row's figures), not only the items the filter matched: the same place it has in the unfiltered view, so both
 * ways of reading a filtered view (sorted-views.ts) agree.
 */
function compileSortedParcels(db: Db, args: Pick<ExceptionQuery, 'sort' | 'filter'>, viewer: Viewer): CompiledQuery<{ id: number }> {
  const states: ExceptionFilter = { state: args.filter.state };
  const members = sql`SELECT e.shipment_id ${fromClause(args.filter, true)} ${whereClause(args.filter, viewer)}`;
  return sql<{ id: number }>`SELECT e.shipment_id ${fromClause(states, true)} WHERE ${stateCondition(states)} AND e.shipment_id IN (${members})
    ${orderClause(args.sort)}`.compile(db.kysely);
}

/** Whether the filter narrows more than the view's states. */
const narrows = (filter: ExceptionFilter) => Object.entries(filter).some(([name, value]) => name !== 'state' && isFilterSet(value));

/** Which item places a parcel in a view kept ascending: its first, or (read from the end, descending) its last. */
type Keep = 'first' | 'last';

const allKeyOf = (sort: ExceptionQuery['sort'], states: ExceptionFilter['state'], keep: Keep) => JSON.stringify(['exceptions', sort, { state: states }, keep]);

/** One reason's parcels in the working queue (its items' shipments), on the partial index `exceptions_queue_reason`. */
const reasonPart = (db: Db, reason: QueueReason) => ({
  key: JSON.stringify(['exceptions', 'reason', reason]),
  read: sql<{ id: number }>`SELECT e.shipment_id FROM exceptions AS e WHERE ${sql.raw(QUEUE_STATES_SQL)} AND e.reason = ${reason}`.compile(db.kysely),
});

/**
 * Reads the working queue in every one-column sort ahead (in the worker), and the lists its filter chips are made
 * of (each carrier's, status's, warehouse's shipments, each reason's parcels): opening the queue at 500k items
 * takes seconds, and reading one carrier's parcels in the request a few hundred ms.
 */
export function prefetchQueueViews(db: Db, views: SortedViews, viewer: Viewer): void {
  for (const column of EXCEPTION_SORT_COLUMNS) {
    const sort = [{ column, direction: 'asc' as const }];
    const query = compileExceptionIds(db, { sort, filter: {} }, viewer, true);
    for (const keep of ['first', 'last'] as const) views.prefetch(allKeyOf(sort, undefined, keep), { ...query, keep });
  }
  prefetchShipmentFacets(db, views);
  for (const reason of QUEUE_REASONS) {
    const part = reasonPart(db, reason);
    views.prefetch(part.key, part.read);
  }
}

/**
 * The filter as member terms (db/sorted-views.ts), each a list of parcels: carrier, status and warehouse from held
 * lists of shipments, reasons from held lists of the working queue's parcels, and the rest read by SQLite as one
 * term. Conditions on an item (reason, assignee, age) must hold for one same item, so with an assignee or an age
 * the reason goes with them into that read.
 */
function filterTerms(db: Db, args: ExceptionQuery, viewer: Viewer, minute: number | null): MemberPart[][] {
  const { carrier, status, warehouse, reason, ...rest } = args.filter;
  const terms = shipmentFacetTerms(db, { carrier, status, warehouse });
  const alone = isQueue(args.filter) && rest.assignee === undefined && rest.ageHoursMin === undefined && rest.ageHoursMax === undefined;
  if (reason?.length && alone) terms.push(reason.map((r) => reasonPart(db, r)));
  const residual = alone ? rest : { ...rest, reason };
  if (narrows(residual)) {
    const read = () => readIdsOf(db.raw, compileExceptionIds(db, { sort: args.sort, filter: residual }, viewer, false));
    terms.push([{ key: JSON.stringify(['exceptions', 'where', residual, viewer.operator, minute]), read }]);
  }
  return terms;
}

/**
 * Rows [startRow, endRow) of the view's parcels in the grid's order, and its row count (db/sorted-views.ts). The
 * view is kept ascending in its first term and read from the end for a descending sort. Its items' shipments,
 * one per item, keep each parcel at its first item; read from the end the parcel belongs at its last one, so
 * each direction has its own list, made where the ids are read (`eachOnce`, in the worker for a big view): 500k
 * items are never walked in a request.
 */
function exceptionViewBlock(db: Db, views: SortedViews, query: ExceptionQuery, viewer: Viewer): { block: Int32Array; rowCount: number } {
  const { sort, reversed } = normalizeSort(query.sort, DEFAULT_SORT);
  const args = { ...query, sort };
  const keep: Keep = reversed ? 'last' : 'first';
  const states = { state: args.filter.state };
  const allKey = allKeyOf(args.sort, args.filter.state, keep);
  const readAll = { ...compileExceptionIds(db, { sort: args.sort, filter: states }, viewer, true), keep };
  if (!narrows(args.filter)) {
    const ids = views.ids(allKey, args.startRow, readAll);
    return { block: blockOf(ids, args.startRow, args.endRow, reversed), rowCount: ids.length };
  }
  const hasAge = args.filter.ageHoursMin !== undefined || args.filter.ageHoursMax !== undefined;
  // @me depends on who asks, ages on the minute they ask in.
  const minute = hasAge ? Math.floor(viewer.now / 60_000) : null;
  const view = {
    allKey,
    key: JSON.stringify(['exceptions', args.sort, args.filter, viewer.operator, minute, keep]),
    membersKey: JSON.stringify(['exceptions', args.filter, viewer.operator, minute, views.isHeld(allKey)]),
    readAll,
    // Held: the first block's count is the members' (sorted-views.ts), and the shipment lists hold parcels outside the view.
    terms: [...filterTerms(db, args, viewer, minute), ...(views.isHeld(allKey) ? [[{ key: allKey, read: readAll }]] : [])],
    readSorted: () => eachOnce(readIdsOf(db.raw, compileSortedParcels(db, args, viewer)), keep),
    fresh: isFilterSet(args.filter.search),
  };
  return views.filtered(view, args.startRow, args.endRow, reversed);
}

/** The view's states as a condition: a parcel's facets are its items in these states, whatever else the filter says. */
const stateCondition = (filter: ExceptionFilter) =>
  isQueue(filter) ? sql<SqlBool>`${sql.raw(QUEUE_STATES_SQL)}` : sql<SqlBool>`e.state IN (${sql.join(filter.state ?? [])})`;

/** One row per parcel, in the order of `shipmentIds`; a parcel with no item left in the view's states is left out. */
function parcelRows(db: Db, raw: Database.Database, shipmentIds: ArrayLike<number>, filter: ExceptionFilter, now: number): ExceptionRow[] {
  if (!shipmentIds.length) return [];
  const query = sql<ExceptionRecord>`SELECT ${sql.raw(ROW_COLUMNS.join(', '))} FROM json_each(${JSON.stringify(Array.from(shipmentIds))}) AS v
    CROSS JOIN exceptions AS e ON e.shipment_id = v.value CROSS JOIN shipments AS s ON s.id = e.shipment_id
    WHERE ${stateCondition(filter)} ORDER BY v.key, e.id`.compile(db.kysely);
  const rows: ExceptionRow[] = [];
  let items: ExceptionRow[] = [];
  for (const record of raw.prepare(query.sql).all(...query.parameters) as ExceptionRecord[]) {
    if (items.length && items[0].shipmentId !== record.shipment_id) {
      rows.push(parcelRow(items));
      items = [];
    }
    items.push(toExceptionRow(record, now));
  }
  if (items.length) rows.push(parcelRow(items));
  return rows;
}

/** Any block of any view: the view's parcels in order (kept between blocks), then their items by shipment. */
export function pageExceptions(db: Db, views: SortedViews, args: ExceptionQuery, viewer: Viewer): Page<ExceptionRow> {
  if (args.ids) {
    // Live updates name changed items: which of their parcels still match the view, read directly.
    const changed = sql<SqlBool>`e.shipment_id IN (SELECT shipment_id FROM exceptions WHERE id IN (${sql.join(args.ids.length ? args.ids : [0])}))`;
    const query = sql<{
      id: number;
    }>`SELECT DISTINCT e.shipment_id AS id ${fromClause(args.filter, true)} ${whereClause(args.filter, viewer, [changed])}`.compile(db.kysely);
    const shipments = db.all(query).map((r) => r.id);
    const rows = parcelRows(db, db.raw, shipments.slice(args.startRow, args.endRow), args.filter, viewer.now);
    return { rows, lastRow: args.endRow >= shipments.length ? Math.min(shipments.length, args.endRow) : null };
  }
  const { block, rowCount } = exceptionViewBlock(db, views, args, viewer);
  return {
    rows: parcelRows(db, db.raw, block, args.filter, viewer.now),
    lastRow: args.endRow >= rowCount ? rowCount : null,
    rowCount,
  };
}

/**
 * How many parcels the view holds: what the grid's count and the dashboard's tiles say. Items only, with the
 * shipment filters as an `IN (SELECT …)` on the shipments indexes: no item is joined to its shipment row.
 */
export function countExceptions(db: Db, filter: ExceptionFilter, viewer: Viewer): number {
  const onShipments = shipmentConditions(filter);
  const within = onShipments.length ? [sql<SqlBool>`e.shipment_id IN (SELECT s.id FROM shipments AS s WHERE ${sql.join(onShipments, sql` AND `)})`] : [];
  const query = sql<{
    n: number;
  }>`SELECT count(DISTINCT e.shipment_id) AS n FROM exceptions AS e WHERE ${sql.join([...itemConditions(filter, viewer), ...within], sql` AND `)}`.compile(
    db.kysely,
  );
  return db.all(query)[0]?.n ?? 0;
}

const STREAM_BLOCK = 500;

/**
 * The whole view, parcel by parcel in the grid's order, for one-pass writers (exports, the CLI). `raw` may be
 * another connection to the same store: inside its own read transaction the list and the rows are one snapshot.
 */
export function streamParcels(db: Db, raw: Database.Database, args: Pick<ExceptionQuery, 'sort' | 'filter'>, viewer: Viewer) {
  const ids = parcelsOf(raw, narrows(args.filter) ? compileSortedParcels(db, args, viewer) : compileExceptionIds(db, args, viewer, true));
  function* rows(): Generator<ExceptionRow> {
    for (let start = 0; start < ids.length; start += STREAM_BLOCK)
      yield* parcelRows(db, raw, ids.subarray(start, start + STREAM_BLOCK), args.filter, viewer.now);
  }
  return { total: ids.length, rows: rows() };
}

/** Rows for the given items whatever their state (results of an action). */
export function exceptionRowsByIds(db: Db, ids: number[], now: number): ExceptionRow[] {
  if (!ids.length) return [];
  const records = db
    .prepare(
      `SELECT ${ROW_COLUMNS.join(', ')} FROM exceptions AS e JOIN shipments AS s ON s.id = e.shipment_id WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id`,
    )
    .all(JSON.stringify(ids)) as ExceptionRecord[];
  return records.map((r) => parcelRow([toExceptionRow(r, now)]));
}
