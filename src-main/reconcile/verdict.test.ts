import { describe, expect, it } from 'vitest';
import type { ScanPurpose, ScanVerdict } from '../../src-shared/api/reconcile';
import type { ScanCandidate } from '../../src-shared/domain/scan';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import { chooseCandidate, decideVerdict, verdictMessage, type ShipmentFacts } from './verdict';

const UPS: ScanCandidate = { carrier: 'ups', trackingNumber: '1Z999AA10123456784', format: 'ups_1z' };
const USPS: ScanCandidate = { carrier: 'usps', trackingNumber: '9261290100000000000001', format: 'usps_impb' };
const FEDEX: ScanCandidate = { carrier: 'fedex', trackingNumber: '986578788855', format: 'fedex_34' };
const live: ShipmentFacts = { status: 'created', orderNumber: '500123', service: 'ground_advantage', shipToName: 'Ana Ruiz', shipToCity: 'CHICAGO' };
const voided: ShipmentFacts = { ...live, status: 'cancelled' };

describe('decideVerdict', () => {
  type Row = [string, ScanCandidate | null, ShipmentFacts | null, Carrier | null, ScanPurpose, boolean, boolean, ScanVerdict];
  const rows: Row[] = [
    ['unreadable', null, null, 'ups', 'pack_verify', false, false, 'invalid'],
    ['known label', UPS, live, 'ups', 'pack_verify', false, false, 'matched'],
    ['known label, session for any carrier', UPS, live, null, 'carrier_handoff', false, false, 'matched'],
    ['second scan in the session', UPS, live, 'ups', 'pack_verify', true, false, 'duplicate'],
    ['repeat wins over everything after it', UPS, voided, 'fedex', 'carrier_handoff', true, true, 'duplicate'],
    ['FedEx parcel at the UPS dock', FEDEX, live, 'ups', 'carrier_handoff', false, false, 'wrong_carrier'],
    ['wrong truck before unknown', FEDEX, null, 'ups', 'carrier_handoff', false, false, 'wrong_carrier'],
    ['valid number, no shipment', UPS, null, 'ups', 'pack_verify', false, false, 'unknown_label'],
    ['cancelled shipment', UPS, voided, 'ups', 'pack_verify', false, false, 'voided_label'],
    ['voided before handed over', UPS, voided, 'ups', 'carrier_handoff', false, true, 'voided_label'],
    ['handed over in an earlier handoff', UPS, live, 'ups', 'carrier_handoff', false, true, 'already_handed_over'],
    ['packing a parcel already handed over', UPS, live, null, 'pack_verify', false, true, 'already_handed_over'],
    ['the returns desk expects handed-over parcels back', UPS, live, null, 'returns_receive', false, true, 'matched'],
  ];
  it.each(rows)('%s', (_case, candidate, shipment, sessionCarrier, purpose, seenInSession, handedOverEarlier, verdict) => {
    expect(decideVerdict({ candidate, shipment, sessionCarrier, purpose, seenInSession, handedOverEarlier })).toBe(verdict);
  });
});

describe('chooseCandidate', () => {
  it.each([
    ['no readings', [], [], null, -1],
    ['one reading', [UPS], [null], null, 0],
    ['the expected parcel decides', [USPS, FEDEX], [null, live], null, 1],
    ['the first expected one when both are', [USPS, FEDEX], [live, live], 'fedex', 0],
    ['else the session carrier', [USPS, FEDEX], [null, null], 'fedex', 1],
    ['else the parser order', [USPS, FEDEX], [null, null], 'ups', 0],
  ] as [string, ScanCandidate[], (ShipmentFacts | null)[], Carrier | null, number][])('%s', (_case, candidates, shipments, carrier, index) => {
    expect(chooseCandidate(candidates, shipments, carrier)).toBe(index);
  });
});

describe('verdictMessage', () => {
  it('tells the packer what the parcel is and what to do', () => {
    const facts = { candidate: UPS, shipment: live, sessionCarrier: 'ups' as Carrier, error: null };
    expect(verdictMessage('matched', facts)).toBe('Expected: order 500123 · Ground Advantage · to Ana Ruiz, CHICAGO');
    expect(verdictMessage('voided_label', facts)).toContain('do not ship');
    expect(verdictMessage('wrong_carrier', { ...facts, candidate: FEDEX })).toBe('Wrong carrier: this is a FedEx parcel; this session is for UPS.');
    expect(verdictMessage('invalid', { ...facts, candidate: null, error: 'routing_code_only' })).toContain('ZIP routing barcode');
  });
});
