import type { HubConflict, HubPresence } from '../../api/hub';

/** "40 s ago", "3 min ago", "2 h ago": how long since, as a person at a station reads it. */
export function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

const words = (text: string) => text.replace(/_/g, ' ');

/** What the winning change did, in one word or two: its audit action, else the state it left. */
const wonWhat = (c: HubConflict): string => words(c.wonAction ?? (c.keptState ? `set to ${c.keptState}` : 'changed'));

/** "resolved by Ana at Pack 3, 40 s ago": who won a race, where and when. */
export function conflictText(c: HubConflict, now: number): string {
  const who = c.wonOperator ? `by ${c.wonOperator} at ${c.wonBy}` : `at ${c.wonBy}`;
  return `${wonWhat(c)} ${who}, ${ago(c.wonAt, now)}`;
}

/** "Ana has this open at Pack 3". */
export const presenceText = (p: Pick<HubPresence, 'operator' | 'station'>): string =>
  p.operator ? `${p.operator} has this open at ${p.station}` : `Someone has this open at ${p.station}`;
