import { describe, expect, it } from 'vitest';
import { dayRange, instantToWall, isTimeZone, localDate, safeTimeZone, wallToInstant, zoneOffset } from './zones';

const at = (iso: string) => Date.parse(iso);
const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('zone names', () => {
  it.each([
    ['UTC', true, 'UTC'],
    ['America/New_York', true, 'America/New_York'],
    ['Europe/Berlin', true, 'Europe/Berlin'],
    ['Mars/Olympus_Mons', false, 'UTC'],
    ['', false, 'UTC'],
  ])('%s: real %s, used as %s', (zone, real, used) => {
    expect(isTimeZone(zone)).toBe(real);
    expect(safeTimeZone(zone)).toBe(used);
  });

  it('falls back to UTC for a missing zone', () => {
    expect(safeTimeZone(null)).toBe('UTC');
    expect(safeTimeZone(undefined)).toBe('UTC');
  });
});

describe('offsets', () => {
  it.each([
    ['UTC', '2026-07-01T12:00:00Z', 0],
    ['America/New_York', '2026-01-15T12:00:00Z', -300],
    ['America/New_York', '2026-07-15T12:00:00Z', -240],
    // The spring change in New York happens at 07:00 UTC.
    ['America/New_York', '2026-03-08T06:59:59Z', -300],
    ['America/New_York', '2026-03-08T07:00:00Z', -240],
    ['Asia/Kolkata', '2026-07-01T00:00:00Z', 330],
    ['Asia/Kathmandu', '2026-07-01T00:00:00Z', 345],
    ['Australia/Lord_Howe', '2026-01-01T00:00:00Z', 660],
    ['Australia/Lord_Howe', '2026-07-01T00:00:00Z', 630],
  ])('%s at %s is %i minutes east of UTC', (zone, instant, minutes) => {
    expect(zoneOffset(zone)(at(instant))).toBe(minutes);
  });

  it('throws for a zone it does not know, so callers choose their fallback', () => {
    expect(() => zoneOffset('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('wall times to instants', () => {
  it.each([
    ['an ordinary time', '2026-11-20T09:15:00', 'America/New_York', '2026-11-20T14:15:00.000Z'],
    ['the hour skipped in spring moves forward by the gap', '2026-03-08T02:30:00', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['the hour repeated in autumn takes its first instant (west of UTC)', '2026-11-01T01:30:00', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['the hour repeated in autumn takes its first instant (east of UTC)', '2026-10-25T02:30:00', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['the hour skipped in spring east of UTC', '2026-03-29T02:30:00', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['a half-hour zone', '2026-11-20T00:00:00', 'Asia/Kolkata', '2026-11-19T18:30:00.000Z'],
    ['a half-hour DST change', '2026-10-04T02:15:00', 'Australia/Lord_Howe', '2026-10-03T15:45:00.000Z'],
  ])('%s: %s in %s is %s', (_name, time, zone, instant) => {
    const offset = zoneOffset(zone);
    expect(new Date(wallToInstant(wall(time), offset)).toISOString()).toBe(instant);
  });

  it('reads an instant back as its wall time', () => {
    expect(new Date(instantToWall(at('2026-11-20T14:15:00Z'), zoneOffset('America/New_York'))).toISOString()).toBe('2026-11-20T09:15:00.000Z');
  });
});

describe('local days', () => {
  it.each([
    ['2026-11-20', 'UTC', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
    ['2026-11-20', 'America/New_York', '2026-11-20T05:00:00.000Z', '2026-11-21T05:00:00.000Z'],
    ['2026-11-20', 'America/Los_Angeles', '2026-11-20T08:00:00.000Z', '2026-11-21T08:00:00.000Z'],
    ['2026-11-20', 'Asia/Kolkata', '2026-11-19T18:30:00.000Z', '2026-11-20T18:30:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    // Santiago skips midnight in spring: the day begins at 01:00 local.
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z'],
  ])('%s in %s runs from %s to %s', (date, zone, start, end) => {
    expect(dayRange(date, zoneOffset(zone))).toEqual({ start, end });
  });

  it.each([
    ['2026-11-21T03:00:00Z', 'America/New_York', '2026-11-20'],
    ['2026-11-21T03:00:00Z', 'UTC', '2026-11-21'],
    ['2026-11-20T18:30:00Z', 'Asia/Kolkata', '2026-11-21'],
  ])('%s in %s falls on %s', (instant, zone, date) => {
    expect(localDate(at(instant), zoneOffset(zone))).toBe(date);
  });
});
