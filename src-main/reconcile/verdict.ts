import { serviceLabel } from '../../src-shared/domain/tracking/services';
import type { ScanPurpose, ScanVerdict } from '../../src-shared/api/reconcile';
import type { ScanCandidate } from '../../src-shared/domain/scan';
import { CARRIER_LABELS } from '../../src-shared/domain/tracking/carriers';
import type { Carrier } from '../../src-shared/domain/tracking/status';

export interface ShipmentFacts {
  status: string;
  orderNumber: string | null;
  service: string | null;
  shipToName: string | null;
  shipToCity: string | null;
}

/**
 * Which reading of a scan to act on: the first that names a known shipment (the expected parcel decides an
 * ambiguous scan), else the first of the session's carrier, else the parser's first; -1 when there is none.
 */
export function chooseCandidate(candidates: readonly ScanCandidate[], shipments: readonly (ShipmentFacts | null)[], sessionCarrier: Carrier | null): number {
  if (candidates.length === 0) return -1;
  const known = shipments.findIndex((s) => s !== null);
  if (known >= 0) return known;
  const sameCarrier = sessionCarrier ? candidates.findIndex((c) => c.carrier === sessionCarrier) : -1;
  return sameCarrier >= 0 ? sameCarrier : 0;
}

export interface VerdictFacts {
  candidate: ScanCandidate | null;
  shipment: ShipmentFacts | null;
  sessionCarrier: Carrier | null;
  purpose: ScanPurpose;
  /** A live (not undone, readable) scan of this number already exists in this session. */
  seenInSession: boolean;
  /** A live `matched` scan of this number exists in another carrier_handoff session. */
  handedOverEarlier: boolean;
}

/**
 * The verdict, most urgent first: unreadable, repeat, wrong truck, unknown, voided, already gone, good.
 * The carrier compared is the number's (from the parser), never the carrier name upstream recorded.
 */
export function decideVerdict(f: VerdictFacts): ScanVerdict {
  if (!f.candidate) return 'invalid';
  if (f.seenInSession) return 'duplicate';
  if (f.sessionCarrier && f.candidate.carrier !== f.sessionCarrier) return 'wrong_carrier';
  if (!f.shipment) return 'unknown_label';
  if (f.shipment.status === 'cancelled') return 'voided_label';
  if (f.handedOverEarlier && f.purpose !== 'returns_receive') return 'already_handed_over';
  return 'matched';
}

export const carrierName = (carrier: Carrier | null): string => (carrier ? CARRIER_LABELS[carrier] : 'unknown carrier');

const ERROR_TEXT: Record<string, string> = {
  empty: 'the scan was empty',
  no_valid_match: 'no tracking-number format or check digit fits',
  routing_code_only: 'that is the ZIP routing barcode, not the tracking number',
  keyboard_layout_mismatch: "the scanner's keyboard layout does not match this computer's",
  maxicode_unreconstructable: 'the 2D code lacks the parts needed to rebuild the tracking number',
};

function shipmentLine(s: ShipmentFacts): string {
  const to = [s.shipToName, s.shipToCity].filter(Boolean).join(', ');
  return [s.orderNumber && `order ${s.orderNumber}`, s.service && serviceLabel(s.service), to && `to ${to}`].filter(Boolean).join(' · ');
}

/** The one sentence the verdict panel shows: what happened and what to do with the parcel. */
export function verdictMessage(verdict: ScanVerdict, f: Pick<VerdictFacts, 'candidate' | 'shipment' | 'sessionCarrier'> & { error: string | null }): string {
  const number = f.candidate ? `${carrierName(f.candidate.carrier)} ${f.candidate.trackingNumber}` : '';
  switch (verdict) {
    case 'matched':
      return `Expected: ${f.shipment ? shipmentLine(f.shipment) || number : number}`;
    case 'unknown_label':
      return `Unknown label: no shipment has ${number}. Set the parcel aside.`;
    case 'invalid':
      return `Not a tracking number: ${ERROR_TEXT[f.error ?? ''] ?? f.error ?? 'unreadable'}. Rescan or enter it by hand.`;
    case 'duplicate':
      return `Already scanned in this session: ${number}.`;
    case 'voided_label':
      return `Voided label: ${number} was cancelled. Pull the parcel; do not ship it.`;
    case 'wrong_carrier':
      return `Wrong carrier: this is a ${carrierName(f.candidate?.carrier ?? null)} parcel; this session is for ${carrierName(f.sessionCarrier)}.`;
    case 'already_handed_over':
      return `Already handed over to the carrier in an earlier handoff: ${number}.`;
  }
}
