import { describe, expect, it } from 'vitest';
import { attachProblem, canMovePickup, isPickupOverdue, nextDayWindow, pickupOutcome, type PickupState } from './pickups';

const window = { state: 'scheduled' as PickupState, windowStart: '2026-11-20T13:00:00.000Z', windowEnd: '2026-11-20T17:00:00.000Z' };

describe('pickup outcome from first carrier scans and the clock', () => {
  const cases: [string, PickupState, (string | null)[], string, 'picked_up' | 'missed' | null][] = [
    ['window not over, no scan', 'scheduled', [null], '2026-11-20T15:00:00.000Z', null],
    ['scan inside the window', 'scheduled', [null, '2026-11-20T14:10:00.000Z'], '2026-11-20T15:00:00.000Z', 'picked_up'],
    ['scan on the window start', 'scheduled', ['2026-11-20T13:00:00.000Z'], '2026-11-20T13:00:00.000Z', 'picked_up'],
    ['scan inside, judged after the window', 'scheduled', ['2026-11-20T16:59:00.000Z'], '2026-11-20T19:00:00.000Z', 'picked_up'],
    ['window ended, no scan', 'scheduled', [null, null], '2026-11-20T17:00:00.000Z', 'missed'],
    ['window ended, scan only after it (late driver)', 'scheduled', ['2026-11-20T18:00:00.000Z'], '2026-11-20T18:05:00.000Z', 'missed'],
    ['window ended, scan before it (drop-off)', 'scheduled', ['2026-11-20T09:00:00.000Z'], '2026-11-20T17:30:00.000Z', 'missed'],
    ['window ended, no parcels attached', 'scheduled', [], '2026-11-20T17:30:00.000Z', 'missed'],
    ['already missed', 'missed', ['2026-11-20T14:00:00.000Z'], '2026-11-20T18:00:00.000Z', null],
    ['cancelled', 'cancelled', [], '2026-11-20T18:00:00.000Z', null],
  ];
  it.each(cases)('%s', (_name, state, scans, now, outcome) => expect(pickupOutcome({ ...window, state }, scans, now)).toBe(outcome));
});

describe('pickup moves', () => {
  it.each([
    ['scheduled', 'picked_up', true],
    ['scheduled', 'missed', true],
    ['scheduled', 'cancelled', true],
    ['missed', 'scheduled', true],
    ['missed', 'cancelled', true],
    ['missed', 'picked_up', false],
    ['picked_up', 'missed', false],
    ['cancelled', 'scheduled', false],
  ] as [PickupState, PickupState, boolean][])('%s → %s: %s', (from, to, ok) => expect(canMovePickup(from, to)).toBe(ok));
});

describe('overdue and attaching', () => {
  it('is overdue once the window has ended while still scheduled or missed', () => {
    expect(isPickupOverdue(window, '2026-11-20T16:00:00.000Z')).toBe(false);
    expect(isPickupOverdue(window, '2026-11-20T17:00:00.000Z')).toBe(true);
    expect(isPickupOverdue({ ...window, state: 'missed' }, '2026-11-21T00:00:00.000Z')).toBe(true);
    expect(isPickupOverdue({ ...window, state: 'picked_up' }, '2026-11-21T00:00:00.000Z')).toBe(false);
  });

  it('refuses a parcel of another carrier and accepts one without a label carrier yet', () => {
    expect(attachProblem('ups', { carrier: 'fedex', label: 'RMA R1' })).toBe('RMA R1 goes back with fedex; this pickup is ups.');
    expect(attachProblem('ups', { carrier: 'ups', label: 'RMA R1' })).toBeNull();
    expect(attachProblem('ups', { carrier: null, label: 'RMA R1' })).toBeNull();
  });
});

describe('rescheduling to the next day', () => {
  it.each([
    ['missed an hour ago', '2026-11-20T18:00:00.000Z', '2026-11-21T13:00:00.000Z', '2026-11-21T17:00:00.000Z'],
    ['still ahead today', '2026-11-20T10:00:00.000Z', '2026-11-21T13:00:00.000Z', '2026-11-21T17:00:00.000Z'],
    ['noticed three days late', '2026-11-23T09:00:00.000Z', '2026-11-23T13:00:00.000Z', '2026-11-23T17:00:00.000Z'],
    ['noticed three days late, after hours', '2026-11-23T18:00:00.000Z', '2026-11-24T13:00:00.000Z', '2026-11-24T17:00:00.000Z'],
  ])('%s', (_name, now, start, end) => expect(nextDayWindow(window, Date.parse(now))).toEqual({ windowStart: start, windowEnd: end }));
});
