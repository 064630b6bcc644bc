import { describe, expect, it } from 'vitest';
import { canTransition, RETURN_STATES, rmaLabel, stateAfterInspection, stateFromTracking, type ReturnState } from './lifecycle';
import type { TrackingStatus } from '../tracking/status';

describe('return lifecycle moves', () => {
  const allowed: [ReturnState, ReturnState][] = [
    ['label_issued', 'awaiting_pickup'],
    ['label_issued', 'in_transit'], // customer drop-off
    ['awaiting_pickup', 'label_issued'], // taken off a pickup
    ['awaiting_pickup', 'in_transit'],
    ['in_transit', 'arrived'],
    ['in_transit', 'received'], // scanned at the dock before the carrier's delivery scan came in
    ['arrived', 'received'],
    ['received', 'inspected'],
    ['label_issued', 'cancelled'],
    ['awaiting_pickup', 'cancelled'],
    ['cancelled', 'received'], // the parcel came anyway
    ['unexpected', 'received'],
    ['unexpected', 'cancelled'],
  ];
  it.each(allowed)('%s → %s is allowed', (from, to) => expect(canTransition(from, to)).toBe(true));

  const refused: [ReturnState, ReturnState][] = [
    ['in_transit', 'label_issued'],
    ['in_transit', 'cancelled'],
    ['arrived', 'in_transit'],
    ['received', 'arrived'],
    ['received', 'cancelled'],
    ['inspected', 'received'],
    ['label_issued', 'inspected'],
    ['cancelled', 'in_transit'],
    ['label_issued', 'unexpected'],
  ];
  it.each(refused)('%s → %s is refused', (from, to) => expect(canTransition(from, to)).toBe(false));

  it('never lets a state move to itself through the table (corrections are explicit)', () => {
    for (const s of RETURN_STATES) expect(canTransition(s, s)).toBe(false);
  });
});

describe('what tracking of the return label does', () => {
  const cases: [ReturnState, TrackingStatus, ReturnState | null][] = [
    ['label_issued', 'created', null],
    ['label_issued', 'in_transit', 'in_transit'],
    ['awaiting_pickup', 'in_transit', 'in_transit'],
    ['awaiting_pickup', 'exception', 'in_transit'],
    ['awaiting_pickup', 'out_for_delivery', 'in_transit'],
    ['in_transit', 'out_for_delivery', null],
    ['in_transit', 'delivered', 'arrived'],
    ['awaiting_pickup', 'delivered', 'arrived'],
    ['label_issued', 'returned', 'arrived'],
    ['arrived', 'delivered', null],
    ['received', 'delivered', null], // the dock was faster than the carrier's scan
    ['received', 'in_transit', null],
    ['inspected', 'delivered', null],
    ['label_issued', 'cancelled', 'cancelled'], // voided return label
    ['in_transit', 'cancelled', null],
    ['in_transit', 'unknown', null],
    ['unexpected', 'delivered', null],
  ];
  it.each(cases)('%s + carrier %s → %s', (state, status, next) => expect(stateFromTracking(state, status)).toBe(next));
});

describe('recording a condition', () => {
  it.each([
    ['received', 'inspected'],
    ['inspected', 'inspected'],
    ['arrived', null],
    ['in_transit', null],
    ['unexpected', null],
  ] as [ReturnState, ReturnState | null][])('from %s → %s', (state, next) => expect(stateAfterInspection(state)).toBe(next));
});

describe('RMA labels', () => {
  it.each([
    ['1001', 'RMA 1001'],
    ['RMA-1001', 'RMA-1001'],
    ['rma77', 'rma77'],
  ])('%s reads as %s', (rma, label) => expect(rmaLabel(rma)).toBe(label));
});
