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
  /** Every flag the shipment has ever carried, for KPIs such as the stalled rate. */
  flags_seen: number;
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

export interface ScanSessionsTable {
  id: Generated<number>;
  station: string;
  operator: string;
  carrier: string | null;
  purpose: string;
  warehouse: string | null;
  opened_at: string;
  closed_at: string | null;
  note: string | null;
}

export interface ScansTable {
  id: Generated<number>;
  session_id: number;
  raw: string;
  carrier: string | null;
  tracking_number: string | null;
  shipment_id: number | null;
  verdict: string;
  scanned_at: string;
  undone_at: string | null;
  note: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  entity: string;
  entity_id: number;
  action: string;
  operator: string | null;
  station: string | null;
  at: string;
  before: string | null;
  after: string | null;
}

export interface ExceptionsTable {
  id: Generated<number>;
  shipment_id: number;
  reason: string;
  state: string;
  assignee: string | null;
  snoozed_until: string | null;
  resolution_code: string | null;
  resolution_note: string | null;
  priority: number;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  version: Generated<number>;
  closed_by: string | null;
  condition_active: Generated<number>;
  priority_at: string | null;
}

export interface Schema {
  shipments: ShipmentsTable;
  warehouses: WarehousesTable;
  tracking_events: TrackingEventsTable;
  settings: SettingsTable;
  scan_sessions: ScanSessionsTable;
  scans: ScansTable;
  audit_log: AuditLogTable;
  exceptions: ExceptionsTable;
}
