import type { NormalizedEvent } from '../tracking/status';
import { textProblem } from './field-limits';
import { timeWindowProblem } from './time-window';

type EventFields = Pick<NormalizedEvent, 'occurredAt' | 'localTime' | 'code' | 'description' | 'location' | 'substatus'>;

/** The limits a tracking event meets before it is stored, from a carrier payload or a backfill line alike. */
export function eventProblem(event: EventFields, nowMs: number): string | null {
  // A wall time without offset is judged by its date: the window is days wide, the zone hours.
  const when = event.occurredAt ?? event.localTime?.slice(0, 10) ?? null;
  const outside = when === null ? null : timeWindowProblem('event', when, nowMs);
  if (outside) return `event time ${outside}`;
  return (
    textProblem('eventCode', 'code', event.code) ??
    textProblem('description', 'description', event.description) ??
    (event.location === null ? null : textProblem('location', 'location', event.location)) ??
    (event.substatus === null ? null : textProblem('substatus', 'substatus', event.substatus))
  );
}
