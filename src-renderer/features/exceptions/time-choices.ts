/** Snooze choices in the operator's own clock: a few hours, tomorrow morning, or Monday morning. */
export interface SnoozeChoice {
  key: string;
  label: string;
  until: Date;
}

const HOUR_MS = 3_600_000;

function morning(from: Date, daysAhead: number): Date {
  const d = new Date(from);
  d.setDate(d.getDate() + daysAhead);
  d.setHours(8, 0, 0, 0);
  return d;
}

export function snoozeChoices(now: Date): SnoozeChoice[] {
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { key: '1', label: '1 hour', until: new Date(now.getTime() + HOUR_MS) },
    { key: '2', label: '4 hours', until: new Date(now.getTime() + 4 * HOUR_MS) },
    { key: '3', label: 'Tomorrow 08:00', until: morning(now, 1) },
    { key: '4', label: 'Monday 08:00', until: morning(now, daysToMonday) },
  ];
}

/** `<input type="datetime-local">` gives wall time without a zone; the core wants an instant. */
export const localInputToIso = (value: string): string | null => {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};
