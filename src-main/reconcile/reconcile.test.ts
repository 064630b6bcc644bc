import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMap, ScanResult } from '../../src-shared/api';
import { fedexMod11, gs1Mod10 } from '../../src-shared/domain/scan/checksum';
import { seedWarehouses } from '../demo/seed';
import { exampleTrackingNumber } from '../demo/tracking-numbers';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { call, callError, insertShipment } from './testing';

let core: TempCore;
beforeEach(() => {
  core = createTempCore(Date.parse('2026-11-20T15:00:00Z'));
  seedWarehouses(core.services.db);
});
afterEach(() => core.dispose());

const ups = (serial: number) => exampleTrackingNumber('ups', serial);
const fedex = (serial: number) => exampleTrackingNumber('fedex', serial);
const usps = (serial: number) => exampleTrackingNumber('usps', serial);
const GARBAGE = 'HELLO-WORLD-42';

const open = (arg: Partial<Parameters<typeof call<'reconcile.openSession'>>[2]> = {}) =>
  call(core, 'reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify', ...arg });
const scan = (sessionId: number, raw: string, manual = false) => call(core, 'reconcile.scan', { sessionId, raw, manual });
const storedScans = () =>
  core.services.db.raw
    .prepare('SELECT id, session_id AS sessionId, raw, verdict, tracking_number AS trackingNumber, shipment_id AS shipmentId FROM scans ORDER BY id')
    .all() as {
    id: number;
    sessionId: number;
    raw: string;
    verdict: string;
    trackingNumber: string | null;
    shipmentId: number | null;
  }[];

describe('scan verdicts through dispatch', () => {
  it('gives every verdict in one UPS packing session and stores each scan with it', async () => {
    const db = core.services.db;
    const known = insertShipment(db, { trackingNumber: ups(1), carrier: 'ups', orderNumber: '500001' });
    insertShipment(db, { trackingNumber: ups(2), carrier: 'ups', status: 'cancelled' });
    insertShipment(db, { trackingNumber: fedex(3), carrier: 'fedex' });
    const handoff = await open({ purpose: 'carrier_handoff', carrier: 'ups', station: 'Dock 1' });
    insertShipment(db, { trackingNumber: ups(4), carrier: 'ups' });
    expect((await scan(handoff.id, ups(4))).verdict).toBe('matched');

    const session = await open({ carrier: 'ups' });
    const table: [string, string][] = [
      [ups(1), 'matched'],
      [` ${ups(1).toLowerCase()}\r\n`, 'duplicate'],
      [ups(999), 'unknown_label'],
      [GARBAGE, 'invalid'],
      [ups(2), 'voided_label'],
      [fedex(3), 'wrong_carrier'],
      [ups(4), 'already_handed_over'],
    ];
    const results: ScanResult[] = [];
    for (const [raw] of table) results.push(await scan(session.id, raw));
    expect(results.map((r) => r.verdict)).toEqual(table.map(([, verdict]) => verdict));

    const [matched, duplicate, unknown, invalid, , wrongCarrier] = results;
    expect(matched).toMatchObject({ carrier: 'ups', trackingNumber: ups(1), shipment: { id: known, orderNumber: '500001' } });
    expect(matched.message).toContain('order 500001');
    expect(duplicate.trackingNumber).toBe(ups(1));
    expect(unknown).toMatchObject({ carrier: 'ups', trackingNumber: ups(999), shipment: null });
    expect(invalid).toMatchObject({ carrier: null, trackingNumber: null, error: 'no_valid_match', raw: GARBAGE });
    expect(wrongCarrier.message).toContain('FedEx');

    const stored = storedScans().filter((s) => s.sessionId === session.id);
    expect(stored.map((s) => [s.id, s.verdict])).toEqual(results.map((r) => [r.scanId, r.verdict]));
    expect(stored[3]).toMatchObject({ raw: GARBAGE, trackingNumber: null });
    const detail = await call(core, 'reconcile.session', { sessionId: session.id });
    expect(detail.scans.find((s) => s.scanId === invalid.scanId)).toMatchObject({ raw: GARBAGE, error: 'no_valid_match', manual: false });
  });

  it('judges the carrier by the number, not the carrier name upstream recorded', async () => {
    // A "FedEx SmartPost" parcel travels on a USPS number.
    insertShipment(core.services.db, { trackingNumber: usps(7), carrier: 'fedex' });
    const uspsDock = await open({ carrier: 'usps' });
    expect(await scan(uspsDock.id, usps(7))).toMatchObject({ verdict: 'matched', carrier: 'usps', shipment: { carrier: 'fedex' } });
    const fedexDock = await open({ carrier: 'fedex', station: 'Pack 2' });
    expect((await scan(fedexDock.id, usps(7))).verdict).toBe('wrong_carrier');
  });

  describe('an ambiguous 420 + ZIP9 + IMpb scan that is also a FedEx 34-digit barcode', () => {
    const pic = (() => {
      for (let i = 0; i < 1000; i++) {
        const body = `9261290100${String(i).padStart(11, '0')}`;
        const number = [...'0123456789'].map((d) => body + d).find(gs1Mod10) ?? '';
        if (fedexMod11(number.slice(10))) return number;
      }
      throw new Error('no PIC whose tail is also a FedEx number');
    })();
    const fedexTail = pic.slice(10);
    const raw = `420${'100010001'}${pic}`;

    it('is matched to the FedEx shipment when that is the one expected', async () => {
      insertShipment(core.services.db, { trackingNumber: fedexTail, carrier: 'fedex' });
      const result = await scan((await open()).id, raw);
      expect(result).toMatchObject({ verdict: 'matched', carrier: 'fedex', trackingNumber: fedexTail });
      expect(result.candidates.map((c) => c.carrier)).toEqual(['usps', 'fedex']);
    });

    it('is matched to the USPS shipment when that is the one expected', async () => {
      insertShipment(core.services.db, { trackingNumber: pic, carrier: 'usps' });
      expect(await scan((await open()).id, raw)).toMatchObject({ verdict: 'matched', carrier: 'usps', trackingNumber: pic });
    });

    it("with neither expected, reads it as the session carrier's number", async () => {
      expect(await scan((await open({ carrier: 'fedex' })).id, raw)).toMatchObject({ verdict: 'unknown_label', carrier: 'fedex', trackingNumber: fedexTail });
      expect(await scan((await open({ station: 'Pack 2' })).id, raw)).toMatchObject({ verdict: 'unknown_label', carrier: 'usps', trackingNumber: pic });
    });
  });

  it('undo marks the last scan undone, audits it, and a rescan is not a duplicate', async () => {
    insertShipment(core.services.db, { trackingNumber: ups(1), carrier: 'ups' });
    const session = await open();
    const first = await scan(session.id, ups(1));
    core.clock.advance(5000);
    const undone = await call(core, 'reconcile.undoLast', { sessionId: session.id });
    expect(undone).toMatchObject({ scanId: first.scanId, verdict: 'matched', undoneAt: '2026-11-20T15:00:05.000Z' });
    expect(await call(core, 'reconcile.session', { sessionId: session.id })).toMatchObject({ total: 0, counts: { matched: 0 } });
    expect((await scan(session.id, ups(1))).verdict).toBe('matched');

    const audit = core.services.db.raw.prepare("SELECT operator, station, before FROM audit_log WHERE entity = 'scan' AND action = 'undone'").all();
    expect(audit).toEqual([{ operator: 'Ana', station: 'Pack 1', before: JSON.stringify({ verdict: 'matched', trackingNumber: ups(1), raw: ups(1) }) }]);
    await call(core, 'reconcile.undoLast', { sessionId: session.id });
    expect((await callError(core, 'reconcile.undoLast', { sessionId: session.id })).code).toBe('not_found');
  });

  it('a manual entry takes the same path and is flagged manual', async () => {
    insertShipment(core.services.db, { trackingNumber: ups(1), carrier: 'ups' });
    const session = await open();
    expect(await scan(session.id, ups(1), true)).toMatchObject({ verdict: 'matched', manual: true });
    expect((await scan(session.id, ups(1))).verdict).toBe('duplicate');
    const { scans } = await call(core, 'reconcile.session', { sessionId: session.id });
    expect(scans.map((s) => [s.verdict, s.manual])).toEqual([
      ['duplicate', false],
      ['matched', true],
    ]);
  });

  it('strips the station scanner prefix and suffix before parsing, and keeps the raw as scanned', async () => {
    insertShipment(core.services.db, { trackingNumber: ups(1), carrier: 'ups' });
    expect(await call(core, 'reconcile.stationSettings.get', { station: 'Pack 1' })).toEqual({
      station: 'Pack 1',
      suffix: '',
      prefixToStrip: '',
      soundVolume: 0.8,
      interKeyTimeoutMs: 80,
      acknowledgeKey: 'Escape',
    });
    // Letters, not punctuation: the parser already ignores punctuation around a number.
    await call(core, 'reconcile.stationSettings.set', { station: 'Pack 1', prefixToStrip: 'PK', suffix: 'END' });
    expect(await call(core, 'reconcile.stationSettings.set', { station: 'Pack 1', soundVolume: 0.3, acknowledgeKey: 'F9' })).toEqual({
      station: 'Pack 1',
      suffix: 'END',
      prefixToStrip: 'PK',
      soundVolume: 0.3,
      interKeyTimeoutMs: 80,
      acknowledgeKey: 'F9',
    });
    // A key a scanner could type would let the next label release the line: refused, nothing changed.
    expect((await callError(core, 'reconcile.stationSettings.set', { station: 'Pack 1', acknowledgeKey: 'Enter' })).code).toBe('invalid_argument');
    expect((await call(core, 'reconcile.stationSettings.get', { station: 'Pack 1' })).acknowledgeKey).toBe('F9');
    const session = await open();
    expect(await scan(session.id, `PK${ups(1)}END`)).toMatchObject({ verdict: 'matched', raw: `PK${ups(1)}END` });
    const other = await open({ station: 'Pack 2' });
    expect((await scan(other.id, `PK${ups(1)}END`)).verdict).toBe('invalid');
  });

  it('records a scan sent again under the same station scan id once, and answers it as the first time', async () => {
    insertShipment(core.services.db, { trackingNumber: ups(1), carrier: 'ups', orderNumber: '500001' });
    const session = await open({ carrier: 'ups' });
    const first = await call(core, 'reconcile.scan', { sessionId: session.id, raw: ups(1), clientScanId: 'pack1-0001' });
    // The answer was lost on the way back; the station sends the same scan again, even after the session closed.
    const again = await call(core, 'reconcile.scan', { sessionId: session.id, raw: ups(1), clientScanId: 'pack1-0001' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ verdict: 'matched', message: expect.stringContaining('order 500001') });
    const invalid = await call(core, 'reconcile.scan', { sessionId: session.id, raw: GARBAGE, clientScanId: 'pack1-0002' });
    await call(core, 'reconcile.closeSession', { sessionId: session.id });
    expect(await call(core, 'reconcile.scan', { sessionId: session.id, raw: GARBAGE, clientScanId: 'pack1-0002' })).toEqual(invalid);
    expect(storedScans().map((s) => s.verdict)).toEqual(['matched', 'invalid']);
    // A scan id is the station's name for one scan, not a free-text field.
    expect((await callError(core, 'reconcile.scan', { sessionId: session.id, raw: ups(1), clientScanId: "x'; DROP" })).code).toBe('invalid_argument');
  });

  it('refuses scans into a closed or missing session and stores nothing', async () => {
    const session = await open();
    await call(core, 'reconcile.closeSession', { sessionId: session.id });
    expect((await callError(core, 'reconcile.scan', { sessionId: session.id, raw: ups(1) })).code).toBe('conflict');
    expect((await callError(core, 'reconcile.scan', { sessionId: 9999, raw: ups(1) })).code).toBe('not_found');
    expect((await callError(core, 'reconcile.scan', { sessionId: session.id, raw: '' })).code).toBe('invalid_argument');
    expect((await callError(core, 'reconcile.closeSession', { sessionId: session.id })).code).toBe('conflict');
    expect(storedScans()).toEqual([]);
  });

  it('keeps notes on a scan and on the session', async () => {
    const session = await open();
    const { scanId } = await scan(session.id, ups(1));
    await call(core, 'reconcile.note', { sessionId: session.id, scanId, text: 'box crushed' });
    await call(core, 'reconcile.note', { sessionId: session.id, text: 'belt 2 jammed' });
    await call(core, 'reconcile.note', { sessionId: session.id, text: 'belt 2 fixed' });
    const detail = await call(core, 'reconcile.session', { sessionId: session.id });
    expect(detail.scans[0].note).toBe('box crushed');
    expect(detail.session.note).toBe('belt 2 jammed\nbelt 2 fixed');
    expect((await callError(core, 'reconcile.note', { sessionId: session.id, scanId: scanId + 100, text: 'x' })).code).toBe('not_found');
  });

  it('lists open sessions and the last scans of one, newest first, with counts', async () => {
    const a = await open();
    const b = await open({ station: 'Pack 2' });
    await call(core, 'reconcile.closeSession', { sessionId: a.id });
    // The returns desk's receiving session is the returns desk's, not one of reconciliation's.
    await call(core, 'returns.openStation', { station: 'returns-dock', operator: 'Robin' });
    expect((await call(core, 'reconcile.sessions', {})).map((s) => s.id)).toEqual([b.id]);
    for (let i = 0; i < 25; i++) await scan(b.id, ups(100 + i));
    const detail = await call(core, 'reconcile.session', { sessionId: b.id });
    expect(detail.total).toBe(25);
    expect(detail.counts.unknown_label).toBe(25);
    expect(detail.scans).toHaveLength(20);
    expect(detail.scans[0].trackingNumber).toBe(ups(124));
  });

  it('announces each stored scan to other screens', async () => {
    const seen: EventMap['reconcile.scanned'][] = [];
    core.events.subscribe((name, payload) => name === 'reconcile.scanned' && seen.push(payload as EventMap['reconcile.scanned']));
    const session = await open();
    const { scanId } = await scan(session.id, GARBAGE);
    expect(seen).toEqual([{ sessionId: session.id, station: 'Pack 1', scanId, verdict: 'invalid' }]);
  });
});
