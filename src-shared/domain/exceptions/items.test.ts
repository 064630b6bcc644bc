import { describe, expect, it } from 'vitest';
import { maskFromFlags } from '../tracking/flags';
import type { Flag, TrackingStatus } from '../tracking/status';
import { planItems, problemSince, triggeredReasons, type ItemSnapshot, type ProblemTimes } from './items';
import { HIGH_SEVERITY_REASONS, type QueueReason } from './reasons';
import type { ExceptionState } from './states';

const shipment = (status: TrackingStatus, substatus: string | null = null, flags: Flag[] = []) => ({ status, substatus, flags: maskFromFlags(flags) });
const item = (reason: QueueReason, state: ExceptionState, conditionActive = true, id = 1): ItemSnapshot => ({ id, reason, state, conditionActive });
const summary = (changes: ReturnType<typeof planItems>) =>
  changes.map((c) =>
    c.kind === 'open' ? `open ${c.reason}` : c.kind === 'condition' ? `${c.item.reason} condition ${c.active ? 'on' : 'off'}` : `${c.kind} ${c.item.reason}`,
  );

describe('what opens an item', () => {
  it.each<[string, ReturnType<typeof shipment>, QueueReason[]]>([
    ['a carrier exception, reason = substatus', shipment('exception', 'damaged'), ['damaged']],
    ['an exception with a reason we do not know', shipment('exception', 'gremlins'), ['other']],
    ['an exception with no reason at all', shipment('exception'), ['other']],
    ['a carrier return to sender', shipment('return_initiated', 'carrier_rts'), ['returned_to_sender']],
    ['a customer return under way is not an exception', shipment('return_initiated', 'customer_return'), []],
    ['each flag, named after it', shipment('in_transit', 'departed', ['stalled', 'late']), ['stalled', 'late']],
    ['an exception that is also stalled', shipment('exception', 'lost', ['stalled']), ['lost', 'stalled']],
    ['a delivered-late parcel keeps its flag but opens nothing', shipment('delivered', 'signed', ['late']), []],
  ])('%s', (_name, s, expected) => {
    expect(triggeredReasons(s)).toEqual(expected);
  });
});

describe('planning items for one shipment', () => {
  it.each<[string, ReturnType<typeof shipment>, ItemSnapshot[], string[]]>([
    ['opens one item per reason', shipment('exception', 'address_issue', ['late']), [], ['open address_issue', 'open late']],
    ['never duplicates an open item', shipment('exception', 'address_issue'), [item('address_issue', 'in_progress')], []],
    ['keeps a snoozed item snoozed', shipment('in_transit', null, ['stalled']), [item('stalled', 'snoozed')], []],
    ['auto-resolves when the flag clears', shipment('in_transit'), [item('stalled', 'open')], ['auto_resolve stalled']],
    [
      'auto-resolves flags and carrier delays on delivery',
      shipment('delivered', 'signed', ['late']),
      [item('late', 'open'), item('delayed_weather', 'snoozed', false, 2)],
      ['auto_resolve late', 'auto_resolve delayed_weather'],
    ],
    ['a failed attempt clears once the carrier moves on', shipment('out_for_delivery'), [item('attempt_failed', 'open')], ['auto_resolve attempt_failed']],
    ['an address issue waits for delivery, not just the next scan', shipment('in_transit'), [item('address_issue', 'open')], ['address_issue condition off']],
    ['an address issue closes on delivery', shipment('delivered'), [item('address_issue', 'open', false)], ['auto_resolve address_issue']],
    ['a damaged parcel needs a person even when delivered', shipment('delivered'), [item('damaged', 'in_progress')], ['damaged condition off']],
    [
      'a voided label closes everything',
      shipment('cancelled'),
      [item('damaged', 'open'), item('returned_to_sender', 'open', true, 2)],
      ['auto_resolve damaged', 'auto_resolve returned_to_sender'],
    ],
    [
      'a refusal that turns into a return opens the return and keeps the refusal',
      shipment('return_initiated', 'carrier_rts'),
      [item('refused', 'open')],
      ['open returned_to_sender', 'refused condition off'],
    ],
    ['does not reopen what staff resolved while the condition still holds', shipment('in_transit', null, ['late']), [item('late', 'resolved', true)], []],
    ['reopens when the condition ended and came back', shipment('in_transit', null, ['stalled']), [item('stalled', 'resolved', false)], ['reopen stalled']],
    [
      'reopens an auto-resolved item on a re-trigger',
      shipment('exception', 'attempt_failed'),
      [item('attempt_failed', 'auto_resolved', false)],
      ['reopen attempt_failed'],
    ],
    ['remembers that the condition ended for a resolved item', shipment('in_transit'), [item('late', 'resolved', true)], ['late condition off']],
    ['remembers that the condition holds again for an open item', shipment('exception', 'damaged'), [item('damaged', 'open', false)], ['damaged condition on']],
  ])('%s', (_name, s, items, expected) => {
    expect(summary(planItems(s, items))).toEqual(expected);
  });
});

it('notifies by default for the reasons that cost a customer their parcel', () => {
  expect(HIGH_SEVERITY_REASONS).toEqual(expect.arrayContaining(['damaged', 'lost', 'refused', 'address_issue', 'customs_documents', 'returned_to_sender']));
  expect(HIGH_SEVERITY_REASONS).not.toContain('stalled');
  expect(HIGH_SEVERITY_REASONS).not.toContain('delayed_weather');
});

describe('an item is as old as its problem', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const times: ProblemTimes = { labelCreatedAt: '2026-11-10T08:00:00Z', lastEventAt: '2026-11-16T09:30:00Z', expectedDeliveryOriginal: '2026-11-14' };
  it.each<[string, QueueReason, Partial<ProblemTimes>, string]>([
    ['damage: from the carrier’s damage scan', 'damaged', {}, '2026-11-16T09:30:00.000Z'],
    ['stalled: from the last movement', 'stalled', {}, '2026-11-16T09:30:00.000Z'],
    ['never scanned: from the label', 'no_first_scan', {}, '2026-11-10T08:00:00.000Z'],
    ['late: from the end of the promised day', 'late', {}, '2026-11-15T00:00:00.000Z'],
    ['at risk: a forecast, from now', 'at_risk', {}, '2026-11-20T12:00:00.000Z'],
    ['no event time: from now', 'damaged', { lastEventAt: null }, '2026-11-20T12:00:00.000Z'],
    ['never in the future', 'late', { expectedDeliveryOriginal: '2026-11-25' }, '2026-11-20T12:00:00.000Z'],
  ])('%s', (_name, reason, patch, expected) => {
    expect(new Date(problemSince(reason, { ...times, ...patch }, now)).toISOString()).toBe(expected);
  });
});
