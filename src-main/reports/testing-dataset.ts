/**
 * A small store whose every KPI was worked out by hand (see reports.test.ts): late-but-delivered, a parcel
 * delivered twice, an evening delivery that is on time only by its local date, offset-less carrier times,
 * a lost parcel, a voided label, a customer return, a shipment with no service, and a carrier with no
 * deliveries at all (every rate null).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../core';
import { memorySecretStore } from '../platform/ports';
import { fakeClock, quietLogger } from '../testing/temp-core';

interface ShipmentSpec {
  key: string;
  carrier: string;
  service?: string | null;
  warehouse?: string | null;
  labelCreatedAt: string;
  shipDate?: string | null;
  expected?: string | null;
  status: string;
  substatus?: string | null;
  firstScanAt?: string | null;
  deliveredAt?: string | null;
  flagsSeen?: number;
  isReturn?: boolean;
  events?: { occurredAt: string | null; localTime?: string | null; status: string | null; substatus?: string | null; code: string }[];
}

export const DATASET: ShipmentSpec[] = [
  {
    key: 'A',
    carrier: 'ups',
    labelCreatedAt: '2026-11-02T10:00:00.000Z',
    shipDate: '2026-11-02',
    expected: '2026-11-05',
    status: 'delivered',
    firstScanAt: '2026-11-02T14:00:00.000Z',
    deliveredAt: '2026-11-04T14:00:00.000Z',
    events: [
      { occurredAt: '2026-11-02T14:00:00.000Z', status: 'in_transit', code: 'PU' },
      { occurredAt: '2026-11-04T14:00:00.000Z', localTime: '2026-11-04T09:00:00', status: 'delivered', code: 'DL' },
    ],
  },
  {
    key: 'B',
    carrier: 'ups',
    labelCreatedAt: '2026-11-02T10:00:00.000Z',
    shipDate: '2026-11-02',
    expected: '2026-11-06',
    status: 'delivered',
    firstScanAt: '2026-11-03T10:00:00.000Z',
    deliveredAt: '2026-11-09T10:00:00.000Z',
    events: [
      { occurredAt: '2026-11-03T10:00:00.000Z', status: 'in_transit', code: 'PU' },
      { occurredAt: '2026-11-06T18:00:00.000Z', status: 'exception', substatus: 'attempt_failed', code: 'NH' },
      { occurredAt: '2026-11-09T10:00:00.000Z', status: 'delivered', code: 'DL' },
    ],
  },
  {
    key: 'C',
    carrier: 'ups',
    labelCreatedAt: '2026-11-03T08:00:00.000Z',
    shipDate: '2026-11-03',
    expected: '2026-11-06',
    status: 'delivered',
    firstScanAt: '2026-11-03T12:00:00.000Z',
    deliveredAt: '2026-11-06T12:00:00.000Z',
    events: [
      { occurredAt: '2026-11-03T12:00:00.000Z', status: 'in_transit', code: 'PU' },
      { occurredAt: '2026-11-05T12:00:00.000Z', status: 'delivered', code: 'DL' },
      { occurredAt: '2026-11-06T12:00:00.000Z', localTime: '2026-11-06T07:00:00', status: 'delivered', code: 'DL2' },
    ],
  },
  {
    key: 'D',
    carrier: 'ups',
    labelCreatedAt: '2026-11-03T09:00:00.000Z',
    shipDate: '2026-11-03',
    expected: '2026-11-05',
    status: 'delivered',
    firstScanAt: '2026-11-03T15:00:00.000Z',
    deliveredAt: '2026-11-06T01:30:00.000Z',
    events: [
      { occurredAt: '2026-11-03T15:00:00.000Z', status: 'in_transit', code: 'PU' },
      { occurredAt: '2026-11-06T01:30:00.000Z', localTime: '2026-11-05T20:30:00', status: 'delivered', code: 'DL' },
    ],
  },
  {
    key: 'E',
    carrier: 'ups',
    labelCreatedAt: '2026-11-04T10:00:00.000Z',
    shipDate: '2026-11-04',
    expected: null,
    status: 'delivered',
    firstScanAt: '2026-11-04T16:00:00',
    deliveredAt: '2026-11-06T11:00:00',
    events: [
      { occurredAt: null, localTime: '2026-11-04T16:00:00', status: 'in_transit', code: 'PU' },
      { occurredAt: null, localTime: '2026-11-06T11:00:00', status: 'delivered', code: 'DL' },
    ],
  },
  {
    key: 'F',
    carrier: 'ups',
    labelCreatedAt: '2026-11-05T10:00:00.000Z',
    shipDate: '2026-11-05',
    status: 'in_transit',
    firstScanAt: '2026-11-05T20:00:00.000Z',
    flagsSeen: 1,
  },
  {
    key: 'G',
    carrier: 'ups',
    labelCreatedAt: '2026-11-05T10:00:00.000Z',
    shipDate: '2026-11-05',
    expected: '2026-11-09',
    status: 'exception',
    substatus: 'lost',
    firstScanAt: '2026-11-06T10:00:00.000Z',
  },
  { key: 'H', carrier: 'ups', labelCreatedAt: '2026-11-03T10:00:00.000Z', shipDate: '2026-11-03', status: 'cancelled' },
  {
    key: 'I',
    carrier: 'ups',
    labelCreatedAt: '2026-11-03T10:00:00.000Z',
    shipDate: '2026-11-03',
    status: 'delivered',
    isReturn: true,
    firstScanAt: '2026-11-03T12:00:00.000Z',
    deliveredAt: '2026-11-04T12:00:00.000Z',
  },
  { key: 'J', carrier: 'ups', labelCreatedAt: '2026-11-08T10:00:00.000Z', shipDate: '2026-11-09', status: 'created' },
  { key: 'K', carrier: 'ups', labelCreatedAt: '2026-11-08T23:00:00.000Z', shipDate: null, status: 'created' },
  { key: 'N', carrier: 'ups', service: null, warehouse: null, labelCreatedAt: '2026-11-07T10:00:00.000Z', shipDate: '2026-11-07', status: 'created' },
  {
    key: 'L',
    carrier: 'fedex',
    service: '2day',
    warehouse: 'west',
    labelCreatedAt: '2026-11-02T10:00:00.000Z',
    shipDate: '2026-11-02',
    expected: '2026-11-04',
    status: 'returned',
    firstScanAt: '2026-11-02T12:00:00.000Z',
    events: [
      { occurredAt: '2026-11-02T12:00:00.000Z', status: 'in_transit', code: 'PU' },
      { occurredAt: '2026-11-03T12:00:00.000Z', status: 'exception', substatus: 'refused', code: 'RF' },
      { occurredAt: '2026-11-05T12:00:00.000Z', status: 'returned', code: 'RT' },
    ],
  },
  {
    key: 'M',
    carrier: 'fedex',
    service: '2day',
    warehouse: 'west',
    labelCreatedAt: '2026-11-02T10:00:00.000Z',
    shipDate: '2026-11-02',
    expected: '2026-11-04',
    status: 'delivered',
    firstScanAt: '2026-11-02T11:00:00.000Z',
    deliveredAt: '2026-11-03T11:00:00.000Z',
    flagsSeen: 1 | 4,
  },
  {
    key: 'P',
    carrier: 'dhl',
    service: 'express_worldwide',
    warehouse: 'east',
    labelCreatedAt: '2026-11-06T10:00:00.000Z',
    shipDate: '2026-11-06',
    status: 'created',
  },
  {
    key: 'Q',
    carrier: 'ups',
    labelCreatedAt: '2026-11-01T10:00:00.000Z',
    shipDate: '2026-11-01',
    expected: '2026-11-03',
    status: 'delivered',
    firstScanAt: '2026-11-01T12:00:00.000Z',
    deliveredAt: '2026-11-03T12:00:00.000Z',
  },
];

/** Inserts the dataset; returns shipment ids by key. */
export function seedDataset(core: Pick<Core, 'services'>): Record<string, number> {
  const { raw } = core.services.db;
  const insert = raw.prepare(`INSERT INTO shipments (source, external_id, tracking_number, carrier, service, warehouse, label_created_at, ship_date,
      expected_delivery_original, expected_delivery_current, is_return, status, substatus, flags_seen, first_scan_at, delivered_at, created_at, updated_at)
    VALUES ('test', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`);
  const event =
    raw.prepare(`INSERT INTO tracking_events (shipment_id, event_key, occurred_at, local_time, status, substatus, raw_code, raw_text, location, recorded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, '', NULL, '2026-11-10T00:00:00.000Z')`);
  const ids: Record<string, number> = {};
  raw.transaction(() => {
    for (const s of DATASET) {
      const id = Number(
        insert.run(
          `T-${s.key}`,
          `TRACK${s.key}`,
          s.carrier,
          s.service === undefined ? 'ground' : s.service,
          s.warehouse === undefined ? 'east' : s.warehouse,
          s.labelCreatedAt,
          s.shipDate ?? null,
          s.expected ?? null,
          s.expected ?? null,
          s.isReturn ? 1 : 0,
          s.status,
          s.substatus ?? null,
          s.flagsSeen ?? 0,
          s.firstScanAt ?? null,
          s.deliveredAt ?? null,
        ).lastInsertRowid,
      );
      ids[s.key] = id;
      (s.events ?? []).forEach((e, i) => event.run(id, `k${i}`, e.occurredAt, e.localTime ?? null, e.status, e.substatus ?? null, e.code));
    }
  })();
  return ids;
}

/** A core over a temp folder whose exception rules never tick on their own, so flags stay as the dataset set them. */
export function createReportsTestCore(start = Date.parse('2026-11-20T12:00:00Z')) {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-reports-'));
  const clock = fakeClock(start);
  const core = createCore({
    dbPath: join(dir, 'waybill.db'),
    clock,
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: 'test', dataDir: dir, rulesTickMs: 0 },
    logger: quietLogger,
  });
  return {
    ...core,
    dir,
    clock,
    dispose: () => {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ReportsTestCore = ReturnType<typeof createReportsTestCore>;
