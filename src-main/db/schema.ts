import type { Generated } from 'kysely';

/** Kysely's view of the tables; SQL column names, SQL types (0/1 integers, ISO text times). */
export interface ShipmentsTable {
  id: Generated<number>;
  source: string;
  external_id: string;
  tracking_number: string;
  carrier: string;
  service: string | null;
  warehouse: string | null;
  order_number: string | null;
  order_value_cents: number | null;
  currency: string | null;
  label_created_at: string;
  ship_date: string | null;
  expected_delivery_original: string | null;
  expected_delivery_current: string | null;
  is_return: number;
  status: string;
  substatus: string | null;
  flags: number;
  first_scan_at: string | null;
  delivered_at: string | null;
  last_event_at: string | null;
  last_event_text: string | null;
  last_event_location: string | null;
  ship_to_name: string | null;
  ship_to_city: string | null;
  ship_to_region: string | null;
  ship_to_postal_code: string | null;
  ship_to_country: string | null;
  weight_oz: number | null;
  next_poll_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WarehousesTable {
  code: string;
  name: string;
  time_zone: string;
  business_hours: string | null;
}

export interface TrackingEventsTable {
  id: Generated<number>;
  shipment_id: number;
  event_key: string;
  occurred_at: string | null;
  local_time: string | null;
  status: string | null;
  substatus: string | null;
  raw_code: string;
  raw_text: string;
  location: string | null;
  recorded_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Schema {
  shipments: ShipmentsTable;
  warehouses: WarehousesTable;
  tracking_events: TrackingEventsTable;
  settings: SettingsTable;
}
