import { CARRIERS, TRACKING_STATUSES, type Carrier, type TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import type { IdQuery, MemberPart, SortedViews } from '../db/sorted-views';

/**
 * The shipment fields people filter on together, served from one held id list per value (db/sorted-views.ts):
 * a filter chip's first click composes lists already in memory instead of reading every matching shipment.
 */
export interface ShipmentFacets {
  carrier?: readonly Carrier[];
  status?: readonly TrackingStatus[];
  warehouse?: readonly string[];
}

const FACET_COLUMN = { carrier: 'carrier', status: 'status', warehouse: 'warehouse' } as const;
type Facet = keyof typeof FACET_COLUMN;

/** More values than this (a field used as free text) are read when filtered on, not ahead. */
const MAX_VALUES_AHEAD = 64;

/** One value's shipments. */
const facetPart = (db: Db, facet: Facet, value: string): { key: string; read: IdQuery } => ({
  key: JSON.stringify(['shipments', facet, value]),
  read: db.kysely.selectFrom('shipments').select('id').where(FACET_COLUMN[facet], '=', value).compile(),
});

/** The warehouses the store holds: one index seek per value (a skip scan), not a walk of a million entries. */
function storedWarehouses(db: Db): string[] {
  const rows = db.raw
    .prepare(
      `WITH RECURSIVE w(v) AS (SELECT min(warehouse) FROM shipments
         UNION ALL SELECT (SELECT min(warehouse) FROM shipments WHERE warehouse > w.v) FROM w WHERE w.v IS NOT NULL LIMIT ${MAX_VALUES_AHEAD + 1})
       SELECT v FROM w WHERE v IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  return rows.slice(0, MAX_VALUES_AHEAD);
}

/** Reads every facet value's shipments ahead in the worker. */
export function prefetchShipmentFacets(db: Db, views: SortedViews): void {
  const values: Record<Facet, readonly string[]> = { carrier: CARRIERS, status: TRACKING_STATUSES, warehouse: storedWarehouses(db) };
  for (const facet of Object.keys(values) as Facet[]) {
    for (const value of values[facet]) {
      const part = facetPart(db, facet, value);
      views.prefetch(part.key, part.read);
    }
  }
}

/** The filter's facet fields as member terms: one per field set, the union of its values' lists. */
export function shipmentFacetTerms(db: Db, filter: ShipmentFacets): MemberPart[][] {
  return (Object.keys(FACET_COLUMN) as Facet[])
    .filter((facet) => filter[facet]?.length)
    .map((facet) => (filter[facet] ?? []).map((value) => facetPart(db, facet, value)));
}
