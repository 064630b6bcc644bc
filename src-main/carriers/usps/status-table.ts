/**
 * USPS Tracking v3. Events: `eventCode` first (delivered rows refined by the `eventType` text), then keyword
 * rows on `eventType` for codes not listed. Shipment: `statusCategory`, the authoritative coarse status.
 */
import { eachCode, when, whenText, type StatusRow } from '../table';

export type UspsEventField = 'eventCode' | 'eventType';

export const USPS_EVENT_TABLE: readonly StatusRow<UspsEventField>[] = [
  // "Delivered, To Original Sender" is a return arriving back with us.
  whenText({ eventCode: '01' }, { eventType: 'original sender' }, 'returned'),
  whenText({ eventCode: '01' }, { eventType: 'parcel locker' }, 'delivered', 'locker'),
  whenText({ eventCode: '01' }, { eventType: 'mailbox' }, 'delivered', 'safe_place'),
  whenText({ eventCode: '01' }, { eventType: 'front door' }, 'delivered', 'safe_place'),
  whenText({ eventCode: '01' }, { eventType: 'porch' }, 'delivered', 'safe_place'),
  whenText({ eventCode: '01' }, { eventType: 'secure location' }, 'delivered', 'safe_place'),
  whenText({ eventCode: '01' }, { eventType: 'neighbor' }, 'delivered', 'neighbour'),
  whenText({ eventCode: '01' }, { eventType: 'post office' }, 'delivered', 'picked_up_by_recipient'),
  whenText({ eventCode: '01' }, { eventType: 'individual' }, 'delivered', 'signed'),
  whenText({ eventCode: '01' }, { eventType: 'front desk' }, 'delivered', 'signed'),
  when({ eventCode: '01' }, 'delivered'),
  when({ eventCode: 'GX' }, 'created', 'label_created'),
  when({ eventCode: 'MA' }, 'created', 'info_received'),
  ...eachCode('eventCode', ['03', 'OA'], 'in_transit', 'accepted'),
  ...eachCode('eventCode', ['SF', 'T1', 'EF'], 'in_transit', 'departed'),
  ...eachCode('eventCode', ['10', 'A1', '07'], 'in_transit', 'at_facility'),
  ...eachCode('eventCode', ['TL', 'PC'], 'in_transit'),
  when({ eventCode: 'OF' }, 'out_for_delivery'),
  when({ eventCode: '16' }, 'available_for_pickup'),
  when({ eventCode: '02' }, 'exception', 'attempt_failed'),
  when({ eventCode: '04' }, 'exception', 'refused'),
  ...eachCode('eventCode', ['05', '23'], 'exception', 'undeliverable'),
  ...eachCode('eventCode', ['21', '22'], 'exception', 'address_issue'),
  ...eachCode('eventCode', ['09', '29'], 'return_initiated', 'carrier_rts'),
  whenText({}, { eventType: 'original sender' }, 'returned'),
  whenText({}, { eventType: 'delivered' }, 'delivered'),
  whenText({}, { eventType: 'out for delivery' }, 'out_for_delivery'),
  whenText({}, { eventType: 'available for pickup' }, 'available_for_pickup'),
  whenText({}, { eventType: 'label created' }, 'created', 'label_created'),
  whenText({}, { eventType: 'pre-shipment' }, 'created', 'info_received'),
  whenText({}, { eventType: 'return to sender' }, 'return_initiated', 'carrier_rts'),
  whenText({}, { eventType: 'notice left' }, 'exception', 'attempt_failed'),
  whenText({}, { eventType: 'attempted' }, 'exception', 'attempt_failed'),
  whenText({}, { eventType: 'alert' }, 'exception'),
  whenText({}, { eventType: 'accepted' }, 'in_transit', 'accepted'),
  whenText({}, { eventType: 'in possession' }, 'in_transit', 'accepted'),
  whenText({}, { eventType: 'arrived' }, 'in_transit', 'at_facility'),
  whenText({}, { eventType: 'departed' }, 'in_transit', 'departed'),
  whenText({}, { eventType: 'in transit' }, 'in_transit'),
  when({}, 'unknown'),
];

export type UspsCategoryField = 'statusCategory' | 'status';

export const USPS_CATEGORY_TABLE: readonly StatusRow<UspsCategoryField>[] = [
  whenText({ statusCategory: 'Delivered' }, { status: 'original sender' }, 'returned'),
  when({ statusCategory: 'Delivered' }, 'delivered'),
  when({ statusCategory: 'Pre-Shipment' }, 'created', 'label_created'),
  when({ statusCategory: 'Accepted' }, 'in_transit', 'accepted'),
  when({ statusCategory: 'In Transit' }, 'in_transit'),
  when({ statusCategory: 'Out for Delivery' }, 'out_for_delivery'),
  when({ statusCategory: 'Available for Pickup' }, 'available_for_pickup'),
  when({ statusCategory: 'Delivery Attempt' }, 'exception', 'attempt_failed'),
  when({ statusCategory: 'Alert' }, 'exception'),
  when({ statusCategory: 'Return to Sender' }, 'return_initiated', 'carrier_rts'),
  // An unknown category is no authority: the newest status-bearing event decides instead.
  when({}, null),
];
