import { sql, type CompiledQuery, type SelectQueryBuilder } from 'kysely';
import {
  SHIPMENT_SORT_COLUMNS,
  ApiError,
  type Page,
  type ShipmentDetail,
  type ShipmentFilter,
  type ShipmentRow,
  type ShipmentSortColumn,
  type StoreStats,
  type TimelineEvent,
} from '../../src-shared/api';
import { flagsFromMask } from '../../src-shared/domain/tracking/flags';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import { lastShipmentId } from '../db/counts';
import type { Db } from '../db/create-db';
import { between, blockOf, isFilterSet, normalizeSort, readIds, type IdQuery, type MemberPart, type SortedViews } from '../db/sorted-views';
import type { DB, Row } from '../db/schema';
import { prefetchShipmentFacets, shipmentFacetTerms } from './facets';
import { numberSearchCondition } from './search';

const SORT_SQL: Record<ShipmentSortColumn, keyof Row<'shipments'>> = {
  labelCreatedAt: 'label_created_at',
  shipDate: 'ship_date',
  trackingNumber: 'tracking_number',
  carrier: 'carrier',
  service: 'service',
  warehouse: 'warehouse',
  orderNumber: 'order_number',
  orderValue: 'order_value_cents',
  status: 'status',
  lastEventAt: 'last_event_at',
  expectedDeliveryCurrent: 'expected_delivery_current',
};

type ShipmentQuery = SelectQueryBuilder<DB, 'shipments', object>;

export function applyShipmentFilter(query: ShipmentQuery, filter: ShipmentFilter): ShipmentQuery {
  let q = query;
  const search = filter.search ? numberSearchCondition(filter.search, '') : null;
  if (search) q = q.where(search);
  if (filter.carrier?.length) q = q.where('carrier', 'in', filter.carrier);
  if (filter.status?.length) q = q.where('status', 'in', filter.status);
  if (filter.warehouse?.length) q = q.where('warehouse', 'in', filter.warehouse);
  if (filter.service?.length) q = q.where('service', 'in', filter.service);
  if (filter.shipDateFrom) q = q.where(sql<string>`coalesce(ship_date, substr(label_created_at, 1, 10))`, '>=', filter.shipDateFrom);
  if (filter.shipDateTo) q = q.where(sql<string>`coalesce(ship_date, substr(label_created_at, 1, 10))`, '<=', filter.shipDateTo);
  if (filter.orderValueMin !== undefined) q = q.where('order_value_cents', '>=', Math.round(filter.orderValueMin * 100));
  if (filter.orderValueMax !== undefined) q = q.where('order_value_cents', '<=', Math.round(filter.orderValueMax * 100));
  return q;
}

const SHIPMENT_COLUMNS = [
  'id',
  'source',
  'external_id',
  'tracking_number',
  'carrier',
  'service',
  'warehouse',
  'order_number',
  'order_value_cents',
  'currency',
  'label_created_at',
  'ship_date',
  'expected_delivery_original',
  'expected_delivery_current',
  'is_return',
  'status',
  'substatus',
  'flags',
  'first_scan_at',
  'delivered_at',
  'last_event_at',
  'last_event_text',
  'last_event_location',
] as const;

type ShipmentRecord = Pick<Row<'shipments'>, (typeof SHIPMENT_COLUMNS)[number] | 'id'>;

export const toShipmentRow = (r: ShipmentRecord): ShipmentRow => ({
  id: r.id,
  source: r.source,
  externalId: r.external_id,
  trackingNumber: r.tracking_number,
  carrier: r.carrier as Carrier,
  service: r.service,
  warehouse: r.warehouse,
  orderNumber: r.order_number,
  orderValue: r.order_value_cents === null ? null : r.order_value_cents / 100,
  currency: r.currency,
  labelCreatedAt: r.label_created_at,
  shipDate: r.ship_date,
  expectedDeliveryOriginal: r.expected_delivery_original,
  expectedDeliveryCurrent: r.expected_delivery_current,
  isReturn: r.is_return === 1,
  status: r.status as TrackingStatus,
  substatus: r.substatus,
  flags: flagsFromMask(r.flags),
  firstScanAt: r.first_scan_at,
  deliveredAt: r.delivered_at,
  lastEventAt: r.last_event_at,
  lastEventText: r.last_event_text,
  lastEventLocation: r.last_event_location,
});

export interface ShipmentPageQuery {
  startRow: number;
  endRow: number;
  sort: { column: ShipmentSortColumn; direction: 'asc' | 'desc' }[];
  filter: ShipmentFilter;
}

const DEFAULT_SORT: ShipmentPageQuery['sort'] = [{ column: 'labelCreatedAt', direction: 'desc' }];

function orderedView<O>(query: SelectQueryBuilder<DB, 'shipments', O>, sortBy: ShipmentPageQuery['sort']) {
  let q = query;
  const sort = sortBy.length ? sortBy : DEFAULT_SORT;
  for (const s of sort) q = q.orderBy(SORT_SQL[s.column], s.direction);
  // id breaks ties so consecutive blocks never repeat or skip a row; in the sort's direction, so one index serves both.
  return q.orderBy('id', sort[0].direction);
}

/** The whole view in order, for a one-pass stream (exports, CLI) or one LIMIT/OFFSET block. */
export function compileShipmentPage(db: Db, args: ShipmentPageQuery) {
  const q = orderedView(applyShipmentFilter(db.kysely.selectFrom('shipments'), args.filter).select(SHIPMENT_COLUMNS), args.sort);
  return q
    .limit(args.endRow - args.startRow)
    .offset(args.startRow)
    .compile();
}

/** The view's ids in order: what a grid's snapshot is made of (see db/sorted-views.ts). */
export function compileShipmentIds(db: Db, args: Pick<ShipmentPageQuery, 'sort' | 'filter'>) {
  return orderedView(applyShipmentFilter(db.kysely.selectFrom('shipments'), args.filter).select('id'), args.sort).compile();
}

const idsOf = (db: Db, query: CompiledQuery) => readIds(db.prepare(query.sql), query.parameters);

const allKeyOf = (sort: ShipmentPageQuery['sort']) => JSON.stringify(['shipments', sort]);

/** The day a shipment counts under in a date range: its ship date, or the day its label was made. */
const SHIP_DAY = 'coalesce(ship_date, substr(label_created_at, 1, 10))';
const DAY_KEY = JSON.stringify(['shipments', 'by day']);
/** Every shipment by day, a walk of `shipments_ship_day`: a date range is a run of it (`between`). */
const DAY_VIEW = { sql: `SELECT id FROM shipments ORDER BY ${SHIP_DAY}, id`, parameters: [] };
const ORDER_VALUE_SORT: ShipmentPageQuery['sort'] = [{ column: 'orderValue', direction: 'asc' }];

interface Range {
  /** The view sorted by the value, ascending, and the SQL expression of one shipment's value. */
  key: string;
  read: IdQuery;
  value: string;
  from: string | number | undefined;
  to: string | number | undefined;
  /** The same filter read by SQLite. */
  filter: ShipmentFilter;
}

/**
 * A range filter as a member term: a run of the view sorted by its value, bisected with one point read per probe,
 * when that view is held; otherwise (a small store) the range read from its index.
 */
function rangeTerm(db: Db, views: SortedViews, startRow: number, range: Range): MemberPart[] {
  const probe = db.prepare(`SELECT ${range.value} FROM shipments WHERE id = ?`).pluck();
  const valueOf = (id: number) => probe.get(id) as string | number | null | undefined;
  const read = () =>
    views.isHeld(range.key)
      ? between(views.ids(range.key, startRow, range.read), valueOf, range.from, range.to)
      : idsOf(db, applyShipmentFilter(db.kysely.selectFrom('shipments'), range.filter).select('id').compile());
  return [{ key: JSON.stringify([range.key, range.from, range.to]), read }];
}

/**
 * The filter as member terms (db/sorted-views.ts): carrier, status and warehouse from held per-value lists, the
 * date range and order value range as runs of the views sorted by them, and the rest (search, service) read by
 * SQLite as one more term.
 */
function filterTerms(db: Db, views: SortedViews, filter: ShipmentFilter, startRow: number): MemberPart[][] {
  const { carrier, status, warehouse, shipDateFrom, shipDateTo, orderValueMin, orderValueMax, ...rest } = filter;
  const terms = shipmentFacetTerms(db, { carrier, status, warehouse });
  if (shipDateFrom || shipDateTo) {
    const filter = { shipDateFrom, shipDateTo };
    terms.push(rangeTerm(db, views, startRow, { key: DAY_KEY, read: DAY_VIEW, value: SHIP_DAY, from: shipDateFrom, to: shipDateTo, filter }));
  }
  if (orderValueMin !== undefined || orderValueMax !== undefined) {
    const cents = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 100));
    const [key, read] = [allKeyOf(ORDER_VALUE_SORT), compileShipmentIds(db, { sort: ORDER_VALUE_SORT, filter: {} })];
    const filter = { orderValueMin, orderValueMax };
    terms.push(rangeTerm(db, views, startRow, { key, read, value: 'order_value_cents', from: cents(orderValueMin), to: cents(orderValueMax), filter }));
  }
  if (Object.values(rest).some(isFilterSet)) {
    const read = () => idsOf(db, applyShipmentFilter(db.kysely.selectFrom('shipments'), rest).select('id').compile());
    terms.push([{ key: JSON.stringify(['shipments', 'where', rest]), read }]);
  }
  return terms;
}

/** Rows [startRow, endRow) of the view in the grid's order and its row count (db/sorted-views.ts). */
function shipmentViewBlock(db: Db, views: SortedViews, args: ShipmentPageQuery): { block: Int32Array; rowCount: number } {
  // Kept ascending in the first term, read from the end for a descending sort.
  const { sort, reversed } = normalizeSort(args.sort, DEFAULT_SORT);
  const allKey = allKeyOf(sort);
  const readAll = compileShipmentIds(db, { sort, filter: {} });
  if (!Object.values(args.filter).some(isFilterSet)) {
    const ids = views.ids(allKey, args.startRow, readAll);
    return { block: blockOf(ids, args.startRow, args.endRow, reversed), rowCount: ids.length };
  }
  const view = {
    allKey,
    key: JSON.stringify(['shipments', sort, args.filter]),
    membersKey: JSON.stringify(['shipments', args.filter]),
    readAll,
    terms: filterTerms(db, views, args.filter, args.startRow),
    readSorted: () => idsOf(db, compileShipmentIds(db, { sort, filter: args.filter })),
    fresh: isFilterSet(args.filter.search) || isFilterSet(args.filter.service),
  };
  return views.filtered(view, args.startRow, args.endRow, reversed);
}

/** Below this many shipments a view is read in the request well within budget: no worker is started for it. */
const READ_AHEAD_FROM = 100_000;

/**
 * Reads every one-column sort, the view by day and each filter value's shipments ahead (in the worker), so nobody
 * waits for a million ids when clicking a header or a filter chip.
 */
export function prefetchShipmentViews(db: Db, views: SortedViews, from = READ_AHEAD_FROM): void {
  if (lastShipmentId(db) < from) return;
  for (const column of SHIPMENT_SORT_COLUMNS) {
    const sort = [{ column, direction: 'asc' as const }];
    views.prefetch(allKeyOf(sort), compileShipmentIds(db, { sort, filter: {} }));
  }
  views.prefetch(DAY_KEY, DAY_VIEW);
  prefetchShipmentFacets(db, views);
}

const SHIPMENTS_BY_IDS = `SELECT ${SHIPMENT_COLUMNS.map((c) => `s.${c}`).join(', ')}
  FROM json_each(?) AS v CROSS JOIN shipments AS s ON s.id = v.value ORDER BY v.key`;

/** Any block of any view in two steps: the view's sorted ids (kept between blocks), then its rows by id. */
export function pageShipments(db: Db, views: SortedViews, args: ShipmentPageQuery): Page<ShipmentRow> {
  const { block, rowCount } = shipmentViewBlock(db, views, args);
  const records = block.length ? (db.prepare(SHIPMENTS_BY_IDS).all(JSON.stringify(Array.from(block))) as ShipmentRecord[]) : [];
  return {
    rows: records.map(toShipmentRow),
    lastRow: args.endRow >= rowCount ? rowCount : null,
    rowCount,
  };
}

export function countShipments(db: Db, filter: ShipmentFilter): number {
  const query = applyShipmentFilter(db.kysely.selectFrom('shipments'), filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .compile();
  return db.all(query)[0]?.n ?? 0;
}

/** Every carrier event of a shipment, newest first, with the carrier's raw code and text. */
export function shipmentTimeline(db: Db, shipmentId: number): TimelineEvent[] {
  const events = db.kysely
    .selectFrom('tracking_events')
    .select(['occurred_at', 'local_time', 'status', 'substatus', 'raw_code', 'raw_text', 'location'])
    .where('shipment_id', '=', shipmentId)
    .orderBy((eb) => eb.fn.coalesce('occurred_at', 'local_time'), 'desc')
    .orderBy('id', 'desc');
  return db.all(events.compile()).map((e) => ({
    occurredAt: e.occurred_at,
    localTime: e.local_time,
    status: e.status as TrackingStatus | null,
    substatus: e.substatus,
    rawCode: e.raw_code,
    rawText: e.raw_text,
    location: e.location,
  }));
}

/** What the detail drawer shows: the row, the upstream record, its carrier events and its audit trail. */
export function shipmentDetail(db: Db, id: number): ShipmentDetail {
  const r = db.first(db.kysely.selectFrom('shipments').selectAll().where('id', '=', id).compile());
  if (!r) throw new ApiError('not_found', `Shipment ${id} does not exist.`);
  const audit = db.all(
    db.kysely
      .selectFrom('audit_log')
      .select(['at', 'action', 'operator', 'station'])
      .where('entity', '=', 'shipment')
      .where('entity_id', '=', id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .compile(),
  );
  return {
    ...toShipmentRow(r),
    weightOz: r.weight_oz,
    shipTo: { name: r.ship_to_name, city: r.ship_to_city, region: r.ship_to_region, postalCode: r.ship_to_postal_code, country: r.ship_to_country },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    syncRevision: r.sync_revision,
    events: shipmentTimeline(db, id),
    audit,
  };
}

export function shipmentStats(db: Db): StoreStats {
  const byStatus: Record<string, number> = {};
  const byCarrier: Record<string, number> = {};
  let total = 0;
  const rows = db.all(
    db.kysely
      .selectFrom('shipments')
      .select(['status', 'carrier', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['status', 'carrier'])
      .compile(),
  );
  for (const r of rows) {
    total += r.n;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    byCarrier[r.carrier] = (byCarrier[r.carrier] ?? 0) + r.n;
  }
  return { total, byStatus, byCarrier };
}
