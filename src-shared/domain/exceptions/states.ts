/** The life of an exception item (DOMAIN.md §3). */

export const EXCEPTION_STATES = ['open', 'in_progress', 'snoozed', 'resolved', 'auto_resolved'] as const;
export type ExceptionState = (typeof EXCEPTION_STATES)[number];

/** Items someone may still have to act on. */
export const ACTIVE_STATES: readonly ExceptionState[] = ['open', 'in_progress', 'snoozed'];
/** What the queue shows unless asked otherwise: snoozed items stay out of sight until they wake. */
export const QUEUE_STATES: readonly ExceptionState[] = ['open', 'in_progress'];
export const CLOSED_STATES: readonly ExceptionState[] = ['resolved', 'auto_resolved'];

export const isActiveState = (state: ExceptionState): boolean => ACTIVE_STATES.includes(state);
export const isClosedState = (state: ExceptionState): boolean => CLOSED_STATES.includes(state);

export const RESOLUTION_CODES = [
  'carrier_contacted',
  'customer_contacted',
  'reshipped',
  'refunded',
  'claim_filed',
  'delivered_confirmed',
  'returned_to_stock',
  'no_action_needed',
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

/** Who the audit log names when the rules engine, not a person, changed an item. */
export const SYSTEM_OPERATOR = 'system';
