import type { BoardBucket, ScanPurpose, ScanVerdict, VerdictClass } from '../../../src-shared/api';

export const VERDICT_LABEL: Record<ScanVerdict, string> = {
  matched: 'Matched',
  unknown_label: 'Unknown label',
  invalid: 'Invalid scan',
  duplicate: 'Duplicate',
  voided_label: 'Voided label',
  wrong_carrier: 'Wrong carrier',
  already_handed_over: 'Already handed over',
};

export const VERDICT_ICON: Record<VerdictClass, string> = { good: '✔', warning: '⚠', error: '✖' };

export const PURPOSE_LABEL: Record<ScanPurpose, string> = {
  pack_verify: 'Pack verify',
  carrier_handoff: 'Carrier handoff',
  returns_receive: 'Returns receiving',
};

export const BUCKET_LABEL: Record<BoardBucket, { title: string; hint: string }> = {
  created_not_scanned: { title: 'Labels never scanned', hint: 'Labels created that day that no station has scanned (all stations).' },
  scanned_not_expected: { title: 'Scanned, not expected', hint: 'Unknown, voided or wrong-carrier labels scanned that day.' },
  scanned_twice: { title: 'Scanned twice', hint: 'Duplicates within a session and parcels handed over again.' },
  no_first_scan: { title: 'No carrier scan yet', hint: 'Handed over that day, still no first carrier scan after the set hours.' },
};

export const carrierLabel = (carrier: string | null): string => (carrier ? carrier.toUpperCase().replace('_', ' ') : 'Any carrier');
