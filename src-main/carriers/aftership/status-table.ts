/**
 * AfterShip tags (shipment `tag`, checkpoint `tag`) with `subtag` refinements. Only subtags whose meaning is
 * documented by AfterShip are listed; the others take their reason from the checkpoint text.
 */
import { when, type StatusRow } from '../table';

export type AfterShipField = 'tag' | 'subtag';

export const AFTERSHIP_STATUS_TABLE: readonly StatusRow<AfterShipField>[] = [
  // Judgement call: Pending means AfterShip has no carrier information yet, so the status is unknown.
  when({ tag: 'Pending' }, 'unknown'),
  when({ tag: 'Expired' }, 'unknown'),
  when({ tag: 'InfoReceived' }, 'created', 'info_received'),
  when({ tag: 'InTransit', subtag: 'InTransit_002' }, 'in_transit', 'accepted'),
  when({ tag: 'InTransit', subtag: 'InTransit_003' }, 'in_transit', 'at_facility'),
  when({ tag: 'InTransit', subtag: 'InTransit_007' }, 'in_transit', 'departed'),
  when({ tag: 'InTransit' }, 'in_transit'),
  when({ tag: 'OutForDelivery' }, 'out_for_delivery'),
  when({ tag: 'AvailableForPickup' }, 'available_for_pickup'),
  when({ tag: 'AttemptFail' }, 'exception', 'attempt_failed'),
  when({ tag: 'Delivered', subtag: 'Delivered_002' }, 'delivered', 'picked_up_by_recipient'),
  when({ tag: 'Delivered', subtag: 'Delivered_003' }, 'delivered', 'signed'),
  when({ tag: 'Delivered', subtag: 'Delivered_005' }, 'delivered', 'neighbour'),
  when({ tag: 'Delivered' }, 'delivered'),
  when({ tag: 'Exception', subtag: 'Exception_002' }, 'exception', 'undeliverable'),
  when({ tag: 'Exception', subtag: 'Exception_003' }, 'exception', 'refused'),
  when({ tag: 'Exception', subtag: 'Exception_004' }, 'exception', 'customs_hold'),
  when({ tag: 'Exception', subtag: 'Exception_005' }, 'exception', 'delayed_carrier'),
  ...['Exception_010', 'Exception_011'].map((subtag) => when<AfterShipField>({ tag: 'Exception', subtag }, 'return_initiated', 'carrier_rts')),
  when({ tag: 'Exception' }, 'exception'),
  when({}, 'unknown'),
];
