import type { BoardBucket, ScanPurpose, ScanVerdict, VerdictClass } from '../../../src-shared/api';
import { carrierLabel as labelOf } from '../../../src-shared/domain/tracking/carriers';

export { VERDICT_LABEL } from '../../../src-shared/api/reconcile';

export const VERDICT_ICON: Record<VerdictClass, string> = { good: '✔', warning: '⚠', error: '✖' };

/** Each problem looks different (its colour is `.look-<verdict>` in reconcile.css) and says what to do with the parcel. */
export const VERDICT_LOOK: Record<ScanVerdict, { icon: string; instruction: string }> = {
  matched: { icon: '✔', instruction: 'Pack it and scan the next parcel.' },
  voided_label: { icon: '⊘', instruction: 'Do not ship: this label was voided. Put the parcel aside and print a new label.' },
  unknown_label: { icon: '?', instruction: 'No label like this was created. Put the parcel aside for the supervisor.' },
  wrong_carrier: { icon: '⇄', instruction: 'Wrong carrier for this session. Move the parcel to its own carrier’s cage.' },
  invalid: { icon: '✖', instruction: 'Not a shipping label. Scan the shipping label’s barcode, or type its number.' },
  duplicate: { icon: '2×', instruction: 'Already scanned in this session. Check for a second copy of the label; do not pack it twice.' },
  already_handed_over: { icon: '↩', instruction: 'This parcel was already handed to the carrier. Take it off the line and tell the supervisor.' },
};

/** How a key reads on the screen. */
export const keyName = (key: string): string => (key === 'Escape' ? 'Esc' : key);

export const PURPOSE_LABEL: Record<ScanPurpose, string> = {
  pack_verify: 'Pack verify',
  carrier_handoff: 'Carrier handoff',
  returns_receive: 'Returns receiving',
};

export const BUCKET_LABEL: Record<BoardBucket, { title: string; hint: string }> = {
  created_not_scanned: {
    title: 'Labels never scanned',
    hint: 'Labels created that day that no carrier handoff has scanned yet; a packing-station scan does not count (all stations).',
  },
  scanned_not_expected: { title: 'Scanned, not expected', hint: 'Unknown, voided or wrong-carrier labels scanned that day.' },
  scanned_twice: { title: 'Scanned twice', hint: 'Duplicates within a session and parcels handed over again.' },
  no_first_scan: { title: 'No carrier scan yet', hint: 'Handed over that day, still no first carrier scan after the set hours.' },
};

export const carrierLabel = (carrier: string | null): string => (carrier ? labelOf(carrier) : 'Any carrier');

/** "1 scan", "3 scans". */
export const plural = (n: number, noun: string): string => `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
