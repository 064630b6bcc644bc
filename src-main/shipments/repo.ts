import { sql, type CompiledQuery, type SelectQueryBuilder } from 'kysely';
import {
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
import type { Db } from '../db/create-db';
import { isFilterSet, readIds, type SortedViews } from '../db/sorted-views';
import type { Schema, ShipmentsTable } from '../db/schema';
import { numberSearchCondition } from './search';

const SORT_SQL: Record<ShipmentSortColumn, keyof ShipmentsTable> = {
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

type ShipmentQuery = SelectQueryBuilder<Schema, 'shipments', object>;

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

type ShipmentRecord = Pick<ShipmentsTable, (typeof SHIPMENT_COLUMNS)[number]> & { id: number };

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

function orderedView<O>(query: SelectQueryBuilder<Schema, 'shipments', O>, sortBy: ShipmentPageQuery['sort']) {
  let q = query;
  const sort = sortBy.length ? sortBy : [{ column: 'labelCreatedAt' as const, direction: 'desc' as const }];
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

function shipmentViewIds(db: Db, views: SortedViews, args: ShipmentPageQuery): Int32Array {
  const allKey = JSON.stringify(['shipments', args.sort]);
  const readAll = () => idsOf(db, compileShipmentIds(db, { sort: args.sort, filter: {} }));
  if (!Object.values(args.filter).some(isFilterSet)) return views.ids(allKey, args.startRow, readAll);
  return views.filtered(
    {
      allKey,
      key: JSON.stringify(['shipments', args.sort, args.filter]),
      readAll,
      readMembers: () => idsOf(db, applyShipmentFilter(db.kysely.selectFrom('shipments'), args.filter).select('id').compile()),
      readSorted: () => idsOf(db, compileShipmentIds(db, args)),
    },
    args.startRow,
  );
}

const SHIPMENTS_BY_IDS = `SELECT ${SHIPMENT_COLUMNS.map((c) => `s.${c}`).join(', ')}
  FROM json_each(?) AS v CROSS JOIN shipments AS s ON s.id = v.value ORDER BY v.key`;

/** Any block of any view in two steps: the view's sorted ids (kept between blocks), then its rows by id. */
export function pageShipments(db: Db, views: SortedViews, args: ShipmentPageQuery): Page<ShipmentRow> {
  const ids = shipmentViewIds(db, views, args);
  const block = ids.subarray(args.startRow, args.endRow);
  const records = block.length ? (db.prepare(SHIPMENTS_BY_IDS).all(JSON.stringify(Array.from(block))) as ShipmentRecord[]) : [];
  return {
    rows: records.map(toShipmentRow),
    lastRow: args.endRow >= ids.length ? ids.length : null,
    rowCount: ids.length,
  };
}

export function countShipments(db: Db, filter: ShipmentFilter): number {
  const query = applyShipmentFilter(db.kysely.selectFrom('shipments'), filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .compile();
  return db.all(query)[0]?.n ?? 0;
}

type DetailRecord = ShipmentRecord &
  Pick<
    ShipmentsTable,
    'weight_oz' | 'ship_to_name' | 'ship_to_city' | 'ship_to_region' | 'ship_to_postal_code' | 'ship_to_country' | 'created_at' | 'updated_at'
  > & { sync_revision: number };

/** Every carrier event of a shipment, newest first, with the carrier's raw code and text. */
export function shipmentTimeline(db: Db, shipmentId: number): TimelineEvent[] {
  return db
    .prepare(
      `SELECT occurred_at AS occurredAt, local_time AS localTime, status, substatus, raw_code AS rawCode, raw_text AS rawText, location
         FROM tracking_events WHERE shipment_id = ? ORDER BY coalesce(occurred_at, local_time) DESC, id DESC`,
    )
    .all(shipmentId) as TimelineEvent[];
}

/** What the detail drawer shows: the row, the upstream record, its carrier events and its audit trail. */
export function shipmentDetail(db: Db, id: number): ShipmentDetail {
  const r = db.prepare('SELECT * FROM shipments WHERE id = ?').get(id) as DetailRecord | undefined;
  if (!r) throw new ApiError('not_found', `Shipment ${id} does not exist.`);
  const audit = db
    .prepare("SELECT at, action, operator, station FROM audit_log WHERE entity = 'shipment' AND entity_id = ? ORDER BY at DESC, id DESC LIMIT 200")
    .all(id) as ShipmentDetail['audit'];
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
  const rows = db.prepare('SELECT status, carrier, count(*) AS n FROM shipments GROUP BY status, carrier').all() as {
    status: string;
    carrier: string;
    n: number;
  }[];
  for (const r of rows) {
    total += r.n;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    byCarrier[r.carrier] = (byCarrier[r.carrier] ?? 0) + r.n;
  }
  return { total, byStatus, byCarrier };
}
