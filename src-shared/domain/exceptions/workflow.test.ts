import { describe, expect, it } from 'vitest';
import { priorityDueAt, priorityMoved, priorityOf, priorityValue } from './priority';
import type { QueueReason } from './reasons';
import type { ExceptionState } from './states';
import { isExpressService, thresholdFor, DEFAULT_THRESHOLDS } from './thresholds';
import { applyAction, wake, type WorkItem, type WorkflowAction } from './workflow';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const H = 3_600_000;
const item = (state: ExceptionState, patch: Partial<WorkItem> = {}): WorkItem => ({
  id: 7,
  state,
  assignee: null,
  snoozedUntil: null,
  resolutionCode: null,
  resolutionNote: null,
  ...patch,
});
const outcome = (from: WorkItem, action: WorkflowAction) => {
  const result = applyAction(from, action, NOW);
  return result.ok ? { state: result.next.state, assignee: result.next.assignee, snoozedUntil: result.next.snoozedUntil } : `${result.code}: ${result.message}`;
};

describe('staff actions', () => {
  it.each<[string, WorkItem, WorkflowAction, unknown]>([
    [
      'assigning an open item starts work on it',
      item('open'),
      { type: 'assign', assignee: 'Ana' },
      { state: 'in_progress', assignee: 'Ana', snoozedUntil: null },
    ],
    [
      'unassigning puts it back in the open queue',
      item('in_progress', { assignee: 'Ana' }),
      { type: 'assign', assignee: null },
      { state: 'open', assignee: null, snoozedUntil: null },
    ],
    [
      'assigning a snoozed item wakes it',
      item('snoozed', { snoozedUntil: '2026-11-21T08:00:00.000Z' }),
      { type: 'assign', assignee: 'Ben' },
      { state: 'in_progress', assignee: 'Ben', snoozedUntil: null },
    ],
    [
      'snoozing keeps the assignee',
      item('in_progress', { assignee: 'Ana' }),
      { type: 'snooze', until: NOW + 4 * H },
      { state: 'snoozed', assignee: 'Ana', snoozedUntil: '2026-11-20T16:00:00.000Z' },
    ],
    ['snoozing into the past is refused', item('open'), { type: 'snooze', until: NOW - 1 }, 'invalid_argument: Snooze until a time in the future.'],
    ['snoozing until exactly now is refused', item('open'), { type: 'snooze', until: NOW }, 'invalid_argument: Snooze until a time in the future.'],
    [
      'snoozing for more than a month is refused',
      item('open'),
      { type: 'snooze', until: NOW + 31 * 24 * H },
      'invalid_argument: Snooze for at most 30 days; resolve the item if it needs no attention.',
    ],
    [
      'resolving a snoozed item',
      item('snoozed', { snoozedUntil: '2026-11-21T08:00:00.000Z' }),
      { type: 'resolve', code: 'claim_filed', note: null },
      { state: 'resolved', assignee: null, snoozedUntil: null },
    ],
    [
      'resolving a resolved item is a conflict',
      item('resolved'),
      { type: 'resolve', code: 'refunded', note: null },
      'conflict: Exception #7 is already resolved.',
    ],
    [
      'assigning a closed item asks for a reopen',
      item('auto_resolved'),
      { type: 'assign', assignee: 'Ana' },
      'conflict: Exception #7 is already closed by the system; reopen it first.',
    ],
    [
      'snoozing a resolved item is a conflict',
      item('resolved'),
      { type: 'snooze', until: NOW + H },
      'conflict: Exception #7 is already resolved; there is nothing to snooze.',
    ],
    [
      'reopening a resolved item clears it for the queue',
      item('resolved', { assignee: 'Ana', resolutionCode: 'refunded' }),
      { type: 'reopen' },
      { state: 'open', assignee: null, snoozedUntil: null },
    ],
    ['reopening an open item is a conflict', item('open'), { type: 'reopen' }, 'conflict: Exception #7 is still open; only a resolved item can be reopened.'],
    [
      'a note never changes the state',
      item('resolved'),
      { type: 'note', note: 'customer called back' },
      { state: 'resolved', assignee: null, snoozedUntil: null },
    ],
  ])('%s', (_name, from, action, expected) => {
    expect(outcome(from, action)).toEqual(expected);
  });

  it('a snoozed item wakes when its time comes, back to whoever had it', () => {
    const snoozed = item('snoozed', { assignee: 'Ana', snoozedUntil: '2026-11-20T12:00:00.000Z' });
    expect(wake(snoozed, NOW - 1)).toBeNull();
    expect(wake(snoozed, NOW)).toMatchObject({ state: 'in_progress', assignee: 'Ana', snoozedUntil: null });
    expect(wake({ ...snoozed, assignee: null }, NOW)).toMatchObject({ state: 'open' });
    expect(wake(item('open'), NOW)).toBeNull();
  });
});

describe('priority', () => {
  it.each([
    ['damaged', 120, 0, 1200, 'damaged: severity 10 × order value 120.00 × age 1.00 (0 h open) = 1,200'],
    ['damaged', 120, 36 * H, 3000, 'damaged: severity 10 × order value 120.00 × age 2.50 (36 h open) = 3,000'],
    ['stalled', null, 72 * H, 800, 'stalled: severity 4 × order value unknown (counted as 50) × age 4.00 (3 days open) = 800'],
    ['delayed_weather', 1000, 0, 2000, 'delayed weather: severity 2 × order value 1,000.00 × age 1.00 (0 h open) = 2,000'],
  ] as const)('%s worth %s, %s ms old', (reason, value, age, expected, explanation) => {
    const p = priorityOf(reason, value, age);
    expect(p.value).toBe(expected);
    expect(p.explanation).toBe(explanation);
  });

  it('is refreshed only when it moved by more than 1 %', () => {
    expect(priorityMoved(1000, 1009)).toBe(false);
    expect(priorityMoved(1000, 1011)).toBe(true);
  });
});

describe('thresholds', () => {
  it.each([
    ['next_day_air', true],
    ['2nd_day_air', true],
    ['priority_overnight', true],
    ['Priority Mail', true],
    ['express_worldwide', true],
    ['FEDEX 2DAY', true],
    ['ground', false],
    ['ground_advantage', false],
    ['ecommerce', false],
    [null, false],
  ] as const)('%s express: %s', (service, express) => {
    expect(isExpressService(service)).toBe(express);
  });

  it('defaults to 48 h stalled, 24 h for express, 24 h for a first scan', () => {
    expect(thresholdFor(DEFAULT_THRESHOLDS, 'usps', 'ground_advantage')).toEqual({ stalledHours: 48, noFirstScanHours: 24, express: false });
    expect(thresholdFor(DEFAULT_THRESHOLDS, 'fedex', 'priority_overnight')).toEqual({ stalledHours: 24, noFirstScanHours: 24, express: true });
  });
});

describe('priorityDueAt: when age has moved a stored priority enough to rewrite it', () => {
  const HOUR = 3_600_000;
  const opened = Date.parse('2026-11-17T08:00:00Z');
  it.each<[string, QueueReason, number | null, number]>([
    ['a fresh stalled item of 120.00', 'stalled', 120, 0],
    ['a day-old late item of unknown value', 'late', null, 24 * HOUR],
    ['a week-old address issue of 2,500.00', 'address_issue', 2500, 7 * 24 * HOUR],
  ])('%s: not moved just before, moved at the due time', (_name, reason, value, age) => {
    const stored = priorityValue(reason, value, age);
    const due = priorityDueAt(reason, value, stored, opened);
    expect(due).toBeGreaterThan(opened + age);
    // Never early, so a pass that comes back finds a write to make; and no more than a minute or so late.
    expect(priorityMoved(stored, priorityValue(reason, value, due - opened))).toBe(true);
    expect(priorityMoved(stored, priorityValue(reason, value, due - 120_000 - opened))).toBe(false);
  });
});
