/**
 * FedEx Track API v1: `eventType` (scan events) / `latestStatusDetail.code` is matched first, then the coarse
 * `derivedStatusCode` / `derivedCode` as a fallback for codes not listed here.
 */
import { eachCode, when, type StatusRow } from '../table';

export type FedexField = 'code' | 'derivedCode' | 'exceptionCode';

export const FEDEX_STATUS_TABLE: readonly StatusRow<FedexField>[] = [
  // "Arriving on time / early" and return-label e-mails say nothing about where the parcel is.
  ...eachCode('code', ['AO', 'AE'], null),
  ...eachCode('code', ['RP', 'LP', 'RG', 'RD'], null),
  // Delivery-option requests (CDO), vehicle bookkeeping, split status: informational.
  ...eachCode('code', ['RR', 'RM', 'RC', 'DR', 'DS', 'SP'], null),
  // A47 "FedEx redirected your package to a nearby FedEx location" follows a failed attempt: it is a move.
  when({ code: 'DE', exceptionCode: 'A47' }, 'in_transit', 'forwarded'),
  ...eachCode('code', ['OC', 'OX'], 'created', 'label_created'),
  ...eachCode('code', ['PU', 'PX', 'AP'], 'in_transit', 'accepted'),
  // Judgement call: FD "At FedEx destination facility" stays in_transit even when an HP event came before it.
  ...eachCode('code', ['AR', 'AF', 'SF', 'FD', 'AC', 'AX', 'AA', 'OF'], 'in_transit', 'at_facility'),
  when({ code: 'DP' }, 'in_transit', 'departed'),
  ...eachCode('code', ['IT', 'IX', 'PL', 'PF', 'PM', 'TR', 'EA', 'EO', 'EP', 'CH', 'LO'], 'in_transit'),
  ...eachCode('code', ['CC', 'CP'], 'in_transit', 'customs'),
  when({ code: 'CD' }, 'exception', 'customs_hold'),
  ...eachCode('code', ['OD', 'AD', 'ED'], 'out_for_delivery'),
  when({ code: 'DL' }, 'delivered'),
  ...eachCode('code', ['HL', 'HP'], 'available_for_pickup'),
  // Judgement call: delays (DY/DD/PY) are exceptions with a delayed_* reason, as DOMAIN.md's reason list implies.
  // Delivery / shipment exceptions and delays: the reason comes from exceptionDescription.
  ...eachCode('code', ['DE', 'SE', 'DY', 'DD', 'PY'], 'exception'),
  ...eachCode('code', ['RS', 'RT'], 'return_initiated', 'carrier_rts'),
  when({ code: 'CA' }, 'cancelled'),
  when({ derivedCode: 'IN' }, 'created', 'label_created'),
  when({ derivedCode: 'PU' }, 'in_transit', 'accepted'),
  when({ derivedCode: 'IT' }, 'in_transit'),
  when({ derivedCode: 'DL' }, 'delivered'),
  ...eachCode('derivedCode', ['DE', 'DY', 'SE'], 'exception'),
  when({ derivedCode: 'RS' }, 'return_initiated', 'carrier_rts'),
  when({ derivedCode: 'CA' }, 'cancelled'),
  when({}, 'unknown'),
];
