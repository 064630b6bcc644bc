/**
 * Australia Post Shipping & Tracking (`/shipping/v1/track`) gives words, not codes: an item `status`
 * ("Delivered", "In transit", "Unknown"…) and a free-text `description` per event. Two ordered tables:
 * one for the item status, one for event text, narrow phrases before broad ones.
 */
import { when, whenText, type StatusRow } from '../table';

export type AustraliaPostItemField = 'status';
export type AustraliaPostEventField = 'text';

export const AUSTRALIA_POST_ITEM_STATUS_TABLE: readonly StatusRow<AustraliaPostItemField>[] = [
  when({ status: 'Created' }, 'created', 'label_created'),
  when({ status: 'Consignment created' }, 'created', 'label_created'),
  when({ status: 'Initiated' }, 'created', 'info_received'),
  when({ status: 'Sealed' }, 'created', 'info_received'),
  when({ status: 'In transit' }, 'in_transit'),
  // Judgement call: part of a consignment is still moving, so it is not finished.
  when({ status: 'Partially Delivered' }, 'in_transit'),
  when({ status: 'On Board for Delivery' }, 'out_for_delivery'),
  when({ status: 'Onboard for delivery' }, 'out_for_delivery'),
  when({ status: 'Delivered' }, 'delivered'),
  when({ status: 'Delivered in Full' }, 'delivered'),
  when({ status: 'Awaiting collection' }, 'available_for_pickup'),
  when({ status: 'Ready for Pickup' }, 'available_for_pickup'),
  when({ status: 'Possible delay' }, 'exception', 'delayed_carrier'),
  when({ status: 'To be Re-Delivered' }, 'exception', 'attempt_failed'),
  when({ status: 'Unsuccessful Delivery' }, 'exception', 'attempt_failed'),
  when({ status: 'Unsuccessful pickup' }, 'exception', 'pickup_missed'),
  when({ status: 'Held by courier' }, 'exception', 'held_by_carrier'),
  when({ status: 'Article damaged' }, 'exception', 'damaged'),
  when({ status: 'Cannot be delivered' }, 'exception', 'undeliverable'),
  when({ status: 'Returned to sender' }, 'return_initiated', 'carrier_rts'),
  when({ status: 'Cancelled' }, 'cancelled'),
  // Anything else, "Unknown" above all, which arrives over perfectly good in-transit events: the events decide.
  when({}, null),
];

export const AUSTRALIA_POST_EVENT_TABLE: readonly StatusRow<AustraliaPostEventField>[] = [
  // Before "delivered": these name a delivery that did not happen.
  whenText({}, { text: 'cannot be delivered' }, 'exception', 'undeliverable'),
  whenText({}, { text: 're-delivered' }, 'exception', 'attempt_failed'),
  whenText({}, { text: 'attempted delivery' }, 'exception', 'attempt_failed'),
  whenText({}, { text: 'unsuccessful delivery' }, 'exception', 'attempt_failed'),
  whenText({}, { text: 'awaiting collection' }, 'available_for_pickup'),
  whenText({}, { text: 'ready for collection' }, 'available_for_pickup'),
  whenText({}, { text: 'return to sender' }, 'return_initiated', 'carrier_rts'),
  whenText({}, { text: 'returned to sender' }, 'return_initiated', 'carrier_rts'),
  whenText({}, { text: 'onboard for delivery' }, 'out_for_delivery'),
  whenText({}, { text: 'on board for delivery' }, 'out_for_delivery'),
  whenText({}, { text: 'for delivery today' }, 'out_for_delivery'),
  whenText({}, { text: 'collected by customer' }, 'delivered', 'picked_up_by_recipient'),
  whenText({}, { text: 'safe place' }, 'delivered', 'safe_place'),
  whenText({}, { text: 'parcel locker' }, 'delivered', 'locker'),
  whenText({}, { text: 'delivered' }, 'delivered'),
  whenText({}, { text: 'damaged' }, 'exception', 'damaged'),
  whenText({}, { text: 'held by customs' }, 'exception', 'customs_hold'),
  whenText({}, { text: 'held by' }, 'exception', 'held_by_carrier'),
  whenText({}, { text: 'possible delay' }, 'exception', 'delayed_carrier'),
  // An international parcel passes through customs as a matter of course; only a hold is an exception.
  whenText({}, { text: 'customs' }, 'in_transit', 'customs'),
  whenText({}, { text: 'shipping information' }, 'created', 'info_received'),
  whenText({}, { text: 'lodged' }, 'in_transit', 'accepted'),
  whenText({}, { text: 'picked up' }, 'in_transit', 'accepted'),
  whenText({}, { text: 'arrived' }, 'in_transit', 'at_facility'),
  whenText({}, { text: 'processed' }, 'in_transit', 'at_facility'),
  whenText({}, { text: 'departed' }, 'in_transit', 'departed'),
  whenText({}, { text: 'in transit' }, 'in_transit'),
  when({}, 'unknown'),
];
