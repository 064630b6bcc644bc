import { dayRange, zoneOffset } from '../../src-shared/domain/time-zones/zones';
import { sql, type CompiledQuery, type SqlBool } from 'kysely';
import type { Page } from '../../src-shared/api/shipments';
import { BOARD_BUCKETS, type Board, type BoardBucket, type BucketRow, type ScanVerdict } from '../../src-shared/api/reconcile';
import type { Carrier, TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { readIds, type SortedViews } from '../db/sorted-views';
import { notYetHandedOver } from './handed-over';
import { warehouseTimeZone } from './manifest';

export interface BoardQuery {
  date: string;
  carrier?: Carrier;
  warehouse?: string;
  station?: string;
  noFirstScanHours: number;
}

/** Which verdicts put a scan in a scan-based bucket; invalid scans (unreadable barcodes) are in none. */
const BUCKET_VERDICTS: Record<'scanned_not_expected' | 'scanned_twice', readonly ScanVerdict[]> = {
  scanned_not_expected: ['unknown_label', 'voided_label', 'wrong_carrier'],
  scanned_twice: ['duplicate', 'already_handed_over'],
};

const HOUR_MS = 3_600_000;

/**
 * The rows behind one bucket, as one SELECT with the BucketRow columns plus `sort_id`. The day is the warehouse's
 * local day when a warehouse is chosen, else UTC. Labels not yet handed over are counted for every station (no
 * station handed them over); the scan buckets leave out the returns desk, whose parcels are inbound. With `ids`
 * (a JSON list of sort ids), only those rows: one block of the bucket's sorted view.
 */
function bucketQuery(db: Db, bucket: BoardBucket, q: BoardQuery, now: number, ids?: string): CompiledQuery {
  const { start, end } = dayRange(q.date, zoneOffset(warehouseTimeZone(db, q.warehouse)));
  const nothing = sql<null>`NULL`;

  if (bucket === 'created_not_scanned') {
    let query = db.kysely
      .selectFrom('shipments as s')
      .select([
        sql<string>`'shipment-' || s.id`.as('key'),
        's.id as shipment_id',
        nothing.as('scan_id'),
        's.tracking_number',
        's.carrier',
        's.warehouse',
        's.order_number',
        's.label_created_at',
        's.status',
        nothing.as('verdict'),
        nothing.as('scanned_at'),
        nothing.as('station'),
        nothing.as('operator'),
        nothing.as('raw'),
        's.id as sort_id',
      ])
      .where('s.label_created_at', '>=', start)
      .where('s.label_created_at', '<', end)
      .where('s.status', '<>', 'cancelled')
      .where('s.is_return', '=', 0)
      .where(notYetHandedOver(null));
    if (q.carrier) query = query.where('s.carrier', '=', q.carrier);
    if (q.warehouse) query = query.where('s.warehouse', '=', q.warehouse);
    if (ids) query = query.where(sql<SqlBool>`s.id IN (SELECT value FROM json_each(${ids}))`);
    return query.compile();
  }

  let query = db.kysely
    .selectFrom('scans as sc')
    .innerJoin('scan_sessions as ss', 'ss.id', 'sc.session_id')
    .leftJoin('shipments as s', 's.id', 'sc.shipment_id')
    .select([
      sql<string>`'scan-' || sc.id`.as('key'),
      's.id as shipment_id',
      'sc.id as scan_id',
      'sc.tracking_number',
      'sc.carrier',
      sql<string | null>`coalesce(ss.warehouse, s.warehouse)`.as('warehouse'),
      's.order_number',
      's.label_created_at',
      's.status',
      'sc.verdict',
      'sc.scanned_at',
      'ss.station',
      'ss.operator',
      'sc.raw',
      'sc.id as sort_id',
    ])
    // Sessions are few; narrowing to those overlapping the day lets the scan lookup use scans_session.
    .where('sc.session_id', 'in', (eb) =>
      eb
        .selectFrom('scan_sessions')
        .select('id')
        .where('opened_at', '<', end)
        .where((w) => w.or([w('closed_at', 'is', null), w('closed_at', '>=', start)])),
    )
    .where('sc.scanned_at', '>=', start)
    .where('sc.scanned_at', '<', end)
    .where('sc.undone_at', 'is', null)
    .where('ss.purpose', '<>', 'returns_receive');
  if (q.carrier) query = query.where('sc.carrier', '=', q.carrier);
  if (q.warehouse) query = query.where(sql<string | null>`coalesce(ss.warehouse, s.warehouse)`, '=', q.warehouse);
  if (q.station) query = query.where('ss.station', '=', q.station);
  if (ids) query = query.where(sql<SqlBool>`sc.id IN (SELECT value FROM json_each(${ids}))`);

  if (bucket === 'no_first_scan') {
    const cutoff = new Date(now - q.noFirstScanHours * HOUR_MS).toISOString();
    return query
      .where('ss.purpose', '=', 'carrier_handoff')
      .where('sc.verdict', '=', 'matched')
      .where('s.first_scan_at', 'is', null)
      .where('s.status', '<>', 'cancelled')
      .where('sc.scanned_at', '<=', cutoff)
      .compile();
  }
  return query.where('sc.verdict', 'in', BUCKET_VERDICTS[bucket]).compile();
}

export function boardCounts(db: Db, q: BoardQuery, now: number): Board {
  const counts = {} as Record<BoardBucket, number>;
  for (const bucket of BOARD_BUCKETS) {
    const inner = bucketQuery(db, bucket, q, now);
    counts[bucket] = (db.prepare(`SELECT count(*) AS n FROM (${inner.sql})`).get(...(inner.parameters as unknown[])) as { n: number }).n;
  }
  return { date: q.date, noFirstScanHours: q.noFirstScanHours, counts };
}

interface BucketRecord {
  key: string;
  shipment_id: number | null;
  scan_id: number | null;
  tracking_number: string | null;
  carrier: string | null;
  warehouse: string | null;
  order_number: string | null;
  label_created_at: string | null;
  status: string | null;
  verdict: string | null;
  scanned_at: string | null;
  station: string | null;
  operator: string | null;
  raw: string | null;
}

const toBucketRow = (r: BucketRecord): BucketRow => ({
  key: r.key,
  shipmentId: r.shipment_id,
  scanId: r.scan_id,
  trackingNumber: r.tracking_number,
  carrier: r.carrier,
  warehouse: r.warehouse,
  orderNumber: r.order_number,
  labelCreatedAt: r.label_created_at,
  status: r.status as TrackingStatus | null,
  verdict: r.verdict as ScanVerdict | null,
  scannedAt: r.scanned_at,
  station: r.station,
  operator: r.operator,
  raw: r.raw,
});

/**
 * Any block of a bucket, as every big grid pages (db/sorted-views.ts): the bucket's sort ids in order, read once
 * per view and kept, then the block's rows by id. The row count comes with every block.
 */
export function bucketPage(db: Db, views: SortedViews, bucket: BoardBucket, q: BoardQuery, startRow: number, endRow: number, now: number): Page<BucketRow> {
  // no_first_scan's cutoff moves with the clock: its view is good for the minute it was read in.
  const key = JSON.stringify(['bucket', bucket, q, bucket === 'no_first_scan' ? Math.floor(now / 60_000) : null]);
  const sorted = views.ids(key, startRow, () => {
    const inner = bucketQuery(db, bucket, q, now);
    return readIds(db.prepare(`SELECT sort_id FROM (${inner.sql}) ORDER BY sort_id`), inner.parameters);
  });
  const block = sorted.subarray(startRow, endRow);
  if (!block.length) return { rows: [], lastRow: sorted.length, rowCount: sorted.length };
  const rows = bucketQuery(db, bucket, q, now, JSON.stringify(Array.from(block)));
  const records = db.prepare(`${rows.sql} ORDER BY sort_id`).all(...(rows.parameters as unknown[])) as BucketRecord[];
  return { rows: records.map(toBucketRow), lastRow: endRow >= sorted.length ? sorted.length : null, rowCount: sorted.length };
}
