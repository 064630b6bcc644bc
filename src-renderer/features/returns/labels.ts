import type { PickupState, ReceiveVerdict, ReturnCondition, ReturnState } from '../../../src-shared/api';
import { CONDITION_KEYS } from '../../../src-shared/domain/returns/lifecycle';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';

export const CONDITION_LABEL: Record<ReturnCondition, string> = {
  resellable: 'Resellable',
  damaged: 'Damaged',
  missing_items: 'Missing items',
  wrong_item: 'Wrong item',
};

/** The number keys in screen order: "1 Resellable", "2 Damaged"... */
export const CONDITION_HINTS = Object.entries(CONDITION_KEYS).map(([key, condition]) => ({ key, condition, label: CONDITION_LABEL[condition] }));

export const STATE_LABEL: Record<ReturnState, string> = {
  label_issued: 'Label issued',
  awaiting_pickup: 'Awaiting pickup',
  in_transit: 'In transit',
  arrived: 'Arrived',
  received: 'Received',
  inspected: 'Inspected',
  cancelled: 'Cancelled',
  unexpected: 'Unexpected',
};

export const PICKUP_STATE_LABEL: Record<PickupState, string> = {
  scheduled: 'Scheduled',
  picked_up: 'Picked up',
  missed: 'Missed',
  cancelled: 'Cancelled',
};

export const RECEIVE_LABEL: Record<ReceiveVerdict, string> = {
  matched: 'Matched',
  unexpected: 'Unexpected return',
  duplicate: 'Already received',
  invalid: 'Invalid scan',
};

const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const formatWhen = (iso: string | null): string => (iso ? dateTime.format(new Date(iso)) : '');
export const formatTime = (iso: string | null): string => (iso ? timeOnly.format(new Date(iso)) : '');
/** Expected arrivals are dates (YYYY-MM-DD) or instants; a date is shown as written. */
export const formatArrival = (value: string | null): string => (value === null ? '—' : /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatWhen(value));
export const carrierName = (carrier: string | null): string => (carrier ? carrierLabel(carrier) : '—');
