/**
 * Which exception items a shipment should have, given its status and freshly computed flags (DOMAIN.md §3).
 *
 * An item remembers whether its trigger held at the last evaluation (`conditionActive`). A re-trigger is the
 * trigger coming back after it ended: that reopens a closed item. A trigger that simply keeps holding never
 * reopens what staff resolved — otherwise a late parcel's item would reopen on every tick.
 */
import { flagsFromMask } from '../tracking/flags';
import { isTerminal, type TrackingStatus } from '../tracking/status';
import { carrierReason, REASON_PROFILES, RETURN_TO_SENDER, type QueueReason } from './reasons';
import { isActiveState, isClosedState, type ExceptionState } from './states';

export interface ShipmentState {
  status: TrackingStatus;
  substatus: string | null;
  flags: number;
}

export interface ItemSnapshot {
  id: number;
  reason: QueueReason;
  state: ExceptionState;
  conditionActive: boolean;
}

export type ItemChange =
  | { kind: 'open'; reason: QueueReason }
  | { kind: 'reopen'; item: ItemSnapshot }
  | { kind: 'auto_resolve'; item: ItemSnapshot }
  /** Bookkeeping only: the trigger started or stopped holding while the item's state stays as it is. */
  | { kind: 'condition'; item: ItemSnapshot; active: boolean };

/** The reasons whose trigger holds right now. Flags open items only while the parcel is still on its way. */
export function triggeredReasons(s: ShipmentState): QueueReason[] {
  const reasons: QueueReason[] = [];
  if (s.status === 'exception') reasons.push(carrierReason(s.substatus));
  // A customer's own return under way is expected work, not an exception.
  if (s.status === 'return_initiated' && s.substatus !== 'customer_return') reasons.push(RETURN_TO_SENDER);
  if (!isTerminal(s.status)) reasons.push(...flagsFromMask(s.flags));
  return reasons;
}

/** Whether the system may close an open item for this reason now (see `Recovery` in reasons.ts). */
export function hasRecovered(reason: QueueReason, s: ShipmentState, triggered: ReadonlySet<QueueReason>): boolean {
  if (s.status === 'cancelled') return true;
  switch (REASON_PROFILES[reason].recovery) {
    case 'trigger_ends':
      return !triggered.has(reason);
    case 'delivered':
      return s.status === 'delivered';
    case 'staff':
      return false;
  }
}

export function planItems(s: ShipmentState, items: readonly ItemSnapshot[]): ItemChange[] {
  const triggered = new Set(triggeredReasons(s));
  const byReason = new Map(items.map((item) => [item.reason, item]));
  const changes: ItemChange[] = [];
  for (const reason of triggered) {
    const item = byReason.get(reason);
    if (!item) changes.push({ kind: 'open', reason });
    else if (isClosedState(item.state) && !item.conditionActive) changes.push({ kind: 'reopen', item });
    else if (!item.conditionActive) changes.push({ kind: 'condition', item, active: true });
  }
  for (const item of items) {
    if (triggered.has(item.reason)) continue;
    if (isActiveState(item.state) && hasRecovered(item.reason, s, triggered)) changes.push({ kind: 'auto_resolve', item });
    else if (item.conditionActive) changes.push({ kind: 'condition', item, active: false });
  }
  return changes;
}

export interface ProblemTimes {
  labelCreatedAt: string;
  lastEventAt: string | null;
  expectedDeliveryOriginal: string | null;
}

const DAY_MS = 86_400_000;

/**
 * When the problem behind a reason began, which is what an item's age counts from (not when a rules pass first
 * saw it): the carrier's exception scan, the last movement of a stalled parcel, the label of one never scanned,
 * the end of the promised day of a late one. Never later than `now`; `now` when nothing says otherwise.
 */
export function problemSince(reason: QueueReason, t: ProblemTimes, now: number): number {
  let at: number;
  switch (reason) {
    case 'late':
      at = t.expectedDeliveryOriginal ? Date.parse(t.expectedDeliveryOriginal.slice(0, 10)) + DAY_MS : NaN;
      break;
    case 'no_first_scan':
      at = Date.parse(t.labelCreatedAt);
      break;
    case 'at_risk':
      at = now;
      break;
    default:
      at = t.lastEventAt ? Date.parse(t.lastEventAt) : NaN;
  }
  return Number.isFinite(at) ? Math.min(at, now) : now;
}
