import type { MethodResult } from '../../src-shared/api';
import { polledElsewhereText } from '../../src-shared/domain/hub/poll-text';

const parcels = (n: number) => `${n.toLocaleString()} parcel${n === 1 ? '' : 's'}`;

/** What staff are told after "Refresh tracking": who is being asked, and who cannot be. */
export function refreshMessage({ queued, unpolled, elsewhere }: MethodResult<'tracking.refresh'>): string {
  const asked = queued - unpolled;
  const here = asked && elsewhere.length ? `Marked ${parcels(asked)} to be asked about now.` : '';
  const asking = asked && !elsewhere.length ? `Asking the carriers about ${parcels(asked)} now; they update as the carriers answer.` : '';
  const missing = unpolled ? `${parcels(unpolled)} ${unpolled === 1 ? 'has' : 'have'} no carrier account set up to ask — see Settings.` : '';
  return [here, asking, polledElsewhereText(elsewhere), missing].filter(Boolean).join(' ') || 'Those parcels are no longer in the store.';
}

/** What staff are told after "Refresh now" on a carrier's health row. */
export function carrierRefreshMessage(label: string, { queued, elsewhere }: MethodResult<'tracking.refresh'>): string {
  if (!queued) return `${label} has no parcels on the move to ask about.`;
  return elsewhere.length
    ? `Marked ${parcels(queued)} to be asked about now. ${polledElsewhereText(elsewhere)}`
    : `Asking ${label} about ${parcels(queued)} now.`;
}
