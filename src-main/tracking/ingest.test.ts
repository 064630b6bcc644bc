import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedEvent, TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { TrackingResult } from '../carriers/types';
import { createTempCore, type TempCore } from '../testing/temp-core';

let core: TempCore;
beforeEach(() => {
  core = createTempCore();
});
afterEach(() => core.dispose());

function addShipment(trackingNumber: string, status: TrackingStatus, substatus: string | null = null): number {
  return Number(
    core.services.db.raw
      .prepare(
        `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, substatus, created_at, updated_at)
         VALUES ('test', ?, ?, 'ups', '2026-11-18T09:00:00Z', ?, ?, 'x', 'x')`,
      )
      .run(trackingNumber, trackingNumber, status, substatus).lastInsertRowid,
  );
}

const event = (occurredAt: string, status: TrackingStatus, code: string, substatus: string | null = null): NormalizedEvent => ({
  occurredAt,
  localTime: null,
  code,
  description: `${code} scan`,
  location: 'RENO, NV',
  status,
  substatus,
});

const result = (trackingNumber: string, events: NormalizedEvent[], deliveredAt: string | null = null): TrackingResult => {
  const latest = events.at(-1) as NormalizedEvent;
  return {
    trackingNumber,
    requestedNumber: null,
    carrier: 'ups',
    status: latest.status ?? 'unknown',
    substatus: latest.substatus,
    deliveredAt,
    originalExpectedAt: null,
    currentExpectedAt: null,
    events,
    shipmentKey: null,
  };
};

const ingest = (...results: TrackingResult[]) => core.services.tracking.ingest.ingest(results, '2026-11-20T12:00:00Z');
const row = (id: number) =>
  core.services.db.raw.prepare('SELECT status, substatus, delivered_at, last_event_text FROM shipments WHERE id = ?').get(id) as Record<string, string | null>;
/** Goes through the status index, as the Shipments grid's status filter does. */
const idsWithStatus = (status: string) =>
  (
    core.services.db.raw.prepare('SELECT id FROM shipments INDEXED BY shipments_status_created WHERE status = ? ORDER BY id').all(status) as { id: number }[]
  ).map((r) => r.id);

describe('ingest', () => {
  const pickup = event('2026-11-19T08:00:00Z', 'in_transit', 'PU', 'picked_up');
  const hub = event('2026-11-19T20:00:00Z', 'in_transit', 'AR', 'at_facility');
  const delivered = event('2026-11-20T10:00:00Z', 'delivered', 'DL', 'signed');

  it('moves a parcel to its new status, and the status filter finds it there and not under the old one', () => {
    const id = addShipment('1ZA', 'created');
    expect(ingest(result('1ZA', [pickup, hub, delivered], delivered.occurredAt))).toMatchObject({ newEvents: 3, changedShipments: [id] });
    expect(row(id)).toEqual({ status: 'delivered', substatus: 'signed', delivered_at: '2026-11-20T10:00:00Z', last_event_text: 'DL scan' });
    expect(idsWithStatus('delivered')).toEqual([id]);
    expect(idsWithStatus('created')).toEqual([]);
  });

  it('takes news that keeps the status: a new substatus and latest scan, same place in the status filter', () => {
    const id = addShipment('1ZB', 'in_transit', 'picked_up');
    ingest(result('1ZB', [pickup]));
    expect(ingest(result('1ZB', [pickup, hub]))).toMatchObject({ newEvents: 1, changedShipments: [id] });
    expect(row(id)).toMatchObject({ status: 'in_transit', substatus: 'at_facility', last_event_text: 'AR scan' });
    expect(idsWithStatus('in_transit')).toEqual([id]);
  });

  it('corrects the delivery time of a delivered parcel without touching its status', () => {
    const id = addShipment('1ZC', 'created');
    ingest(result('1ZC', [pickup, delivered], delivered.occurredAt));
    ingest(result('1ZC', [pickup, delivered], '2026-11-20T09:58:00Z'));
    expect(row(id)).toMatchObject({ status: 'delivered', delivered_at: '2026-11-20T09:58:00Z' });
  });

  it('stores nothing twice and reports no change when the same history comes again', () => {
    const id = addShipment('1ZD', 'created');
    ingest(result('1ZD', [pickup, hub]));
    expect(ingest(result('1ZD', [pickup, hub]))).toMatchObject({ newEvents: 0, changedShipments: [] });
    expect(core.services.db.raw.prepare('SELECT count(*) AS n FROM tracking_events WHERE shipment_id = ?').get(id)).toEqual({ n: 2 });
  });

  it('takes nothing from an older snapshot of the history: status, latest scan and promised day stay', () => {
    const id = addShipment('1ZS', 'created');
    ingest({ ...result('1ZS', [pickup, hub]), currentExpectedAt: '2026-11-22' });
    expect(ingest({ ...result('1ZS', [pickup]), currentExpectedAt: '2026-11-21' })).toMatchObject({ newEvents: 0, changedShipments: [] });
    const kept = core.services.db.raw.prepare('SELECT substatus, last_event_at, expected_delivery_current AS expected FROM shipments WHERE id = ?').get(id);
    expect(kept).toEqual({ substatus: 'at_facility', last_event_at: hub.occurredAt, expected: '2026-11-22' });
  });

  it('keeps the good results of a batch when one number matches no shipment', () => {
    const a = addShipment('1ZE', 'created');
    const b = addShipment('1ZF', 'created');
    const summary = ingest(result('1ZE', [pickup]), result('1Z-NOT-OURS', [pickup]), result('1ZF', [pickup, hub]));
    expect(summary).toMatchObject({ newEvents: 3, unmatched: ['1Z-NOT-OURS'] });
    expect(idsWithStatus('in_transit')).toEqual([a, b]);
  });

  it('item 9: a carrier result with an event at 9999-12-31 is refused whole; the in-transit parcel stays correctable', () => {
    const id = addShipment('1ZG', 'in_transit', 'picked_up');
    ingest(result('1ZG', [pickup]));
    const farFuture = event('9999-12-31T00:00:00Z', 'delivered', 'DL', 'signed');
    const summary = ingest(result('1ZG', [pickup, farFuture], farFuture.occurredAt), result('1ZE2', [pickup]));
    expect(summary.rejected).toEqual([{ trackingNumber: '1ZG', reason: expect.stringContaining('event time 9999-12-31T00:00:00Z is outside 2000-01-01') }]);
    expect(row(id)).toMatchObject({ status: 'in_transit', delivered_at: null });
    expect(ingest(result('1ZG', [pickup, delivered], delivered.occurredAt)).changedShipments).toEqual([id]);
    expect(row(id)).toMatchObject({ status: 'delivered', delivered_at: '2026-11-20T10:00:00Z' });
  });

  it('item 11: a carrier event with a NUL byte or a 2 MB code is refused and stores nothing', () => {
    const id = addShipment('1ZH', 'created');
    const nul = { ...hub, description: 'ARRIVED\u0000' };
    const huge = { ...hub, code: 'X'.repeat(2_000_000) };
    for (const bad of [nul, huge]) expect(ingest(result('1ZH', [pickup, bad])).rejected).toHaveLength(1);
    expect(row(id)).toMatchObject({ status: 'created' });
    expect(core.services.db.raw.prepare('SELECT count(*) AS n FROM tracking_events WHERE shipment_id = ?').get(id)).toEqual({ n: 0 });
  });
});
