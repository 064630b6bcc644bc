/**
 * DHL Shipment Tracking – Unified: `statusCode` is a closed enum and always decides the status (the `status`
 * text can contradict it); the description text only refines `transit`, `delivered` and `failure`.
 */
import { when, whenText, type StatusRow } from '../table';

export type DhlField = 'statusCode' | 'text';

export const DHL_STATUS_TABLE: readonly StatusRow<DhlField>[] = [
  when({ statusCode: 'pre-transit' }, 'created', 'info_received'),
  whenText({ statusCode: 'transit' }, { text: 'out for delivery' }, 'out_for_delivery'),
  whenText({ statusCode: 'transit' }, { text: 'with courier for delivery' }, 'out_for_delivery'),
  whenText({ statusCode: 'transit' }, { text: 'ready for pick' }, 'available_for_pickup'),
  whenText({ statusCode: 'transit' }, { text: 'ready for collection' }, 'available_for_pickup'),
  whenText({ statusCode: 'transit' }, { text: 'customs' }, 'in_transit', 'customs'),
  whenText({ statusCode: 'transit' }, { text: 'arrived' }, 'in_transit', 'at_facility'),
  whenText({ statusCode: 'transit' }, { text: 'departed' }, 'in_transit', 'departed'),
  whenText({ statusCode: 'transit' }, { text: 'picked up' }, 'in_transit', 'accepted'),
  when({ statusCode: 'transit' }, 'in_transit'),
  whenText({ statusCode: 'delivered' }, { text: 'neighbo' }, 'delivered', 'neighbour'),
  whenText({ statusCode: 'delivered' }, { text: 'packstation' }, 'delivered', 'locker'),
  whenText({ statusCode: 'delivered' }, { text: 'locker' }, 'delivered', 'locker'),
  whenText({ statusCode: 'delivered' }, { text: 'signed' }, 'delivered', 'signed'),
  when({ statusCode: 'delivered' }, 'delivered'),
  whenText({ statusCode: 'failure' }, { text: 'return' }, 'return_initiated', 'carrier_rts'),
  when({ statusCode: 'failure' }, 'exception'),
  when({ statusCode: 'unknown' }, 'unknown'),
  when({}, 'unknown'),
];
