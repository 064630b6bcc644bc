import { describe, expect, it } from 'vitest';
import { dayBounds, localDay } from './day';

describe('warehouse days', () => {
  it.each([
    ['2026-11-20', 'UTC', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
    ['2026-11-20', 'America/New_York', '2026-11-20T05:00:00.000Z', '2026-11-21T05:00:00.000Z'],
    ['2026-11-20', 'America/Los_Angeles', '2026-11-20T08:00:00.000Z', '2026-11-21T08:00:00.000Z'],
    // The autumn clock change makes Nov 1 a 25-hour day in New York.
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    ['2026-11-20', 'Asia/Kolkata', '2026-11-19T18:30:00.000Z', '2026-11-20T18:30:00.000Z'],
  ])('%s in %s runs from %s to %s', (date, zone, start, end) => {
    expect(dayBounds(date, zone)).toEqual({ start, end });
  });

  it('names the local date of an instant', () => {
    expect(localDay(Date.parse('2026-11-21T03:00:00Z'), 'America/New_York')).toBe('2026-11-20');
    expect(localDay(Date.parse('2026-11-21T03:00:00Z'), 'UTC')).toBe('2026-11-21');
  });
});
