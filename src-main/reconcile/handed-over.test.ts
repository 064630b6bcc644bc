import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanPurpose, ScanVerdict } from '../../src-shared/api/reconcile';
import { createDb, type Db } from '../db/create-db';
import { notYetHandedOver } from './handed-over';
import { insertShipment } from './testing';

interface ScanFact {
  purpose: ScanPurpose;
  verdict: ScanVerdict;
  scannedAt: string;
  undone?: boolean;
}

const handoff = (over: Partial<ScanFact> = {}): ScanFact => ({
  purpose: 'carrier_handoff',
  verdict: 'matched',
  scannedAt: '2026-11-20T17:00:00.000Z',
  ...over,
});

let dir = '';
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'waybill-handed-over-'));
  db = createDb(join(dir, 'store.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let serial = 0;
/** One label with its scans, asked through the rule the board and the manifest both run. */
function notYetScanned(scans: ScanFact[], cutoff: string | null): boolean {
  const trackingNumber = `1ZRULE${++serial}`;
  const id = insertShipment(db, { trackingNumber, carrier: 'ups' });
  for (const scan of scans) {
    const session = Number(
      db.raw.prepare("INSERT INTO scan_sessions (station, operator, purpose, opened_at) VALUES ('S', 'op', ?, ?)").run(scan.purpose, scan.scannedAt)
        .lastInsertRowid,
    );
    db.raw
      .prepare('INSERT INTO scans (session_id, raw, carrier, tracking_number, shipment_id, verdict, scanned_at, undone_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(session, trackingNumber, 'ups', trackingNumber, id, scan.verdict, scan.scannedAt, scan.undone ? scan.scannedAt : null);
  }
  const query = db.kysely.selectFrom('shipments as s').select('s.id').where('s.id', '=', id).where(notYetHandedOver(cutoff)).compile();
  return db.all(query).length === 1;
}

describe('the "not yet scanned" rule', () => {
  it.each<[string, ScanFact[], string | null, boolean]>([
    ['never scanned', [], null, true],
    ['matched in a carrier handoff', [handoff()], null, false],
    ['only verified at a packing station', [handoff({ purpose: 'pack_verify' })], null, true],
    ['only scanned at the returns desk', [handoff({ purpose: 'returns_receive' })], null, true],
    ['scanned into the wrong carrier handoff', [handoff({ verdict: 'wrong_carrier' })], null, true],
    ['an invalid scan', [handoff({ verdict: 'invalid' })], null, true],
    ['the handoff scan was undone', [handoff({ undone: true })], null, true],
    ['undone, then scanned again', [handoff({ undone: true }), handoff({ scannedAt: '2026-11-20T18:00:00.000Z' })], null, false],
    ['handed over before the cutoff', [handoff()], '2026-11-20T17:00:00.000Z', false],
    ['handed over only after the cutoff', [handoff({ scannedAt: '2026-11-20T17:00:01.000Z' })], '2026-11-20T17:00:00.000Z', true],
    ['packed, then handed over', [handoff({ purpose: 'pack_verify' }), handoff()], null, false],
  ])('%s', (_name, scans, cutoff, expected) => {
    expect(notYetScanned(scans, cutoff)).toBe(expected);
  });
});
