import { sql } from 'kysely';
import type { Manifest, ManifestLine, ScanSession, ScanVerdict } from '../../src-shared/api/reconcile';
import type { Db } from '../db/create-db';
import { dayRange, localDate, safeTimeZone, zoneOffset } from '../../src-shared/domain/time-zones/zones';
import { notYetHandedOver } from './handed-over';
import { csvText } from '../file-writers/csv-text';

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
}

const toLine = (r: LineRecord): ManifestLine => ({
  trackingNumber: r.tracking_number ?? '',
  carrier: r.carrier,
  orderNumber: r.order_number,
  scannedAt: r.scanned_at,
  labelCreatedAt: r.label_created_at,
  verdict: r.verdict as ScanVerdict | null,
  raw: r.raw,
});

function sessionLines(db: Db, sessionId: number, verdicts: readonly ScanVerdict[]): ManifestLine[] {
  const query = db.kysely
    .selectFrom('scans as sc')
    .leftJoin('shipments as s', 's.id', 'sc.shipment_id')
    .select(['sc.tracking_number', 'sc.carrier', 's.order_number', 'sc.scanned_at', 's.label_created_at', 'sc.verdict', 'sc.raw'])
    .where('sc.session_id', '=', sessionId)
    .where('sc.undone_at', 'is', null)
    .where('sc.verdict', 'in', verdicts)
    .orderBy('sc.id')
    .compile();
  return db.all(query).map(toLine);
}

/**
 * Labels created on the session's local day for its carrier and warehouse that no live handoff scan matched up to
 * `cutoff` (the close), so a manifest printed again later still says what it said when the driver signed.
 */
function expectedNotScanned(db: Db, session: ScanSession, start: string, end: string, cutoff: string): ManifestLine[] {
  let query = db.kysely
    .selectFrom('shipments as s')
    .select([
      's.tracking_number',
      's.carrier',
      's.order_number',
      sql<null>`NULL`.as('scanned_at'),
      's.label_created_at',
      sql<null>`NULL`.as('verdict'),
      sql<null>`NULL`.as('raw'),
    ])
    .where('s.label_created_at', '>=', start)
    .where('s.label_created_at', '<', end)
    .where('s.status', '<>', 'cancelled')
    .where('s.is_return', '=', 0)
    .where(notYetHandedOver(cutoff));
  if (session.carrier) query = query.where('s.carrier', '=', session.carrier);
  if (session.warehouse) query = query.where('s.warehouse', '=', session.warehouse);
  return db.all(query.orderBy('s.label_created_at').orderBy('s.id').compile()).map(toLine);
}

export function buildManifest(db: Db, session: ScanSession, now: string): Manifest {
  const timeZone = warehouseTimeZone(db, session.warehouse);
  const offsetAt = zoneOffset(timeZone);
  const day = localDate(Date.parse(session.openedAt), offsetAt);
  const { start, end } = dayRange(day, offsetAt);
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
    expectedNotScanned: expectedNotScanned(db, session, start, end, session.closedAt ?? now),
    scannedNotExpected: sessionLines(db, session.id, NOT_EXPECTED_VERDICTS),
    invalidScans: invalid?.n ?? 0,
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
