import { describe, expect, it } from 'vitest';
import { flagsFromMask } from '../tracking/flags';
import type { TrackingStatus } from '../tracking/status';
import { earliestDayEndMinutes, evaluateFlags, expectedDay, flagsDueAt, type ShipmentFacts, type WarehouseCalendar } from './rules';
import { DEFAULT_THRESHOLDS, thresholdFor, type Thresholds } from './thresholds';
import { createZoneMath } from './zone-time';

const H = 3_600_000;
const LABEL = '2026-11-16T14:00:00Z'; // a Monday, 09:00 in New York
const at = (iso: string) => Date.parse(iso);
const utc: WarehouseCalendar = { timeZone: 'UTC', businessHours: null };
const newYork: WarehouseCalendar = { timeZone: 'America/New_York', businessHours: null };
const newYorkOffice: WarehouseCalendar = { timeZone: 'America/New_York', businessHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' } };

const facts = (patch: Partial<ShipmentFacts> = {}): ShipmentFacts => ({
  status: 'in_transit',
  labelCreatedAt: LABEL,
  lastEventAt: '2026-11-17T10:00:00Z',
  firstScanAt: '2026-11-16T20:00:00Z',
  deliveredAt: null,
  expectedDeliveryOriginal: null,
  expectedDeliveryCurrent: null,
  ...patch,
});

function flags(f: ShipmentFacts, now: number, options: { service?: string | null; calendar?: WarehouseCalendar; thresholds?: Thresholds } = {}) {
  const threshold = thresholdFor(options.thresholds ?? DEFAULT_THRESHOLDS, 'ups', options.service ?? 'ground');
  return flagsFromMask(evaluateFlags(f, { now, threshold, calendar: options.calendar ?? utc, zones: createZoneMath() }));
}

describe('stalled: no carrier event for longer than the threshold', () => {
  const last = at('2026-11-17T10:00:00Z');
  it.each([
    ['ground, exactly 48 h after the last event', 'ground', last + 48 * H, []],
    ['ground, 48 h and 1 ms', 'ground', last + 48 * H + 1, ['stalled']],
    ['express, exactly 24 h', 'next_day_air', last + 24 * H, []],
    ['express, 24 h and 1 ms', 'next_day_air', last + 24 * H + 1, ['stalled']],
    ['"2Day" written with capitals is express too', 'FedEx 2Day', last + 25 * H, ['stalled']],
  ])('%s', (_name, service, now, expected) => {
    expect(flags(facts(), now, { service })).toEqual(expected);
  });

  it.each<[TrackingStatus, string[]]>([
    ['in_transit', ['stalled']],
    ['exception', ['stalled']],
    ['out_for_delivery', ['stalled']],
    ['return_initiated', ['stalled']],
    ['unknown', ['stalled']],
    ['delivered', []],
    ['returned', []],
    ['cancelled', []],
  ])('after 3 quiet days a %s parcel is %j', (status, expected) => {
    expect(flags(facts({ status, deliveredAt: status === 'delivered' ? '2026-11-17T10:00:00Z' : null }), last + 72 * H)).toEqual(expected);
  });

  it('a carrier rule for one service wins over the carrier rule and the default', () => {
    const thresholds: Thresholds = {
      defaults: DEFAULT_THRESHOLDS.defaults,
      rules: [
        { carrier: 'ups', service: null, stalledHours: 12 },
        { carrier: 'ups', service: 'Ground', stalledHours: 96 },
      ],
    };
    expect(flags(facts(), last + 90 * H, { thresholds })).toEqual([]);
    expect(flags(facts(), last + 13 * H, { service: 'next_day_air', thresholds })).toEqual(['stalled']);
  });

  it('a carrier local time without offset is read as UTC instead of being ignored', () => {
    expect(flags(facts({ lastEventAt: '2026-11-17T10:00:00' }), last + 49 * H)).toEqual(['stalled']);
  });
});

describe('no_first_scan: still created N hours after the label', () => {
  const created = facts({ status: 'created', lastEventAt: LABEL, firstScanAt: null });
  it.each([
    ['23 h 59 m', at(LABEL) + 24 * H - 60_000, []],
    ['exactly 24 h', at(LABEL) + 24 * H, ['no_first_scan']],
  ])('calendar hours: %s after the label → %j', (_name, now, expected) => {
    expect(flags(created, now)).toEqual(expected);
  });

  it('a created parcel is never also stalled', () => {
    expect(flags(created, at(LABEL) + 30 * 24 * H)).toEqual(['no_first_scan']);
  });

  it.each([
    // Monday 09:00 New York + 24 business hours (10 h a day) = Wednesday 13:00 New York = 18:00 UTC.
    ['Monday label, Wednesday 12:59 New York', LABEL, '2026-11-18T17:59:00Z', []],
    ['Monday label, Wednesday 13:00 New York', LABEL, '2026-11-18T18:00:00Z', ['no_first_scan']],
    // Friday 17:00: 1 h on Friday, nothing over the weekend, 10 h Mon, 10 h Tue, 3 h Wed → Wednesday 11:00.
    ['Friday 17:00 label, Wednesday 10:59', '2026-11-20T22:00:00Z', '2026-11-25T15:59:00Z', []],
    ['Friday 17:00 label, Wednesday 11:00', '2026-11-20T22:00:00Z', '2026-11-25T16:00:00Z', ['no_first_scan']],
    // Saturday label: the clock starts Monday 08:00 → 10 h Mon, 10 h Tue, 4 h Wed → Wednesday 12:00.
    ['Saturday label, Wednesday 11:59', '2026-11-21T15:00:00Z', '2026-11-25T16:59:00Z', []],
    ['Saturday label, Wednesday 12:00', '2026-11-21T15:00:00Z', '2026-11-25T17:00:00Z', ['no_first_scan']],
  ])('business hours Mon–Fri 08–18: %s → %j', (_name, label, now, expected) => {
    expect(flags({ ...created, labelCreatedAt: label }, at(now), { calendar: newYorkOffice })).toEqual(expected);
  });
});

describe('late and at_risk', () => {
  const due = facts({ expectedDeliveryOriginal: '2026-11-19', expectedDeliveryCurrent: '2026-11-19', lastEventAt: '2026-11-19T20:00:00Z' });
  it.each([
    ['on the expected day, 23:59 UTC', utc, '2026-11-19T23:59:59Z', []],
    ['the next day 00:00 UTC', utc, '2026-11-20T00:00:00Z', ['late']],
    ['midnight UTC is still the 19th in New York', newYork, '2026-11-20T04:59:59Z', []],
    ['midnight in New York', newYork, '2026-11-20T05:00:00Z', ['late']],
  ])('undelivered, %s', (_name, calendar, now, expected) => {
    expect(flags(due, at(now), { calendar })).toEqual(expected);
  });

  it.each([
    ['on the expected day', '2026-11-19T18:00:00Z', []],
    ['a day after', '2026-11-20T18:00:00Z', ['late']],
  ])('delivered %s → %j, however late it is now', (_name, deliveredAt, expected) => {
    expect(flags({ ...due, status: 'delivered', deliveredAt }, at('2026-12-30T00:00:00Z'))).toEqual(expected);
  });

  it('a returned or cancelled parcel is never late', () => {
    expect(flags({ ...due, status: 'returned' }, at('2026-12-01T00:00:00Z'))).toEqual([]);
    expect(flags({ ...due, status: 'cancelled' }, at('2026-12-01T00:00:00Z'))).toEqual([]);
  });

  it('at_risk when the carrier moves the expected day past the original, and not once delivered', () => {
    const slipped = { ...due, expectedDeliveryCurrent: '2026-11-21' };
    expect(flags(slipped, at('2026-11-18T12:00:00Z'))).toEqual(['at_risk']);
    expect(flags({ ...slipped, expectedDeliveryCurrent: '2026-11-18' }, at('2026-11-18T12:00:00Z'))).toEqual([]);
    expect(flags({ ...slipped, status: 'delivered', deliveredAt: '2026-11-19T12:00:00Z' }, at('2026-11-19T13:00:00Z'))).toEqual([]);
  });

  it('reads an expected instant as a day in the warehouse zone', () => {
    const zones = createZoneMath();
    expect(expectedDay('2026-11-20T03:00:00Z', newYork, zones)).toBe('2026-11-19');
    expect(expectedDay('2026-11-20T03:00:00Z', utc, zones)).toBe('2026-11-20');
    expect(expectedDay('2026-11-20T03:00:00', newYork, zones)).toBe('2026-11-20');
    expect(expectedDay('soon', newYork, zones)).toBeNull();
  });
});

describe('flagsDueAt: the first instant time alone changes the flags', () => {
  const zones = createZoneMath();
  const envAt = (now: number, calendar: WarehouseCalendar, service = 'ground') => ({
    now,
    threshold: thresholdFor(DEFAULT_THRESHOLDS, 'ups', service),
    calendar,
    zones,
  });
  const now = at('2026-11-17T12:00:00Z');
  // undefined: any deadline, as long as it is the first instant the flags change.
  it.each<[string, Partial<ShipmentFacts>, WarehouseCalendar, string, number | null | undefined]>([
    ['in transit: stalled 48 h and 1 ms after the last event', {}, utc, 'ground', at('2026-11-19T10:00:00Z') + 1],
    ['express: stalled after 24 h', {}, utc, 'next_day_air', at('2026-11-18T10:00:00Z') + 1],
    ['expected today: late at the end of the day, before it stalls', { expectedDeliveryOriginal: '2026-11-17' }, utc, 'ground', at('2026-11-18T00:00:00Z')],
    ['expected today in New York: the end of its local day', { expectedDeliveryOriginal: '2026-11-17' }, newYork, 'ground', at('2026-11-18T05:00:00Z')],
    [
      'created, business hours: the no-first-scan deadline in office hours',
      { status: 'created', lastEventAt: null, firstScanAt: null },
      newYorkOffice,
      'ground',
      undefined,
    ],
    [
      'delivered: nothing more to come',
      { status: 'delivered', deliveredAt: '2026-11-17T11:00:00Z', expectedDeliveryOriginal: '2026-11-16' },
      utc,
      'ground',
      null,
    ],
    ['cancelled: nothing more to come', { status: 'cancelled' }, utc, 'ground', null],
  ])('%s', (_name, patch, calendar, service, expected) => {
    const f = facts(patch);
    const mask = evaluateFlags(f, envAt(now, calendar, service));
    const due = flagsDueAt(f, mask, envAt(now, calendar, service));
    if (expected !== undefined) expect(due).toBe(expected);
    if (expected === undefined) expect(due).not.toBeNull();
    if (due === null) {
      // Nothing changes however long the parcel waits.
      expect(evaluateFlags(f, envAt(now + 365 * 24 * H, calendar, service))).toBe(mask);
    } else {
      expect(evaluateFlags(f, envAt(due - 1, calendar, service))).toBe(mask);
      expect(evaluateFlags(f, envAt(due, calendar, service))).not.toBe(mask);
    }
  });

  it('a flag already set has no deadline of its own: the next one is the remaining flag', () => {
    const f = facts({ lastEventAt: '2026-11-10T10:00:00Z', expectedDeliveryOriginal: '2026-11-20' });
    const env = envAt(now, utc);
    const mask = evaluateFlags(f, env);
    expect(flagsFromMask(mask)).toEqual(['stalled']);
    expect(flagsDueAt(f, mask, env)).toBe(at('2026-11-21T00:00:00Z'));
  });
});

describe('earliestDayEndMinutes: no day in the years given ends sooner after its midnight UTC', () => {
  const from = at('2021-01-01T00:00:00Z');
  const to = at('2028-12-31T00:00:00Z');
  it.each([
    ['UTC: at midnight, less the hour of slack', 'UTC', 24 * 60 - 60],
    ['New York: 04:00 UTC in summer time, less the slack', 'America/New_York', 28 * 60 - 60],
    ['Kiritimati (+14): 10:00 UTC the same day', 'Pacific/Kiritimati', 10 * 60 - 60],
    ['Lord Howe: half an hour of summer time on +10:30', 'Australia/Lord_Howe', 13 * 60 - 60],
    ['Kolkata: +05:30 all year', 'Asia/Kolkata', 18 * 60 + 30 - 60],
    ['an unknown zone counts as UTC', 'Not/AZone', 24 * 60 - 60],
  ])('%s', (_name, zone, minutes) => {
    expect(earliestDayEndMinutes(zone, from, to, createZoneMath())).toBe(minutes);
  });

  it('is never after the real end of any expected day in the years given', () => {
    const zones = createZoneMath();
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Europe/Dublin', 'America/Santiago']) {
      const bound = earliestDayEndMinutes(zone, from, to, zones);
      for (let day = from; day <= to; day += 24 * H) {
        const date = new Date(day).toISOString().slice(0, 10);
        expect(zones.endOfDay(date, zone) - day).toBeGreaterThanOrEqual(bound * 60_000);
      }
    }
  });
});
