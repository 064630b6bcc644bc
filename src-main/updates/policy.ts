import type { BusyReason, UpdateChannel } from '../../src-shared/api/updates';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Soon after start (not during it: the first minute belongs to opening the store and the window). */
export const FIRST_CHECK_AFTER_MS = 30_000;
/** A few times per shift is plenty: IT publishes releases, not hotfixes by the minute. */
export const CHECK_EVERY_MS = 4 * HOUR;
/** Warehouse Wi-Fi drops and comes back; try again soon, quietly. */
export const OFFLINE_RETRY_MS = 15 * MINUTE;
/** A broken feed or a bad download is IT's to fix; do not hammer the server meanwhile. */
export const FAILURE_RETRY_MS = 1 * HOUR;

/** `notConfigured` keeps looking (IT may drop update.json in later); `unavailable` is a copy that never updates. */
export type CheckOutcome = 'upToDate' | 'ready' | 'offline' | 'failed' | 'notConfigured' | 'unavailable';

/** When to look again after an outcome; null means stop (an update is waiting, or updating is off here). */
export function nextCheckDelay(outcome: CheckOutcome): number | null {
  switch (outcome) {
    case 'upToDate':
    case 'notConfigured':
      return CHECK_EVERY_MS;
    case 'offline':
      return OFFLINE_RETRY_MS;
    case 'failed':
      return FAILURE_RETRY_MS;
    case 'ready':
    case 'unavailable':
      return null;
  }
}

export type FailureKind = 'offline' | 'integrity' | 'feed';

/** Node and Chromium (Electron's net) name "could not reach the server" differently; both mean offline here. */
const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EPIPE']);
const OFFLINE_NET_ERRORS =
  /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_(REFUSED|RESET|TIMED_OUT|CLOSED|FAILED)|NETWORK_CHANGED|ADDRESS_UNREACHABLE|TIMED_OUT|PROXY_CONNECTION_FAILED)/;
/** electron-updater's codes for a file that is not what the feed promised or not signed by us. */
const INTEGRITY_CODES = new Set(['ERR_CHECKSUM_MISMATCH', 'ERR_UPDATER_INVALID_SIGNATURE', 'ERR_UPDATER_NO_CHECKSUM']);

export function classifyFailure(error: unknown): FailureKind {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && INTEGRITY_CODES.has(code)) return 'integrity';
  if (typeof code === 'string' && OFFLINE_CODES.has(code)) return 'offline';
  if (typeof message === 'string' && OFFLINE_NET_ERRORS.test(message)) return 'offline';
  return 'feed';
}

/** electron-builder names channel files `latest*.yml` and `beta*.yml`; "stable" is the former. */
export const feedChannelName = (channel: UpdateChannel): string => (channel === 'stable' ? 'latest' : 'beta');

/** IT's update.json wins; otherwise what the person chose in Settings; otherwise stable. */
export function effectiveChannel(
  fromIt: UpdateChannel | undefined,
  fromSettings: UpdateChannel | null,
): { channel: UpdateChannel; setBy: 'it' | 'settings' | 'default' } {
  if (fromIt) return { channel: fromIt, setBy: 'it' };
  if (fromSettings) return { channel: fromSettings, setBy: 'settings' };
  return { channel: 'stable', setBy: 'default' };
}

/** Never on its own: only when the person asked and nothing that a restart would cut short is running. */
export function shouldInstallNow(state: { ready: boolean; requested: boolean; busy: readonly BusyReason[] }): boolean {
  return state.ready && state.requested && state.busy.length === 0;
}
