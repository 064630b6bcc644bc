import type { TrackingStatus } from '../tracking/status';

/**
 * Where an expected return stands (DOMAIN.md §5). `unexpected` is a parcel the dock received that matched no
 * expected return: it waits in triage until a clerk accepts it (received) or rejects it (cancelled).
 */
export const RETURN_STATES = ['label_issued', 'awaiting_pickup', 'in_transit', 'arrived', 'received', 'inspected', 'cancelled', 'unexpected'] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

export const RETURN_CONDITIONS = ['resellable', 'damaged', 'missing_items', 'wrong_item'] as const;
export type ReturnCondition = (typeof RETURN_CONDITIONS)[number];

/** The receiving station's number keys, 1 to 4, in the order a clerk reads them on screen. */
export const CONDITION_KEYS: Readonly<Record<string, ReturnCondition>> = {
  '1': 'resellable',
  '2': 'damaged',
  '3': 'missing_items',
  '4': 'wrong_item',
};

/**
 * Every move a return may make. A customer drop-off skips `awaiting_pickup`; a parcel can reach the dock
 * before any carrier news (received straight from label_issued); a cancelled RMA that arrives anyway is received.
 */
const ALLOWED: Readonly<Record<ReturnState, readonly ReturnState[]>> = {
  label_issued: ['awaiting_pickup', 'in_transit', 'arrived', 'received', 'cancelled'],
  awaiting_pickup: ['label_issued', 'in_transit', 'arrived', 'received', 'cancelled'],
  in_transit: ['arrived', 'received'],
  arrived: ['received'],
  received: ['inspected'],
  inspected: [],
  cancelled: ['received'],
  unexpected: ['received', 'cancelled'],
};

export const canTransition = (from: ReturnState, to: ReturnState): boolean => ALLOWED[from].includes(to);

/** States whose parcel is physically at our dock. */
export const isAtDock = (state: ReturnState): boolean => state === 'received' || state === 'inspected' || state === 'unexpected';

/** States still waiting for the parcel: a dock scan of one of these is a match, of the others a duplicate. */
export const isExpected = (state: ReturnState): boolean =>
  state === 'label_issued' || state === 'awaiting_pickup' || state === 'in_transit' || state === 'arrived' || state === 'cancelled';

const CARRIER_HAS_IT: ReadonlySet<TrackingStatus> = new Set(['in_transit', 'out_for_delivery', 'available_for_pickup', 'exception', 'return_initiated']);
const DELIVERED_TO_US: ReadonlySet<TrackingStatus> = new Set(['delivered', 'returned']);

/**
 * The state carrier tracking of the return label moves a return to, or null to leave it. Tracking only moves
 * forward and never past `arrived`: receiving and inspecting are done by people at the dock.
 */
export function stateFromTracking(current: ReturnState, status: TrackingStatus): ReturnState | null {
  const waiting = current === 'label_issued' || current === 'awaiting_pickup';
  if (DELIVERED_TO_US.has(status)) return waiting || current === 'in_transit' ? 'arrived' : null;
  if (CARRIER_HAS_IT.has(status)) return waiting ? 'in_transit' : null;
  // A voided return label cancels a return nobody has shipped yet.
  if (status === 'cancelled') return waiting ? 'cancelled' : null;
  return null;
}

/** What a recorded condition does to the state: the first inspection moves received → inspected; a correction keeps it. */
export function stateAfterInspection(current: ReturnState): ReturnState | null {
  if (current === 'received') return 'inspected';
  if (current === 'inspected') return 'inspected';
  return null;
}

/** "RMA 1001", but "RMA-1001" as is: many shops print the word into the number. */
export const rmaLabel = (rma: string): string => (/^RMA/i.test(rma) ? rma : `RMA ${rma}`);
