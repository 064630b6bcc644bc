import { sql } from 'kysely';
import { ApiError } from '../../src-shared/api/envelope';
import {
  VERDICT_LABEL,
  type DayManifest,
  type HandoffClose,
  type HandoffProgress,
  type Manifest,
  type ManifestLine,
  type ScanSession,
  type ScanVerdict,
} from '../../src-shared/api/reconcile';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { dayRange, localDate, safeTimeZone, zoneOffset } from '../../src-shared/domain/time-zones/zones';
import { notYetHandedOver } from './handed-over';
import { scanEntries, toScanEntry } from './rows';
import { csvText } from '../file-writers/csv-text';
import { carrierLabel } from '../../src-shared/domain/tracking/carriers';

/** Scans a handoff could not put on the truck; duplicates are not listed since their first scan already is. */
export const NOT_EXPECTED_VERDICTS: readonly ScanVerdict[] = ['unknown_label', 'voided_label', 'wrong_carrier', 'already_handed_over'];

export function warehouseTimeZone(db: Db, code: string | null | undefined): string {
  if (!code) return 'UTC';
  const row = db.first(db.kysely.selectFrom('warehouses').select('time_zone').where('code', '=', code).compile());
  return safeTimeZone(row?.time_zone);
}

interface LineRecord {
  tracking_number: string | null;
  carrier: string | null;
  order_number: string | null;
  scanned_at: string | null;
  label_created_at: string | null;
  verdict: string | null;
  raw: string | null;
  weight_oz: number | null;
}

const toLine = (r: LineRecord): ManifestLine => ({
  trackingNumber: r.tracking_number ?? '',
  carrier: r.carrier,
  orderNumber: r.order_number,
  scannedAt: r.scanned_at,
  labelCreatedAt: r.label_created_at,
  verdict: r.verdict as ScanVerdict | null,
  raw: r.raw,
  weightOz: r.weight_oz,
});

function sessionLines(db: Db, sessionId: number, verdicts: readonly ScanVerdict[]): ManifestLine[] {
  const query = db.kysely
    .selectFrom('scans as sc')
    .leftJoin('shipments as s', 's.id', 'sc.shipment_id')
    .select(['sc.tracking_number', 'sc.carrier', 's.order_number', 'sc.scanned_at', 's.label_created_at', 'sc.verdict', 'sc.raw', 's.weight_oz'])
    .where('sc.session_id', '=', sessionId)
    .where('sc.undone_at', 'is', null)
    .where('sc.verdict', 'in', verdicts)
    .orderBy('sc.id')
    .compile();
  return db.all(query).map(toLine);
}

/** Labels created in [start, end) for a carrier (and warehouse): what a day's handoff is expected to hand over. */
const expectedLabels = (db: Db, carrier: string | null, warehouse: string | null, start: string, end: string) => {
  let query = db.kysely
    .selectFrom('shipments as s')
    .where('s.label_created_at', '>=', start)
    .where('s.label_created_at', '<', end)
    .where('s.status', '<>', 'cancelled')
    .where('s.is_return', '=', 0);
  if (carrier) query = query.where('s.carrier', '=', carrier);
  if (warehouse) query = query.where('s.warehouse', '=', warehouse);
  return query;
};

/**
 * Labels created on the session's local day for its carrier and warehouse that no live handoff scan matched up to
 * `cutoff` (the close), so a manifest printed again later still says what it said when the driver signed.
 */
function expectedNotScanned(db: Db, carrier: string | null, warehouse: string | null, start: string, end: string, cutoff: string): ManifestLine[] {
  const query = expectedLabels(db, carrier, warehouse, start, end)
    .select([
      's.tracking_number',
      's.carrier',
      's.order_number',
      sql<null>`NULL`.as('scanned_at'),
      's.label_created_at',
      sql<null>`NULL`.as('verdict'),
      sql<null>`NULL`.as('raw'),
      's.weight_oz',
    ])
    .where(notYetHandedOver(cutoff));
  return db.all(query.orderBy('s.label_created_at').orderBy('s.id').compile()).map(toLine);
}

const totalWeight = (lines: readonly ManifestLine[]) => Math.round(lines.reduce((sum, l) => sum + (l.weightOz ?? 0), 0) * 10) / 10;

/** The session's local day (its warehouse's zone, UTC without one) and that day's [start, end). */
function sessionDay(db: Db, session: ScanSession) {
  const offsetAt = zoneOffset(warehouseTimeZone(db, session.warehouse));
  const day = localDate(Date.parse(session.openedAt), offsetAt);
  return { day, ...dayRange(day, offsetAt) };
}

export function buildManifest(db: Db, session: ScanSession, now: string): Manifest {
  const { day, start, end } = sessionDay(db, session);
  const handedOver = sessionLines(db, session.id, ['matched']);
  const invalid = db.first(
    db.kysely
      .selectFrom('scans')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', session.id)
      .where('undone_at', 'is', null)
      .where('verdict', '=', 'invalid')
      .compile(),
  );
  return {
    session,
    day,
    count: handedOver.length,
    handedOver,
    expectedNotScanned: expectedNotScanned(db, session.carrier, session.warehouse, start, end, session.closedAt ?? now),
    scannedNotExpected: sessionLines(db, session.id, NOT_EXPECTED_VERDICTS),
    invalidScans: invalid?.n ?? 0,
    totalWeightOz: totalWeight(handedOver),
  };
}

const CSV_COLUMNS = ['section', 'tracking_number', 'carrier', 'order_number', 'label_created_at', 'scanned_at', 'verdict', 'raw'] as const;

export function manifestCsv(m: Manifest): { filename: string; csv: string } {
  const rows: (string | null)[][] = [[...CSV_COLUMNS]];
  const sections: [string, ManifestLine[]][] = [
    ['handed_over', m.handedOver],
    ['expected_not_scanned', m.expectedNotScanned],
    ['scanned_not_expected', m.scannedNotExpected],
  ];
  for (const [section, lines] of sections) {
    for (const l of lines) rows.push([section, l.trackingNumber, l.carrier, l.orderNumber, l.labelCreatedAt, l.scannedAt, l.verdict, l.raw]);
  }
  const filename = `manifest-${m.session.carrier ?? 'all'}-${m.day}-session-${m.session.id}.csv`;
  return { filename, csv: csvText(rows) };
}

/** "18 of 26 expected for UPS" for a handoff session: its day's labels for its carrier, and those not handed over yet. */
export function handoffProgress(db: Db, session: ScanSession, now: string): HandoffProgress | null {
  if (session.purpose !== 'carrier_handoff' || !session.carrier) return null;
  const { day, start, end } = sessionDay(db, session);
  const expected = db.first(
    expectedLabels(db, session.carrier, session.warehouse, start, end)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .compile(),
  );
  const missing = expectedNotScanned(db, session.carrier, session.warehouse, start, end, now);
  const total = expected?.n ?? 0;
  return { carrier: session.carrier, day, expected: total, handedOver: total - missing.length, missing };
}

/** Every parcel handed to a carrier in [start, end) at any station, up to the close. */
function dayHandedOver(db: Db, carrier: string, warehouse: string | null, start: string, end: string, cutoff: string): ManifestLine[] {
  let query = db.kysely
    .selectFrom('scans as sc')
    .innerJoin('scan_sessions as ss', 'ss.id', 'sc.session_id')
    .innerJoin('shipments as s', 's.id', 'sc.shipment_id')
    .select(['sc.tracking_number', 'sc.carrier', 's.order_number', 'sc.scanned_at', 's.label_created_at', 'sc.verdict', 'sc.raw', 's.weight_oz'])
    .where('ss.purpose', '=', 'carrier_handoff')
    .where('sc.verdict', '=', 'matched')
    .where('sc.undone_at', 'is', null)
    .where('s.carrier', '=', carrier)
    .where('sc.scanned_at', '>=', start)
    .where('sc.scanned_at', '<', end)
    .where('sc.scanned_at', '<=', cutoff);
  if (warehouse) query = query.where('s.warehouse', '=', warehouse);
  return db.all(query.orderBy('sc.scanned_at').orderBy('sc.id').compile()).map(toLine);
}

interface CloseRecord {
  id: number;
  carrier: string;
  day: string;
  time_zone: string;
  warehouse: string | null;
  station: string;
  operator: string;
  closed_at: string;
  parcel_count: number;
  total_weight_oz: number;
  expected_count: number;
  missing_count: number;
}

const toClose = (r: CloseRecord): HandoffClose => ({
  id: r.id,
  carrier: r.carrier as Carrier,
  day: r.day,
  warehouse: r.warehouse,
  station: r.station,
  operator: r.operator,
  closedAt: r.closed_at,
  parcelCount: r.parcel_count,
  totalWeightOz: r.total_weight_oz,
  expectedCount: r.expected_count,
  missingCount: r.missing_count,
});

function dayManifestOf(db: Db, r: CloseRecord): DayManifest {
  const { start, end } = dayRange(r.day, zoneOffset(r.time_zone));
  return {
    close: toClose(r),
    handedOver: dayHandedOver(db, r.carrier, r.warehouse, start, end, r.closed_at),
    expectedNotScanned: expectedNotScanned(db, r.carrier, r.warehouse, start, end, r.closed_at),
  };
}

export interface CloseDayArgs {
  carrier: Carrier;
  station: string;
  operator: string;
  warehouse?: string;
  timeZone?: string;
}

/** Closes the local day for one carrier: the day's handoff totals are kept as a record, and its manifest returned. */
export function closeDay(db: Db, arg: CloseDayArgs, now: string): DayManifest {
  const timeZone = arg.warehouse ? warehouseTimeZone(db, arg.warehouse) : safeTimeZone(arg.timeZone);
  const offsetAt = zoneOffset(timeZone);
  const day = localDate(Date.parse(now), offsetAt);
  const { start, end } = dayRange(day, offsetAt);
  const warehouse = arg.warehouse ?? null;
  return db.write(() => {
    const handedOver = dayHandedOver(db, arg.carrier, warehouse, start, end, now);
    const missing = expectedNotScanned(db, arg.carrier, warehouse, start, end, now);
    const expected = db.first(
      expectedLabels(db, arg.carrier, warehouse, start, end)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .compile(),
    );
    const record = db
      .prepare(
        `INSERT INTO handoff_closes (carrier, day, time_zone, warehouse, station, operator, closed_at, parcel_count, total_weight_oz, expected_count, missing_count)
         VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING *`,
      )
      .get(
        arg.carrier,
        day,
        timeZone,
        warehouse,
        arg.station,
        arg.operator,
        now,
        handedOver.length,
        totalWeight(handedOver),
        expected?.n ?? 0,
        missing.length,
      ) as CloseRecord;
    return { close: toClose(record), handedOver, expectedNotScanned: missing };
  });
}

export function listDayCloses(db: Db, carrier: Carrier | undefined): HandoffClose[] {
  let query = db.kysely.selectFrom('handoff_closes').selectAll();
  if (carrier) query = query.where('carrier', '=', carrier);
  return db.all(query.orderBy('closed_at', 'desc').orderBy('id', 'desc').limit(60).compile()).map(toClose);
}

/** A close's manifest as it was signed: the same day, up to the same moment. */
export function dayManifest(db: Db, closeId: number): DayManifest {
  const record = db.first(db.kysely.selectFrom('handoff_closes').selectAll().where('id', '=', closeId).compile());
  if (!record) throw new ApiError('not_found', `There is no end-of-day close ${closeId}.`);
  return dayManifestOf(db, record);
}

const SESSION_CSV_COLUMNS = ['Scanned at (UTC)', 'Tracking number', 'Carrier', 'Verdict', 'Entered by hand', 'Undone at (UTC)', 'Note', 'Raw scan'];

/** A closed session's scans for people: verdicts in words, oldest first, undone scans kept and marked. */
export function sessionCsv(db: Db, session: ScanSession): { filename: string; csv: string } {
  const scans = db.all(scanEntries(db).where('sc.session_id', '=', session.id).orderBy('sc.id').compile()).map(toScanEntry);
  const rows = scans.map((r) => [
    r.scannedAt,
    r.trackingNumber,
    r.carrier ? carrierLabel(r.carrier) : null,
    VERDICT_LABEL[r.verdict],
    r.manual ? 'yes' : 'no',
    r.undoneAt,
    r.note,
    r.raw,
  ]);
  return { filename: `scan-session-${session.id}-${session.station.replace(/[^\w-]+/g, '-')}.csv`, csv: csvText([SESSION_CSV_COLUMNS, ...rows]) };
}
