import { describe, expect, it } from 'vitest';
import { cadenceOverrides, DEFAULT_CADENCE, nextPollAt, pollDeadline, type CadenceOverrides, type PollSubject } from './cadence';

const H = 3_600_000;
const now = Date.parse('2026-11-20T08:00:00Z');
const subject = (patch: Partial<PollSubject>): PollSubject => ({
  status: 'in_transit',
  labelCreatedAt: now - 24 * H,
  deliveredAt: null,
  expectedDelivery: '2026-11-23',
  ...patch,
});

describe('nextPollAt', () => {
  it.each<[string, Partial<PollSubject>, number, number | null]>([
    ['out for delivery: every 30 min', { status: 'out_for_delivery' }, now, now + 0.5 * H],
    ['in transit: every 3 h', {}, now, now + 3 * H],
    ['exception: every 3 h', { status: 'exception' }, now, now + 3 * H],
    ['available for pickup: every 3 h', { status: 'available_for_pickup' }, now, now + 3 * H],
    ['created, first 3 days: every 4 h', { status: 'created' }, now, now + 4 * H],
    ['created, after 3 days: every 12 h', { status: 'created', labelCreatedAt: now - 73 * H }, now, now + 12 * H],
    ['delivered: one confirmation poll 24 h later', { status: 'delivered', deliveredAt: now - 2 * H }, now, now + 22 * H],
    ['delivered and confirmed: stop', { status: 'delivered', deliveredAt: now - 25 * H }, now, null],
    ['returned: stop', { status: 'returned' }, now, null],
    ['cancelled: stop', { status: 'cancelled' }, now, null],
    ['older than 60 days: give up', { labelCreatedAt: now - 61 * 24 * H }, now, null],
    ['due today, morning window: every 15 min', { expectedDelivery: '2026-11-20' }, Date.parse('2026-11-20T12:00:00Z'), Date.parse('2026-11-20T12:15:00Z')],
    ['overdue, morning window: every 15 min', { expectedDelivery: '2026-11-18' }, Date.parse('2026-11-20T12:00:00Z'), Date.parse('2026-11-20T12:15:00Z')],
    [
      'due today, an hour before the window: wake at its start',
      { expectedDelivery: '2026-11-20' },
      Date.parse('2026-11-20T09:00:00Z'),
      Date.parse('2026-11-20T10:00:00Z'),
    ],
    [
      "due tomorrow, late evening: wake at tomorrow's window",
      { expectedDelivery: '2026-11-21' },
      Date.parse('2026-11-21T08:30:00Z'),
      Date.parse('2026-11-21T10:00:00Z'),
    ],
    ['due today, evening: back to 3 h', { expectedDelivery: '2026-11-20' }, Date.parse('2026-11-20T20:00:00Z'), Date.parse('2026-11-20T23:00:00Z')],
  ])('%s', (_name, patch, at, expected) => {
    expect(nextPollAt(subject(patch), at, DEFAULT_CADENCE)).toBe(expected);
  });
});

describe('pollDeadline', () => {
  const noon = Date.parse('2026-11-20T12:00:00Z');
  it.each<[string, Partial<PollSubject>, number]>([
    ['due today, in its window: 15 min', { expectedDelivery: '2026-11-20' }, noon + 0.25 * H],
    ['out for delivery: 30 min', { status: 'out_for_delivery' }, noon + 0.5 * H],
    ['in transit, due another day: 3 h', {}, noon + 3 * H],
    ['label created: 4 h', { status: 'created' }, noon + 4 * H],
    ['confirmation poll after delivery: a day', { status: 'delivered', deliveredAt: noon - 24 * H }, noon + 24 * H],
  ])('%s', (_name, patch, expected) => {
    expect(pollDeadline(subject(patch), noon, DEFAULT_CADENCE)).toBe(expected);
  });

  it('asks a parcel due today 20 minutes late before one on a 3-hour turn due an hour earlier', () => {
    const today = pollDeadline(subject({ expectedDelivery: '2026-11-20' }), noon - 20 * 60_000);
    const later = pollDeadline(subject({}), noon - H);
    expect(today).toBeLessThan(later);
  });
});

describe('cadenceOverrides', () => {
  it.each<[string, CadenceOverrides, CadenceOverrides]>([
    ['keeps what differs from the defaults', { outForDeliveryMinutes: 10, activeHours: 3 }, { outForDeliveryMinutes: 10 }],
    ['all defaults: nothing to store', { outForDeliveryMinutes: 30, giveUpDays: 60 }, {}],
    ['a field left empty goes back to the default', { createdHours: undefined, giveUpDays: 90 }, { giveUpDays: 90 }],
  ])('%s', (_label, cadence, stored) => {
    expect(cadenceOverrides(DEFAULT_CADENCE, cadence)).toEqual(stored);
  });
});
