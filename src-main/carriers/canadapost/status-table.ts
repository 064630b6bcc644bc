/**
 * Canada Post tracking `event-identifier` codes. Real responses pad codes with zeros (`0174`) while reference
 * lists do not (`174`): rows are written unpadded and the mapper strips leading zeros before lookup.
 * Exception codes follow the reason groups Karrio documents for Canada Post; unknown codes fall back to text.
 */
import { eachCode, when, whenText, type StatusRow } from '../table';

export type CanadaPostField = 'code' | 'text';

export const CANADA_POST_STATUS_TABLE: readonly StatusRow<CanadaPostField>[] = [
  // Signature image recorded: informational, it must not turn an undelivered parcel into a delivered one.
  when({ code: '20' }, null),
  when({ code: '3000' }, 'created', 'info_received'),
  when({ code: '2300' }, 'in_transit', 'accepted'),
  when({ code: '100' }, 'in_transit', 'at_facility'),
  ...eachCode('code', ['174', '500'], 'out_for_delivery'),
  when({ code: '1496' }, 'delivered'),
  ...eachCode('code', ['119', '142', '143', '144', '145', '146', '147', '148', '149'], 'exception', 'damaged'),
  ...eachCode('code', ['124', '126', '151', '152', '153'], 'exception', 'lost'),
  ...eachCode('code', ['150', '1415', '1416'], 'exception', 'refused'),
  ...eachCode('code', ['122', '123', '1413', '1440', '1485', '1486', '1489', '1490'], 'exception', 'address_issue'),
  // Judgement call: 0173 "addressing error found; attempting to correct" is an address_issue exception, not a delay.
  ...eachCode('code', ['172', '173', '1482', '1483'], 'exception', 'address_issue'),
  ...eachCode('code', ['167', '168', '169', '1417'], 'exception', 'attempt_failed'),
  ...eachCode('code', ['179', '181', '182'], 'exception', 'attempt_failed'),
  ...eachCode('code', ['183', '184', '190', '1418', '1419', '1420'], 'exception', 'attempt_failed'),
  ...eachCode('code', ['154', '180', '185', '186', '187', '188', '189'], 'exception', 'attempt_failed'),
  ...eachCode('code', ['128', '129', '130', '131', '132', '133'], 'exception', 'delayed_carrier'),
  ...eachCode('code', ['134', '135', '136', '137', '138'], 'exception', 'delayed_carrier'),
  ...eachCode('code', ['155', '157', '158'], 'exception', 'delayed_carrier'),
  ...eachCode('code', ['810', '1443', '1484', '1487'], 'exception', 'customs_hold'),
  ...eachCode('code', ['117', '120', '121'], 'exception', 'customs_documents'),
  ...eachCode('code', ['125', '127', '1494'], 'exception', 'duties_unpaid'),
  ...eachCode('code', ['159', '160', '161', '162', '163', '164', '165', '166'], 'exception', 'delayed_weather'),
  whenText({}, { text: 'signature image' }, null),
  whenText({}, { text: 'out for delivery' }, 'out_for_delivery'),
  whenText({}, { text: 'successfully delivered' }, 'delivered'),
  whenText({}, { text: 'available for pick' }, 'available_for_pickup'),
  whenText({}, { text: 'ready for pick' }, 'available_for_pickup'),
  whenText({}, { text: 'return to sender' }, 'return_initiated', 'carrier_rts'),
  whenText({}, { text: 'returned to sender' }, 'return_initiated', 'carrier_rts'),
  whenText({}, { text: 'information submitted' }, 'created', 'info_received'),
  whenText({}, { text: 'information received' }, 'created', 'info_received'),
  whenText({}, { text: 'picked up by canada post' }, 'in_transit', 'accepted'),
  whenText({}, { text: 'processed' }, 'in_transit', 'at_facility'),
  whenText({}, { text: 'in transit' }, 'in_transit'),
  when({}, 'unknown'),
];
