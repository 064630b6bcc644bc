import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src-shared/domain/exceptions/thresholds';
import { createDb, type Db } from '../db/create-db';
import { quietLogger } from '../testing/temp-core';
import { createRulesEngine } from './evaluate';

/**
 * A full pass leaves out, in SQL, the never-evaluated shipments it can prove need nothing (evaluate.ts,
 * `neverNeeded`). Whatever the store holds, that pass must leave the same flags, items, priorities, deadlines and
 * audit trail as evaluating every shipment one by one. Zones cover both ends of the offsets (+14, -12), a
 * half-hour DST (Lord Howe) and an unknown name; deliveries fall all around the end of the expected day.
 */

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
/** Each zone with its offsets in minutes (standard and summer time): its days end that long before midnight UTC. */
const ZONES: [zone: string, offsets: number[]][] = [
  ['UTC', [0]],
  ['America/New_York', [-300, -240]],
  ['Pacific/Kiritimati', [840]],
  ['Etc/GMT+12', [-720]],
  ['Australia/Lord_Howe', [630, 660]],
  ['Asia/Kolkata', [330]],
  ['Not/AZone', [0]],
];
// A parcel of the warehouse named '' is counted in UTC (what `evaluateSlice` does), whatever that row says.
const WAREHOUSES = [...ZONES.map(([zone, offsets], i) => ({ code: `w${i}`, zone, offsets })), { code: '', zone: 'America/New_York', offsets: [0] }];
const STATUSES = ['created', 'in_transit', 'out_for_delivery', 'exception', 'return_initiated', 'returned', 'cancelled'] as const;
const EXPECTED_DAYS = ['2026-07-01', '2026-11-10', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-22', '2019-03-31', '2031-06-01'];

const iso = (ms: number) => new Date(ms).toISOString();

const shipmentArb = fc.record({
  // Mostly what SQL may leave out: delivered, unflagged, no item, no deadline, a plain expected date.
  status: fc.oneof({ arbitrary: fc.constant('delivered' as const), weight: 4 }, { arbitrary: fc.constantFrom(...STATUSES), weight: 3 }),
  substatus: fc.constantFrom(null, 'damaged', 'attempt_failed', 'carrier_rts', 'customer_return'),
  warehouse: fc.constantFrom<string | null>(null, 'nowhere', ...WAREHOUSES.map((w) => w.code)),
  expectedDay: fc.constantFrom(...EXPECTED_DAYS),
  /** How the original expected day is written: a plain date (what SQL may reason about) or anything else. */
  expectedForm: fc.constantFrom('date', 'date', 'date', 'date', 'date', 'instant', 'local', 'null', 'junk'),
  /** When the parcel was delivered: anywhere around the expected day, or within minutes of where it ends in its warehouse's zone. */
  delivered: fc.option(
    fc.oneof(
      fc.record({ minutes: fc.integer({ min: -2 * 1440, max: 3 * 1440 }) }),
      fc.record({ nearDayEnd: fc.integer({ min: -45, max: 45 }), offsetPick: fc.nat() }),
      fc.record({ nearDayEnd: fc.integer({ min: -45, max: 45 }), offsetPick: fc.nat() }),
    ),
    { nil: null },
  ),
  deliveredForm: fc.constantFrom('utc', 'utc', 'offset', 'local'),
  lastEventHoursAgo: fc.integer({ min: 0, max: 400 }),
  flags: fc.constantFrom(0, 0, 0, 0, 0, 0, 4, 1, 5),
  /** An item from an earlier pass or from staff, and a stale deadline. */
  item: fc.oneof(
    { arbitrary: fc.constant(null), weight: 6 },
    {
      arbitrary: fc.record({
        reason: fc.constantFrom('late', 'stalled', 'damaged'),
        state: fc.constantFrom('open', 'resolved', 'auto_resolved'),
        active: fc.boolean(),
      }),
      weight: 1,
    },
  ),
  staleDue: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.integer({ min: -10, max: 10 }), weight: 1 }),
});
type ShipmentSpec = typeof shipmentArb extends fc.Arbitrary<infer T> ? T : never;

function expectedValue(s: ShipmentSpec): string | null {
  switch (s.expectedForm) {
    case 'date':
      return s.expectedDay;
    case 'instant':
      return `${s.expectedDay}T23:30:00-05:00`;
    case 'local':
      return `${s.expectedDay}T18:00:00`;
    case 'null':
      return null;
    default:
      return `${s.expectedDay.replaceAll('-', '/')}`;
  }
}

function deliveredValue(s: ShipmentSpec): string | null {
  if (s.delivered === null) return null;
  const offsets = WAREHOUSES.find((w) => w.code === s.warehouse)?.offsets ?? [0];
  const minutes = 'minutes' in s.delivered ? s.delivered.minutes : 1440 - offsets[s.delivered.offsetPick % offsets.length] + s.delivered.nearDayEnd;
  const at = Date.parse(`${s.expectedDay}T00:00:00Z`) + minutes * 60_000;
  if (s.deliveredForm === 'utc') return iso(at);
  if (s.deliveredForm === 'local') return iso(at).slice(0, 19);
  // The same instant written with a +05:30 offset.
  return `${iso(at + 330 * 60_000).slice(0, 19)}+05:30`;
}

function seed(db: Db, shipments: ShipmentSpec[], withWarehouses: boolean): void {
  db.write(() => {
    for (const w of withWarehouses ? WAREHOUSES : [])
      db.raw.prepare('INSERT INTO warehouses (code, name, time_zone) VALUES (?, ?, ?)').run(w.code, w.code, w.zone);
    const insert = db.raw.prepare(`INSERT INTO shipments (source, external_id, tracking_number, carrier, service, warehouse, order_value_cents,
      label_created_at, expected_delivery_original, expected_delivery_current, status, substatus, first_scan_at, delivered_at, last_event_at,
      flags, created_at, updated_at) VALUES ('t', ?, ?, 'ups', 'ground', ?, 12000, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    shipments.forEach((s, i) => {
      const expected = expectedValue(s);
      const lastEvent = iso(NOW - s.lastEventHoursAgo * 3_600_000);
      const id = Number(
        insert.run(
          `T-${i}`,
          `1ZT${i}`,
          s.warehouse,
          iso(NOW - 9 * DAY),
          expected,
          expected,
          s.status,
          s.substatus,
          lastEvent,
          deliveredValue(s),
          lastEvent,
          s.flags,
          lastEvent,
          lastEvent,
        ).lastInsertRowid,
      );
      if (s.item) {
        db.raw
          .prepare('INSERT INTO exceptions (shipment_id, reason, state, priority, opened_at, updated_at, condition_active) VALUES (?, ?, ?, 10, ?, ?, ?)')
          .run(id, s.item.reason, s.item.state, iso(NOW - 5 * DAY), iso(NOW - 5 * DAY), s.item.active ? 1 : 0);
      }
      if (s.staleDue !== null) db.raw.prepare('INSERT INTO rules_due (shipment_id, due_at) VALUES (?, ?)').run(id, NOW + s.staleDue * 3_600_000);
    });
  });
}

/** What a user sees of the pass: every flag, item, priority, deadline and audit entry. */
function outcome(db: Db) {
  const all = (sql: string) => db.raw.prepare(sql).all();
  return {
    shipments: all('SELECT id, flags, flags_seen FROM shipments ORDER BY id'),
    items: all('SELECT id, shipment_id, reason, state, priority, opened_at, closed_at, condition_active, version FROM exceptions ORDER BY id'),
    due: all('SELECT shipment_id, due_at FROM rules_due ORDER BY shipment_id'),
    audit: all('SELECT entity_id, action, before, after FROM audit_log ORDER BY id'),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'waybill-first-pass-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;

async function passOver(shipments: ShipmentSpec[], perRow: boolean, withWarehouses = true) {
  const db = createDb(join(dir, `store-${serial++}.db`));
  try {
    seed(db, shipments, withWarehouses);
    const engine = createRulesEngine({
      db,
      logger: quietLogger,
      thresholds: () => DEFAULT_THRESHOLDS,
      onItemsChanged: () => undefined,
      onOpened: () => undefined,
      onOwnChanges: () => undefined,
    });
    const ids = db.raw.prepare('SELECT id FROM shipments').pluck().all() as number[];
    const stats = await engine.run(perRow ? { kind: 'ids', ids } : { kind: 'all', newAfterId: 0 }, NOW, () => false);
    return { stats, outcome: outcome(db) };
  } finally {
    db.close();
  }
}

describe('the first pass: leaving out what SQL proves settled', () => {
  it('leaves the same flags, items, priorities, deadlines and audit as evaluating every shipment', async () => {
    await fc.assert(
      // A store without warehouses counts every parcel in UTC.
      fc.asyncProperty(fc.array(shipmentArb, { minLength: 20, maxLength: 80 }), fc.boolean(), async (shipments, withWarehouses) => {
        const fast = await passOver(shipments, false, withWarehouses);
        const perRow = await passOver(shipments, true, withWarehouses);
        expect(fast.outcome).toEqual(perRow.outcome);
        expect(fast.stats.opened).toBe(perRow.stats.opened);
      }),
      { numRuns: 40 },
    );
  });

  it('reads only the shipments that can need work: a parcel delivered on time long ago is never read whole', async () => {
    const onTime: ShipmentSpec = {
      status: 'delivered',
      substatus: null,
      warehouse: 'w1',
      expectedDay: '2026-11-18',
      expectedForm: 'date',
      delivered: { minutes: 21 * 60 },
      deliveredForm: 'utc',
      lastEventHoursAgo: 48,
      flags: 0,
      item: null,
      staleDue: null,
    };
    const lateOne: ShipmentSpec = { ...onTime, delivered: { minutes: 30 * 60 } };
    const fast = await passOver([onTime, onTime, lateOne, { ...onTime, status: 'cancelled' }], false);
    expect(fast.stats.shipments).toBe(1);
    expect(fast.outcome.shipments).toEqual([
      { id: 1, flags: 0, flags_seen: 0 },
      { id: 2, flags: 0, flags_seen: 0 },
      { id: 3, flags: 4, flags_seen: 4 },
      { id: 4, flags: 0, flags_seen: 0 },
    ]);
  });
});
