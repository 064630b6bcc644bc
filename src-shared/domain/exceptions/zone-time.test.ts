import { describe, expect, it } from 'vitest';
import { addBusinessTime, createZoneMath, isoWeekday, parseBusinessHours } from './zone-time';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('zone math with Intl', () => {
  const zones = createZoneMath();
  it.each([
    ['New York in winter', '2026-11-19', '09:00', 'America/New_York', '2026-11-19T14:00:00.000Z'],
    ['New York in summer', '2026-07-01', '09:00', 'America/New_York', '2026-07-01T13:00:00.000Z'],
    ['Kolkata (half-hour offset)', '2026-11-19', '09:00', 'Asia/Kolkata', '2026-11-19T03:30:00.000Z'],
    ['the hour skipped by DST moves forward by the gap', '2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['the hour repeated by DST takes its first occurrence', '2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['an unknown zone is read as UTC', '2026-11-19', '09:00', 'Mars/Olympus_Mons', '2026-11-19T09:00:00.000Z'],
  ])('%s', (_name, date, clock, zone, expected) => {
    expect(iso(zones.wallToInstant(date, clock, zone))).toBe(expected);
  });

  it('gives the calendar date of an instant in a zone, and where a day ends', () => {
    expect(zones.dateIn(Date.parse('2026-11-20T04:00:00Z'), 'America/New_York')).toBe('2026-11-19');
    expect(zones.dateIn(Date.parse('2026-11-20T04:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-20');
    expect(iso(zones.endOfDay('2026-11-19', 'America/Los_Angeles'))).toBe('2026-11-20T08:00:00.000Z');
  });

  it('numbers weekdays the ISO way', () => {
    expect([isoWeekday('2026-11-16'), isoWeekday('2026-11-21'), isoWeekday('2026-11-22')]).toEqual([1, 6, 7]);
  });
});

describe('business hours', () => {
  const office = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
  const zones = createZoneMath();
  it.each([
    ['inside the day', '2026-11-16T14:00:00Z', 2, '2026-11-16T16:00:00.000Z'],
    ['ending exactly at closing time', '2026-11-16T14:00:00Z', 9, '2026-11-16T23:00:00.000Z'],
    ['rolling into the next morning', '2026-11-16T22:00:00Z', 2, '2026-11-17T14:00:00.000Z'],
    ['before opening counts from opening', '2026-11-16T10:00:00Z', 1, '2026-11-16T14:00:00.000Z'],
    ['over a weekend', '2026-11-20T22:00:00Z', 3, '2026-11-23T15:00:00.000Z'],
    ['over the DST change (Sunday) keeps local opening hours', '2026-10-30T21:00:00Z', 2, '2026-11-02T14:00:00.000Z'],
  ])('%s', (_name, start, hours, expected) => {
    expect(iso(addBusinessTime(Date.parse(start), hours * H, office, 'America/New_York', zones))).toBe(expected);
  });

  it.each([
    [null, null, null],
    ['{"days":[1,2,3,4,5],"start":"08:00","end":"18:00"}', { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }, null],
    ['{"days":[],"start":"08:00","end":"18:00"}', null, 'days must list ISO weekdays 1 (Monday) to 7 (Sunday)'],
    ['{"days":[0],"start":"08:00","end":"18:00"}', null, 'days must list ISO weekdays 1 (Monday) to 7 (Sunday)'],
    ['{"days":[1,1],"start":"08:00","end":"18:00"}', null, 'days must not repeat'],
    ['{"days":[1],"start":"8am","end":"18:00"}', null, 'start and end must be HH:MM (24-hour)'],
    ['{"days":[1],"start":"18:00","end":"08:00"}', null, 'start must be before end on the same day'],
    ['not json', null, 'business hours are not valid JSON'],
  ])('parses %s', (json, hours, problem) => {
    expect(parseBusinessHours(json)).toEqual({ hours, problem });
  });
});
