import type { ReturnState } from '../../src-shared/domain/returns/lifecycle';
import type { Carrier, ExceptionReason, TrackingStatus } from '../../src-shared/domain/tracking/status';
import { rowCount } from '../db/counts';
import type { Db } from '../db/create-db';
import { exampleTrackingNumber } from './tracking-numbers';
import { pick, pickWeighted, seededRandom } from './random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const WAREHOUSES = [
  { code: 'east', name: 'East DC (Newark)', timeZone: 'America/New_York', city: 'NEWARK NJ' },
  { code: 'west', name: 'West DC (Reno)', timeZone: 'America/Los_Angeles', city: 'RENO NV' },
] as const;

/**
 * What each service promises and how often the carrier misses it: promised business days (a range where it
 * depends on the distance, as ground does) and the share delivered a day or more late. On-time lands at
 * 88–96% per carrier, as published carrier scorecards do.
 */
interface ServiceProfile {
  code: string;
  weight: number;
  days: readonly [number, number];
  late: number;
}

const SERVICES: Record<string, readonly ServiceProfile[]> = {
  ups: [
    { code: 'ground', weight: 6, days: [1, 5], late: 0.06 },
    { code: '2nd_day_air', weight: 2, days: [2, 2], late: 0.04 },
    { code: 'next_day_air', weight: 1, days: [1, 1], late: 0.03 },
  ],
  fedex: [
    { code: 'ground', weight: 6, days: [1, 5], late: 0.07 },
    { code: '2day', weight: 2, days: [2, 2], late: 0.05 },
    { code: 'priority_overnight', weight: 1, days: [1, 1], late: 0.03 },
  ],
  usps: [
    { code: 'ground_advantage', weight: 7, days: [2, 5], late: 0.11 },
    { code: 'priority_mail', weight: 3, days: [1, 3], late: 0.08 },
  ],
  dhl: [
    { code: 'express_worldwide', weight: 3, days: [2, 4], late: 0.05 },
    { code: 'ecommerce', weight: 5, days: [3, 8], late: 0.1 },
  ],
};

const RETURN_REASONS = ['Too small', 'Too large', 'Changed mind', 'Arrived damaged', 'Wrong item sent', 'Not as described'];
const CONDITIONS = [
  ['resellable', 8],
  ['damaged', 1],
  ['missing_items', 1],
] as const;

const CITIES = ['CHICAGO IL', 'DALLAS TX', 'DENVER CO', 'ATLANTA GA', 'SEATTLE WA', 'BOSTON MA', 'PHOENIX AZ', 'MIAMI FL'];
const NAMES = ['Ana Ruiz', 'Ben Okafor', 'Chen Wei', 'Dana Kim', 'Eli Novak', 'Fatima Noor', 'Gus Patel', 'Hana Sato'];

interface DemoEvent {
  at: number;
  status: TrackingStatus;
  substatus: string | null;
  code: string;
  text: string;
  location: string | null;
}

/** Problems that stop a parcel short of delivery; refused parcels go back to the sender. */
const EXCEPTIONS: readonly (readonly [ExceptionReason, string, number])[] = [
  ['address_issue', 'Incorrect address - unable to deliver', 3],
  ['delayed_weather', 'Delay due to severe weather', 2],
  ['damaged', 'Package damaged in transit', 1],
  ['customs_hold', 'Held in customs', 1],
  ['refused', 'Refused by recipient', 2],
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
  const firstSerial = rowCount(db, 'shipments');
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
  const insertReturn = db.prepare(`INSERT INTO returns
      (source, external_id, rma_number, order_number, shipment_id, tracking_number, carrier, reason, state, condition, received_at, created_at, updated_at)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (source, external_id) DO NOTHING`);
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
      const profile = pickWeighted(
        random,
        SERVICES[carrier].map((p) => [p, p.weight] as const),
      );
      const warehouse = random() < 0.6 ? WAREHOUSES[0] : WAREHOUSES[1];
      const created = options.now - Math.floor(random() * 30 * DAY) - HOUR;
      const isReturn = random() < 0.05;
      const customer = pick(random, CITIES);
      // A return label travels from the customer to the warehouse.
      const [origin, destination] = isReturn ? [customer, warehouse.city] : [warehouse.city, customer];
      // Customers send a return days after the label is issued; outbound parcels leave the same day.
      const handedOver = isReturn ? created + Math.floor(random() * 10 * DAY) : created;
      const plan = planParcel(random, profile, handedOver, options.now, origin, destination);
      plan.events[0].at = created;
      const history = plan.events;
      const last = history.at(-1) ?? null;
      const statusEvent = [...history].reverse().find((e) => e.status !== 'created') ?? last;
      const firstScan = history.find((e) => e.status !== 'created') ?? null;
      const delivered = history.find((e) => e.status === 'delivered') ?? null;
      const status: TrackingStatus = plan.voided ? 'cancelled' : (statusEvent?.status ?? 'created');
      const trackingNumber = exampleTrackingNumber(carrier, serial);
      const service = profile.code;
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
        plan.expected,
        plan.expectedCurrent,
        isReturn ? 1 : 0,
        status,
        plan.voided ? null : (statusEvent?.substatus ?? null),
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
      if (result.changes === 0) continue;
      const shipmentId = Number(result.lastInsertRowid);
      if (isReturn && !plan.voided) {
        const state = returnState(status, delivered?.at ?? null, options.now);
        insertReturn.run(
          source,
          `RMA-${source.toUpperCase()}-${100000 + serial}`,
          `RMA${700000 + serial}`,
          String(500000 + serial),
          shipmentId,
          trackingNumber,
          carrier,
          pick(random, RETURN_REASONS),
          state,
          state === 'inspected' ? pickWeighted(random, CONDITIONS) : null,
          state === 'inspected' ? iso(Math.min(options.now - HOUR, (delivered?.at ?? options.now) + 3 * HOUR)) : null,
          stamp,
          stamp,
        );
      }
      if (!options.withEvents) continue;
      for (const e of history) {
        insertEvent.run(shipmentId, `${e.code}:${e.at}`, iso(e.at), null, e.status, e.substatus, e.code, e.text, e.location, stamp);
        events++;
      }
    }
  });
  return { shipments: options.shipments, events };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The UTC date `days` working days (Monday to Friday) after the date of `ms`. */
export function addBusinessDays(ms: number, days: number): string {
  let at = Math.floor(ms / DAY) * DAY;
  for (let left = days; left > 0;) {
    at += DAY;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return iso(at).slice(0, 10);
}

/** A time on a delivery date, in US working hours (14:00–23:00 UTC is morning to evening on both coasts). */
const onDay = (date: string, hour: number) => Date.parse(`${date}T00:00:00.000Z`) + hour * HOUR;

interface ParcelPlan {
  events: DemoEvent[];
  voided: boolean;
  /** The promised date (YYYY-MM-DD), and the carrier's latest estimate. */
  expected: string;
  expectedCurrent: string;
}

/**
 * One parcel's whole journey, planned from its label time by what its service promises, then cut at `now`:
 * picked up the same day, delivered on the promised business day (sometimes a day early, at the service's
 * late rate one to three days late, after a failed attempt the next day), one in 25 stopped by an exception.
 */
export function planParcel(random: () => number, profile: ServiceProfile, created: number, now: number, origin: string, destination: string): ParcelPlan {
  const promised = profile.days[0] + Math.floor(random() * (profile.days[1] - profile.days[0] + 1));
  const expected = addBusinessDays(created, promised);
  const label: DemoEvent = { at: created, status: 'created', substatus: 'label_created', code: 'LC', text: 'Shipping label created', location: origin };
  if (random() < 0.01) return { events: [label], voided: true, expected, expectedCurrent: expected };

  const roll = random();
  const late = roll < profile.late;
  const early = !late && promised > 1 && roll < profile.late + 0.12;
  const attemptFailed = !late && !early && promised > 1 && random() < 0.02;
  const stopped = random() < 0.04;
  const slip = late ? 1 + (random() < 0.7 ? 0 : 1 + Math.floor(random() * 2)) : 0;
  const deliveryDate = addBusinessDays(created, Math.max(1, promised + slip - (early ? 1 : 0)));
  const deliveredAt = onDay(deliveryDate, 14 + random() * 9);
  const pickedUp = created + (2 + random() * 6) * HOUR;
  const departed = pickedUp + (2 + random() * 3) * HOUR;
  const arrived = Math.max(departed + HOUR, deliveredAt - (8 + random() * 6) * HOUR);
  const outForDelivery = Math.max(arrived + 30 * 60_000, onDay(deliveryDate, 12 + random()));

  const events: DemoEvent[] = [
    label,
    { at: pickedUp, status: 'in_transit', substatus: 'accepted', code: 'PU', text: 'Picked up', location: origin },
    { at: departed, status: 'in_transit', substatus: 'departed', code: 'DP', text: 'Departed facility', location: origin },
    { at: arrived, status: 'in_transit', substatus: 'at_facility', code: 'AR', text: 'Arrived at facility', location: destination },
  ];
  if (stopped) {
    const [reason, text] = pickWeighted(
      random,
      EXCEPTIONS.map(([r, t, w]) => [[r, t] as const, w] as const),
    );
    events.push({ at: outForDelivery, status: 'exception', substatus: reason, code: 'EX', text, location: destination });
    if (reason === 'refused') {
      events.push({
        at: outForDelivery + DAY,
        status: 'return_initiated',
        substatus: 'carrier_rts',
        code: 'RS',
        text: 'Returning to sender',
        location: destination,
      });
      events.push({ at: outForDelivery + 4 * DAY, status: 'returned', substatus: null, code: 'RD', text: 'Returned to sender', location: origin });
    }
  } else {
    if (attemptFailed) {
      const attempt = onDay(addBusinessDays(created, Math.max(1, promised - 1)), 17 + random() * 3);
      events[3] = { ...events[3], at: Math.max(departed + 30 * 60_000, Math.min(arrived, attempt - 4 * HOUR)) };
      events.push({
        at: attempt,
        status: 'exception',
        substatus: 'attempt_failed',
        code: 'NA',
        text: 'Delivery attempted - customer not available',
        location: destination,
      });
    }
    events.push({ at: outForDelivery, status: 'out_for_delivery', substatus: null, code: 'OD', text: 'Out for delivery', location: destination });
    events.push({
      at: deliveredAt,
      status: 'delivered',
      substatus: pick(random, ['safe_place', 'signed', 'neighbour']),
      code: 'DL',
      text: 'Delivered',
      location: destination,
    });
  }
  // The carrier moves its estimate once it knows the parcel is running late.
  const knownLate = late && now > arrived;
  return { events: events.filter((e) => e.at <= now - 60_000 || e === label), voided: false, expected, expectedCurrent: knownLate ? deliveryDate : expected };
}

/** Where a demo return stands by its label's tracking: not sent yet, on its way, at the dock, or already inspected. */
function returnState(status: TrackingStatus, deliveredAt: number | null, now: number): ReturnState {
  if (status === 'created') return 'label_issued';
  if (status === 'delivered' || status === 'returned') return deliveredAt !== null && deliveredAt < now - 2 * DAY ? 'inspected' : 'arrived';
  return 'in_transit';
}
