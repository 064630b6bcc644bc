/**
 * EasyPost Tracker: EasyPost already normalizes, so `status` decides and `status_detail` refines it
 * (for `failure` it names the exception reason).
 */
import { when, type StatusRow } from '../table';

export type EasyPostField = 'status' | 'detail';

export const EASYPOST_STATUS_TABLE: readonly StatusRow<EasyPostField>[] = [
  when({ status: 'failure', detail: 'damaged' }, 'exception', 'damaged'),
  when({ status: 'failure', detail: 'lost' }, 'exception', 'lost'),
  when({ status: 'failure', detail: 'refused' }, 'exception', 'refused'),
  when({ status: 'failure', detail: 'address_correction' }, 'exception', 'address_issue'),
  when({ status: 'failure', detail: 'weather_delay' }, 'exception', 'delayed_weather'),
  when({ status: 'failure', detail: 'delayed' }, 'exception', 'delayed_carrier'),
  when({ status: 'failure', detail: 'missorted' }, 'exception', 'delayed_carrier'),
  when({ status: 'failure', detail: 'held' }, 'exception', 'held_by_carrier'),
  when({ status: 'failure', detail: 'awaiting_information' }, 'exception', 'info_required'),
  when({ status: 'failure' }, 'exception'),
  when({ status: 'pre_transit', detail: 'label_created' }, 'created', 'label_created'),
  when({ status: 'pre_transit' }, 'created'),
  when({ status: 'in_transit', detail: 'received_at_origin_facility' }, 'in_transit', 'accepted'),
  when({ status: 'in_transit', detail: 'arrived_at_facility' }, 'in_transit', 'at_facility'),
  when({ status: 'in_transit', detail: 'received_at_destination_facility' }, 'in_transit', 'at_facility'),
  when({ status: 'in_transit', detail: 'arrived_at_destination' }, 'in_transit', 'at_facility'),
  when({ status: 'in_transit', detail: 'departed_facility' }, 'in_transit', 'departed'),
  when({ status: 'in_transit', detail: 'departed_origin_facility' }, 'in_transit', 'departed'),
  when({ status: 'in_transit', detail: 'transferred_to_destination_carrier' }, 'in_transit', 'forwarded'),
  when({ status: 'in_transit' }, 'in_transit'),
  when({ status: 'out_for_delivery' }, 'out_for_delivery'),
  when({ status: 'delivered' }, 'delivered'),
  when({ status: 'available_for_pickup' }, 'available_for_pickup'),
  when({ status: 'return_to_sender' }, 'return_initiated', 'carrier_rts'),
  // Our model has a cancelled status of its own, so EasyPost's cancelled is not folded into exception.
  when({ status: 'cancelled' }, 'cancelled'),
  when({ status: 'error' }, 'unknown', 'sync_error'),
  when({}, 'unknown'),
];
