import type { HubSummary } from '../../api/hub';

/** More changes behind than one pull batch: the station says it is catching up rather than "connected". */
const CATCHING_UP_AFTER = 500;

const count = (n: number): string => n.toLocaleString('en-US');

/** `14:02` in the station's own time zone, unless a test pins another. */
export const hubClock = (iso: string, timeZone?: string): string =>
  new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });

/** ` · about 3 min left`, ` · about 40 s left`, or nothing while the pace is not known. */
export function timeLeft(seconds: number | null): string {
  if (seconds === null) return '';
  return seconds < 90 ? ` · about ${Math.max(1, Math.round(seconds))} s left` : ` · about ${Math.round(seconds / 60)} min left`;
}

/**
 * The status bar's one line about the hub:
 * `Hub: connected · 0 waiting`, `Hub: offline since 14:02 · 37 changes waiting`, `Hub: catching up 12,400 of 80,000`,
 * `Hub: not set up`; a hub set up while this console runs says when it takes effect.
 */
export function hubStatusText(s: HubSummary | null, timeZone?: string): string {
  if (!s?.configured) return 'Hub: not set up';
  if (!s.live) return 'Hub: set up · starts when Waybill restarts';
  const waiting = `${count(s.outbox)} ${s.outbox === 1 ? 'change' : 'changes'} waiting`;
  if (!s.connected) return s.offlineSince ? `Hub: offline since ${hubClock(s.offlineSince, timeZone)} · ${waiting}` : `Hub: connecting · ${waiting}`;
  if (s.joining) return `Hub: catching up ${count(s.joining.done)} of ${count(s.joining.total)}${timeLeft(s.joining.secondsLeft)}`;
  if (s.hubNewest !== null && s.hubNewest - s.pulled > CATCHING_UP_AFTER) return `Hub: catching up ${count(s.pulled)} of ${count(s.hubNewest)}`;
  return `Hub: connected · ${count(s.outbox)} waiting`;
}

/** How the line is coloured: fine, working on it, or a person should know. */
export function hubStatusTone(s: HubSummary | null): 'ok' | 'warn' | 'muted' {
  if (!s?.configured || !s.live) return 'muted';
  return s.connected ? 'ok' : 'warn';
}
