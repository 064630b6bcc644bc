import { afterEach, describe, expect, it } from 'vitest';
import { seedWarehouses } from '../demo/seed';
import { exampleTrackingNumber } from '../demo/tracking-numbers';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { call, callError, insertShipment } from './testing';

let core: TempCore;
afterEach(() => core.dispose());

const ups = (serial: number) => exampleTrackingNumber('ups', serial);
const fedex = (serial: number) => exampleTrackingNumber('fedex', serial);

function startAt(iso: string): TempCore {
  core = createTempCore(Date.parse(iso));
  seedWarehouses(core.services.db);
  return core;
}
const scanAll = async (sessionId: number, raws: string[]) => {
  for (const raw of raws) await call(core, 'reconcile.scan', { sessionId, raw });
};

describe('closing a carrier handoff', () => {
  it("produces a manifest of the warehouse's local day: handed over, expected but not scanned, scanned but not expected", async () => {
    // 22:00 in Newark on Nov 20 is already Nov 21 in UTC: the east warehouse's day is still the 20th.
    startAt('2026-11-21T03:00:00Z');
    const db = core.services.db;
    const at = (iso: string, serial: number, extra: object = {}) =>
      insertShipment(db, { trackingNumber: ups(serial), carrier: 'ups', labelCreatedAt: iso, ...extra });
    at('2026-11-20T10:00:00.000Z', 1);
    at('2026-11-20T12:00:00.000Z', 2);
    at('2026-11-20T14:00:00.000Z', 3);
    at('2026-11-20T13:00:00.000Z', 4, { status: 'cancelled' });
    at('2026-11-20T03:00:00.000Z', 5); // 22:00 on the 19th in Newark
    at('2026-11-20T10:00:00.000Z', 6, { warehouse: 'west' });
    at('2026-11-21T02:00:00.000Z', 7); // 21:00 on the 20th in Newark
    at('2026-11-20T11:00:00.000Z', 8, { isReturn: true });
    insertShipment(db, { trackingNumber: fedex(9), carrier: 'fedex' });

    const session = await call(core, 'reconcile.openSession', {
      station: 'Dock 1',
      operator: 'Ben',
      purpose: 'carrier_handoff',
      carrier: 'ups',
      warehouse: 'east',
    });
    expect((await callError(core, 'reconcile.manifestCsv', { sessionId: session.id })).code).toBe('conflict');
    await scanAll(session.id, [ups(1), ups(2), ups(1), ups(999), 'NOT A LABEL', ups(4), fedex(9)]);
    core.clock.advance(60_000);
    const { manifest } = await call(core, 'reconcile.closeSession', { sessionId: session.id });
    if (!manifest) throw new Error('a handoff close returns a manifest');

    expect(manifest.day).toBe('2026-11-20');
    expect(manifest.count).toBe(2);
    expect(manifest.handedOver.map((l) => l.trackingNumber)).toEqual([ups(1), ups(2)]);
    expect(manifest.expectedNotScanned.map((l) => l.trackingNumber)).toEqual([ups(3), ups(7)]);
    expect(manifest.scannedNotExpected.map((l) => [l.trackingNumber, l.verdict])).toEqual([
      [ups(999), 'unknown_label'],
      [ups(4), 'voided_label'],
      [fedex(9), 'wrong_carrier'],
    ]);
    expect(manifest.invalidScans).toBe(1);
    expect(manifest.session.closedAt).toBe('2026-11-21T03:01:00.000Z');

    // A later handoff of parcel 3 does not rewrite what the driver signed for this one.
    core.clock.advance(60_000);
    const later = await call(core, 'reconcile.openSession', {
      station: 'Dock 1',
      operator: 'Ben',
      purpose: 'carrier_handoff',
      carrier: 'ups',
      warehouse: 'east',
    });
    await scanAll(later.id, [ups(3)]);
    const { filename, csv } = await call(core, 'reconcile.manifestCsv', { sessionId: session.id });
    expect(filename).toBe(`manifest-ups-2026-11-20-session-${session.id}.csv`);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,tracking_number,carrier,order_number,label_created_at,scanned_at,verdict,raw');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      `handed_over,${ups(1)}`,
      `handed_over,${ups(2)}`,
      `expected_not_scanned,${ups(3)}`,
      `expected_not_scanned,${ups(7)}`,
      `scanned_not_expected,${ups(999)}`,
      `scanned_not_expected,${ups(4)}`,
      `scanned_not_expected,${fedex(9)}`,
    ]);
  });

  it('a packing session closes without a manifest, and has none to export', async () => {
    startAt('2026-11-20T15:00:00Z');
    const session = await call(core, 'reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' });
    expect((await call(core, 'reconcile.closeSession', { sessionId: session.id })).manifest).toBeNull();
    expect((await callError(core, 'reconcile.manifestCsv', { sessionId: session.id })).code).toBe('invalid_argument');
  });
});

describe('the reconciliation board', () => {
  async function dayOfScanning() {
    startAt('2026-11-20T15:00:00Z');
    const db = core.services.db;
    for (const serial of [1, 2, 3]) insertShipment(db, { trackingNumber: ups(serial), carrier: 'ups' });
    insertShipment(db, { trackingNumber: ups(4), carrier: 'ups', status: 'cancelled' });
    insertShipment(db, { trackingNumber: ups(5), carrier: 'ups', isReturn: true });
    insertShipment(db, { trackingNumber: fedex(6), carrier: 'fedex' });
    insertShipment(db, { trackingNumber: ups(7), carrier: 'ups', labelCreatedAt: '2026-11-19T10:00:00.000Z' });

    const pack = await call(core, 'reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' });
    await scanAll(pack.id, [ups(1), ups(1), ups(999), fedex(6), 'GARBAGE']);
    core.clock.advance(3_600_000);
    const dock1 = await call(core, 'reconcile.openSession', { station: 'Dock 1', operator: 'Ben', purpose: 'carrier_handoff', carrier: 'ups' });
    await scanAll(dock1.id, [ups(1), ups(2)]);
    db.raw.prepare('UPDATE shipments SET first_scan_at = ? WHERE tracking_number = ?').run('2026-11-20T18:00:00.000Z', ups(2));
    const dock2 = await call(core, 'reconcile.openSession', { station: 'Dock 2', operator: 'Cy', purpose: 'carrier_handoff', carrier: 'ups' });
    await scanAll(dock2.id, [ups(2)]);
    // The next afternoon: 25 hours after the handoff.
    core.clock.set(Date.parse('2026-11-21T17:00:00Z'));
  }

  it('counts each bucket for the day', async () => {
    await dayOfScanning();
    const board = await call(core, 'reconcile.board', { date: '2026-11-20' });
    expect(board).toEqual({
      date: '2026-11-20',
      noFirstScanHours: 24,
      // Parcel 6 was only verified at a packing station: it is not handed over, so it is among the labels not yet scanned.
      counts: { created_not_scanned: 2, scanned_not_expected: 1, scanned_twice: 2, no_first_scan: 1 },
    });
    expect((await call(core, 'reconcile.board', { date: '2026-11-20', noFirstScanHours: 48 })).counts.no_first_scan).toBe(0);
    expect((await call(core, 'reconcile.board', { date: '2026-11-20', carrier: 'fedex' })).counts).toEqual({
      created_not_scanned: 1,
      scanned_not_expected: 0,
      scanned_twice: 0,
      no_first_scan: 0,
    });
    expect((await call(core, 'reconcile.board', { date: '2026-11-20', station: 'Dock 1' })).counts).toMatchObject({ scanned_twice: 0, no_first_scan: 1 });
    expect((await call(core, 'reconcile.board', { date: '2026-11-21' })).counts).toEqual({
      created_not_scanned: 0,
      scanned_not_expected: 0,
      scanned_twice: 0,
      no_first_scan: 0,
    });
  });

  it('opens the parcels and scans behind a bucket, page by page', async () => {
    await dayOfScanning();
    const bucket = (name: 'created_not_scanned' | 'scanned_twice' | 'no_first_scan', startRow = 0, endRow = 100) =>
      call(core, 'reconcile.bucket', { date: '2026-11-20', bucket: name, startRow, endRow });
    expect((await bucket('created_not_scanned')).rows.map((r) => [r.trackingNumber, r.scanId])).toEqual([
      [ups(3), null],
      [fedex(6), null],
    ]);
    const twice = await bucket('scanned_twice');
    expect(twice.rows.map((r) => [r.trackingNumber, r.verdict, r.station])).toEqual([
      [ups(1), 'duplicate', 'Pack 1'],
      [ups(2), 'already_handed_over', 'Dock 2'],
    ]);
    expect(twice.lastRow).toBe(2);
    expect(await bucket('scanned_twice', 1, 2)).toMatchObject({ rows: [{ trackingNumber: ups(2) }], lastRow: 2, rowCount: 2 });
    expect((await bucket('no_first_scan')).rows).toMatchObject([{ trackingNumber: ups(1), station: 'Dock 1', operator: 'Ben', status: 'created' }]);
  });

  it('an undone scan leaves the buckets', async () => {
    await dayOfScanning();
    const pack = (await call(core, 'reconcile.sessions', { station: 'Pack 1' }))[0];
    await call(core, 'reconcile.undoLast', { sessionId: pack.id }); // GARBAGE
    await call(core, 'reconcile.undoLast', { sessionId: pack.id }); // fedex(6)
    expect((await call(core, 'reconcile.board', { date: '2026-11-20', carrier: 'fedex' })).counts.created_not_scanned).toBe(1);

    // Undoing both handoff scans of parcel 2 takes it out of "scanned twice" and back among the labels not yet scanned.
    const upsCounts = async () => (await call(core, 'reconcile.board', { date: '2026-11-20', carrier: 'ups' })).counts;
    expect(await upsCounts()).toMatchObject({ created_not_scanned: 1, scanned_twice: 2 });
    const [dock1] = await call(core, 'reconcile.sessions', { station: 'Dock 1' });
    const [dock2] = await call(core, 'reconcile.sessions', { station: 'Dock 2' });
    await call(core, 'reconcile.undoLast', { sessionId: dock2.id });
    expect(await upsCounts()).toMatchObject({ created_not_scanned: 1, scanned_twice: 1 });
    await call(core, 'reconcile.undoLast', { sessionId: dock1.id });
    expect(await upsCounts()).toMatchObject({ created_not_scanned: 2, scanned_twice: 1 });
  });
});
