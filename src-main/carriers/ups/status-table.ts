/**
 * UPS Track API v1: `status.statusCode` (3-digit status description code) is matched first because it is the
 * most specific; `status.type` (activity type) catches everything else. Codes are zero-padded strings.
 * Status description codes whose meaning is plain "in transit" fall through to the type rows.
 */
import { eachCode, when, type StatusRow } from '../table';

export type UpsField = 'statusCode' | 'type';

export const UPS_STATUS_TABLE: readonly StatusRow<UpsField>[] = [
  ...eachCode('statusCode', ['011', '026', '143'], 'delivered'),
  // Judgement call: "delivered" to an Access Point or post office counter means waiting for the consignee.
  ...eachCode('statusCode', ['144', '161'], 'available_for_pickup'),
  ...eachCode('statusCode', ['017', '018', '040', '106', '107', '108', '109'], 'available_for_pickup'),
  ...eachCode('statusCode', ['006', '021', '037', '072', '078', '089', '091', '146', '162'], 'out_for_delivery'),
  when({ statusCode: '003' }, 'created', 'label_created'),
  ...eachCode('statusCode', ['044', '045', '070', '079', '080'], 'created'),
  when({ statusCode: '007' }, 'cancelled'),
  // Voided pickup, claim voided, delivery photo, updated delivery date/time: about the parcel, not a move.
  ...eachCode('statusCode', ['043', '142', '153', '154', '155'], null),
  when({ statusCode: '000' }, 'unknown'),
  ...eachCode('statusCode', ['038', '160', '167', '168', '169'], 'in_transit', 'accepted'),
  ...eachCode('statusCode', ['012', '014', '084', '092', '123', '124', '125', '126', '134'], 'in_transit', 'customs'),
  ...eachCode('statusCode', ['055', '115', '136'], 'in_transit', 'delivery_rescheduled'),
  ...eachCode('statusCode', ['028', '096'], 'in_transit', 'forwarded'),
  ...eachCode('statusCode', ['022', '023', '024', '060', '061', '062', '066', '069', '095', '139', '145'], 'exception', 'attempt_failed'),
  when({ statusCode: '064' }, 'exception', 'refused'),
  when({ statusCode: '050' }, 'exception', 'address_issue'),
  when({ statusCode: '058' }, 'exception', 'customs_documents'),
  when({ statusCode: '059' }, 'exception', 'damaged'),
  when({ statusCode: '068' }, 'exception', 'lost'),
  when({ statusCode: '085' }, 'exception', 'held_by_carrier'),
  ...eachCode('statusCode', ['051', '052', '053'], 'exception', 'delayed_weather'),
  ...eachCode('statusCode', ['046', '048', '086', '090', '132'], 'exception', 'delayed_carrier'),
  // Exception, action required, post office exception, partner exception, pickup attempts: reason from text.
  ...eachCode('statusCode', ['013', '029', '030', '049', '065', '076', '131', '135'], 'exception'),
  ...eachCode('statusCode', ['033', '035', '036', '067', '081'], 'return_initiated', 'carrier_rts'),
  when({ statusCode: '034' }, 'returned'),
  ...eachCode('type', ['D', 'DO', 'DD'], 'delivered'),
  when({ type: 'I' }, 'in_transit'),
  when({ type: 'W' }, 'in_transit'),
  when({ type: 'P' }, 'in_transit', 'accepted'),
  when({ type: 'M' }, 'created', 'label_created'),
  when({ type: 'MV' }, 'cancelled'),
  when({ type: 'X' }, 'exception'),
  when({ type: 'RS' }, 'return_initiated', 'carrier_rts'),
  when({ type: 'NA' }, 'unknown'),
  when({ type: 'U' }, 'unknown'),
  when({}, 'unknown'),
];
