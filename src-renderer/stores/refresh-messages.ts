import type { MethodResult } from '../../src-shared/api';

const parcels = (n: number) => `${n.toLocaleString()} parcel${n === 1 ? '' : 's'}`;

/** What staff are told after "Refresh tracking": who is being asked, and who cannot be. */
export function refreshMessage({ queued, unpolled }: MethodResult<'tracking.refresh'>): string {
  const asked = queued - unpolled;
  const asking = asked ? `Asking the carriers about ${parcels(asked)} now; they update as the carriers answer.` : '';
  const missing = unpolled ? `${parcels(unpolled)} ${unpolled === 1 ? 'has' : 'have'} no carrier account set up to ask — see Settings.` : '';
  return `${asking} ${missing}`.trim() || 'Those parcels are no longer in the store.';
}

/** What staff are told after "Refresh now" on a carrier's health row. */
export function carrierRefreshMessage(label: string, queued: number): string {
  return queued ? `Asking ${label} about ${parcels(queued)} now.` : `${label} has no parcels on the move to ask about.`;
}
