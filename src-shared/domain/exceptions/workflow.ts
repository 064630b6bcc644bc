/**
 * Staff actions on an exception item as a pure transition: the next state, or the reason it is refused.
 * open → in_progress (assigned) → snoozed (until a time) → resolved (code + note); closed items reopen.
 */
import { isClosedState, type ExceptionState, type ResolutionCode } from './states';

const DAY_MS = 86_400_000;
/** A snooze longer than a month is a decision to drop the item: resolve it instead. */
export const MAX_SNOOZE_MS = 30 * DAY_MS;

export interface WorkItem {
  id: number;
  state: ExceptionState;
  assignee: string | null;
  snoozedUntil: string | null;
  resolutionCode: ResolutionCode | null;
  resolutionNote: string | null;
}

export type WorkflowAction =
  | { type: 'assign'; assignee: string | null }
  | { type: 'note'; note: string }
  | { type: 'snooze'; until: number }
  | { type: 'resolve'; code: ResolutionCode; note: string | null }
  | { type: 'reopen' };

export type WorkflowOutcome = { ok: true; next: WorkItem } | { ok: false; code: 'invalid_argument' | 'conflict'; message: string };

const refuse = (code: 'invalid_argument' | 'conflict', message: string): WorkflowOutcome => ({ ok: false, code, message });
const stateWords = (state: ExceptionState): string => (state === 'auto_resolved' ? 'closed by the system' : state.replace('_', ' '));
const settled = (state: ExceptionState) => state === 'open' || state === 'in_progress';

export function applyAction(item: WorkItem, action: WorkflowAction, now: number): WorkflowOutcome {
  const closed = isClosedState(item.state);
  const label = `Exception #${item.id}`;
  switch (action.type) {
    case 'note':
      return { ok: true, next: item };
    case 'assign':
      if (closed) return refuse('conflict', `${label} is already ${stateWords(item.state)}; reopen it first.`);
      // Taking an item means working on it now, so assigning wakes a snoozed one.
      if (action.assignee !== null) return { ok: true, next: { ...item, assignee: action.assignee, state: 'in_progress', snoozedUntil: null } };
      return { ok: true, next: { ...item, assignee: null, state: settled(item.state) ? 'open' : item.state } };
    case 'snooze':
      if (closed) return refuse('conflict', `${label} is already ${stateWords(item.state)}; there is nothing to snooze.`);
      if (action.until <= now) return refuse('invalid_argument', 'Snooze until a time in the future.');
      if (action.until - now > MAX_SNOOZE_MS) return refuse('invalid_argument', 'Snooze for at most 30 days; resolve the item if it needs no attention.');
      return { ok: true, next: { ...item, state: 'snoozed', snoozedUntil: new Date(action.until).toISOString() } };
    case 'resolve':
      if (closed) return refuse('conflict', `${label} is already ${stateWords(item.state)}.`);
      return { ok: true, next: { ...item, state: 'resolved', snoozedUntil: null, resolutionCode: action.code, resolutionNote: action.note } };
    case 'reopen':
      if (!closed) return refuse('conflict', `${label} is still ${stateWords(item.state)}; only a resolved item can be reopened.`);
      return { ok: true, next: { ...item, state: 'open', assignee: null, snoozedUntil: null, resolutionCode: null, resolutionNote: null } };
  }
}

/** A snoozed item whose time has come goes back to whoever had it, or to the open queue. */
export function wake(item: WorkItem, now: number): WorkItem | null {
  if (item.state !== 'snoozed' || item.snoozedUntil === null || Date.parse(item.snoozedUntil) > now) return null;
  return { ...item, state: item.assignee ? 'in_progress' : 'open', snoozedUntil: null };
}
