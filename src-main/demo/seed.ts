import type { Carrier, ExceptionReason, TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { exampleTrackingNumber } from './tracking-numbers';
import { pick, pickWeighted, seededRandom } from './random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const WAREHOUSES = [
  { code: 'east', name: 'East DC (Newark)', timeZone: 'America/New_York', city: 'NEWARK NJ' },
  { code: 'west', name: 'West DC (Reno)', timeZone: 'America/Los_Angeles', city: 'RENO NV' },
] as const;

const SERVICES: Record<string, readonly (readonly [string, number])[]> = {
  ups: [
    ['ground', 6],
    ['2nd_day_air', 2],
    ['next_day_air', 1],
  ],
  fedex: [
    ['ground', 6],
    ['2day', 2],
    ['priority_overnight', 1],
  ],
  usps: [
    ['ground_advantage', 7],
    ['priority_mail', 3],
  ],
  dhl: [
    ['express_worldwide', 3],
    ['ecommerce', 5],
  ],
};

const CITIES = ['CHICAGO IL', 'DALLAS TX', 'DENVER CO', 'ATLANTA GA', 'SEATTLE WA', 'BOSTON MA', 'PHOENIX AZ', 'MIAMI FL'];
const NAMES = ['Ana Ruiz', 'Ben Okafor', 'Chen Wei', 'Dana Kim', 'Eli Novak', 'Fatima Noor', 'Gus Patel', 'Hana Sato'];

type Scenario = 'label_only' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception' | 'returning' | 'returned' | 'voided';

interface DemoEvent {
  at: number;
  status: TrackingStatus;
  substatus: string | null;
  code: string;
  text: string;
  location: string | null;
}

const EXCEPTIONS: readonly (readonly [ExceptionReason, string, number])[] = [
  ['attempt_failed', 'Delivery attempted - customer not available', 5],
  ['address_issue', 'Incorrect address - unable to deliver', 3],
  ['delayed_weather', 'Delay due to severe weather', 2],
  ['damaged', 'Package damaged in transit', 1],
  ['customs_hold', 'Held in customs', 1],
  ['refused', 'Refused by recipient', 1],
];

export interface SeedOptions {
  shipments: number;
  now: number;
  seed?: number;
  /** Event histories make the demo believable; the million-row bench store skips them. */
  withEvents?: boolean;
  source?: string;
}

export function seedWarehouses(db: Db): void {
  const insert = db.prepare('INSERT INTO warehouses (code, name, time_zone) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING');
  for (const w of WAREHOUSES) insert.run(w.code, w.name, w.timeZone);
}

/** Seeds a realistic, deterministic set of shipments relative to `now`, in one transaction. */
export function seedShipments(db: Db, options: SeedOptions): { shipments: number; events: number } {
  const random = seededRandom(options.seed ?? 42);
  const source = options.source ?? 'demo';
  const stamp = new Date(options.now).toISOString();
  const firstSerial = (db.prepare('SELECT count(*) AS n FROM shipments').get() as { n: number }).n;
  const insertShipment = db.prepare(`INSERT INTO shipments (
      source, external_id, tracking_number, carrier, service, warehouse, order_number, order_value_cents, currency,
      label_created_at, ship_date, expected_delivery_original, expected_delivery_current, is_return, status, substatus,
      first_scan_at, delivered_at, last_event_at, last_event_text, last_event_location,
      ship_to_name, ship_to_city, ship_to_region, ship_to_postal_code, ship_to_country, weight_oz, created_at, updated_at
    ) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
    ON CONFLICT (source, external_id) DO NOTHING`);
  const insertEvent = db.prepare(`INSERT INTO tracking_events
      (shipment_id, event_key, occurred_at, local_time, status, substatus, raw_code, raw_text, location, recorded_at)
      VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`);
  let events = 0;

  db.write(() => {
    seedWarehouses(db);
    for (let i = 0; i < options.shipments; i++) {
      const serial = firstSerial + i;
      const carrier = pickWeighted<Carrier>(random, [
        ['ups', 35],
        ['fedex', 30],
        ['usps', 25],
        ['dhl', 10],
      ]);
      const service = pickWeighted(random, SERVICES[carrier]);
      const warehouse = random() < 0.6 ? WAREHOUSES[0] : WAREHOUSES[1];
      const created = options.now - Math.floor(random() * 30 * DAY) - HOUR;
      const transitDays = service.includes('next') || service.includes('overnight') ? 1 : service.includes('2') ? 2 : 3 + Math.floor(random() * 3);
      const expected = created + (transitDays + 1) * DAY;
      const isReturn = random() < 0.05;
      const scenario = chooseScenario(random, options.now - created, expected - options.now);
      const history = buildHistory(random, scenario, created, options.now, warehouse.city, pick(random, CITIES));
      const last = history.at(-1) ?? null;
      const statusEvent = [...history].reverse().find((e) => e.status !== 'created') ?? last;
      const firstScan = history.find((e) => e.status !== 'created') ?? null;
      const delivered = history.find((e) => e.status === 'delivered') ?? null;
      const status: TrackingStatus = scenario === 'voided' ? 'cancelled' : (statusEvent?.status ?? 'created');
      const trackingNumber = exampleTrackingNumber(carrier, serial);
      const slipped = scenario === 'exception' || (scenario === 'in_transit' && random() < 0.2);
      const result = insertShipment.run(
        source,
        `${source.toUpperCase()}-${100000 + serial}`,
        trackingNumber,
        carrier,
        service,
        warehouse.code,
        String(500000 + serial),
        Math.round((15 + random() * 400) * 100),
        'USD',
        iso(created),
        iso(created).slice(0, 10),
        iso(expected).slice(0, 10),
        iso(slipped ? expected + 2 * DAY : expected).slice(0, 10),
        isReturn ? 1 : 0,
        status,
        scenario === 'voided' ? null : (statusEvent?.substatus ?? null),
        firstScan ? iso(firstScan.at) : null,
        delivered ? iso(delivered.at) : null,
        last ? iso(last.at) : null,
        last?.text ?? null,
        last?.location ?? null,
        pick(random, NAMES),
        pick(random, CITIES).slice(0, -3),
        pick(random, CITIES).slice(-2),
        String(10000 + Math.floor(random() * 89999)),
        'US',
        Math.round((4 + random() * 60) * 10) / 10,
        stamp,
        stamp,
      );
      if (!options.withEvents || result.changes === 0) continue;
      const shipmentId = Number(result.lastInsertRowid);
      for (const e of history) {
        insertEvent.run(shipmentId, `${e.code}:${e.at}`, iso(e.at), null, e.status, e.substatus, e.code, e.text, e.location, stamp);
        events++;
      }
    }
  });
  return { shipments: options.shipments, events };
}

const iso = (ms: number) => new Date(ms).toISOString();

function chooseScenario(random: () => number, ageMs: number, untilExpectedMs: number): Scenario {
  if (random() < 0.01) return 'voided';
  if (ageMs < 6 * HOUR) return random() < 0.7 ? 'label_only' : 'in_transit';
  if (untilExpectedMs > DAY)
    return pickWeighted<Scenario>(random, [
      ['in_transit', 8],
      ['label_only', 1],
      ['exception', 1],
    ]);
  if (untilExpectedMs > 0)
    return pickWeighted<Scenario>(random, [
      ['out_for_delivery', 3],
      ['in_transit', 4],
      ['delivered', 4],
      ['exception', 1],
    ]);
  return pickWeighted<Scenario>(random, [
    ['delivered', 85],
    ['exception', 6],
    ['in_transit', 3],
    ['returning', 2],
    ['returned', 2],
    ['label_only', 1],
  ]);
}

function buildHistory(random: () => number, scenario: Scenario, created: number, now: number, origin: string, destination: string): DemoEvent[] {
  const events: DemoEvent[] = [{ at: created, status: 'created', substatus: 'label_created', code: 'LC', text: 'Shipping label created', location: origin }];
  if (scenario === 'label_only' || scenario === 'voided') return events;
  const span = Math.max(now - created, 4 * HOUR);
  const at = (fraction: number) => Math.min(now - 60_000, created + Math.floor(span * fraction));
  events.push({ at: at(0.1 + random() * 0.1), status: 'in_transit', substatus: 'accepted', code: 'PU', text: 'Picked up', location: origin });
  events.push({ at: at(0.35), status: 'in_transit', substatus: 'departed', code: 'DP', text: 'Departed facility', location: origin });
  events.push({ at: at(0.6), status: 'in_transit', substatus: 'at_facility', code: 'AR', text: 'Arrived at facility', location: destination });
  if (scenario === 'in_transit') return events;
  if (scenario === 'exception') {
    const [reason, text] = pickWeighted(
      random,
      EXCEPTIONS.map(([r, t, w]) => [[r, t] as const, w] as const),
    );
    events.push({ at: at(0.8), status: 'exception', substatus: reason, code: 'EX', text, location: destination });
    return events;
  }
  events.push({ at: at(0.8), status: 'out_for_delivery', substatus: null, code: 'OD', text: 'Out for delivery', location: destination });
  if (scenario === 'out_for_delivery') return events;
  if (scenario === 'returning' || scenario === 'returned') {
    events.push({ at: at(0.85), status: 'exception', substatus: 'refused', code: 'RF', text: 'Refused by recipient', location: destination });
    events.push({ at: at(0.9), status: 'return_initiated', substatus: 'carrier_rts', code: 'RS', text: 'Returning to sender', location: destination });
    if (scenario === 'returned') events.push({ at: at(0.98), status: 'returned', substatus: null, code: 'RD', text: 'Returned to sender', location: origin });
    return events;
  }
  events.push({
    at: at(0.9),
    status: 'delivered',
    substatus: pick(random, ['safe_place', 'signed', 'neighbour']),
    code: 'DL',
    text: 'Delivered',
    location: destination,
  });
  return events;
}
