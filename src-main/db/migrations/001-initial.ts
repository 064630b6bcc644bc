import type { Migration } from './runner';

/** The first schema: every room of the domain, so later issues fill tables rather than reshape them. */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE warehouses (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  business_hours TEXT
);

CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  carrier TEXT NOT NULL,
  service TEXT,
  warehouse TEXT,
  order_number TEXT,
  order_value_cents INTEGER,
  currency TEXT,
  label_created_at TEXT NOT NULL,
  ship_date TEXT,
  expected_delivery_original TEXT,
  expected_delivery_current TEXT,
  is_return INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'created',
  substatus TEXT,
  flags INTEGER NOT NULL DEFAULT 0,
  flags_seen INTEGER NOT NULL DEFAULT 0,
  first_scan_at TEXT,
  delivered_at TEXT,
  last_event_at TEXT,
  last_event_text TEXT,
  last_event_location TEXT,
  ship_to_name TEXT,
  ship_to_city TEXT,
  ship_to_region TEXT,
  ship_to_postal_code TEXT,
  ship_to_country TEXT,
  weight_oz REAL,
  next_poll_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (source, external_id)
);
CREATE INDEX shipments_tracking ON shipments (tracking_number);
CREATE INDEX shipments_order ON shipments (order_number);
CREATE INDEX shipments_created ON shipments (label_created_at);
CREATE INDEX shipments_carrier_created ON shipments (carrier, label_created_at);
CREATE INDEX shipments_status_created ON shipments (status, label_created_at);
CREATE INDEX shipments_warehouse_created ON shipments (warehouse, label_created_at);
CREATE INDEX shipments_next_poll ON shipments (carrier, next_poll_at) WHERE next_poll_at IS NOT NULL;
-- Shipments nobody has scheduled yet (new from sync or import): the poller adopts them through this index.
CREATE INDEX shipments_unscheduled ON shipments (id) WHERE next_poll_at IS NULL AND status NOT IN ('delivered', 'returned', 'cancelled');

CREATE TABLE tracking_events (
  id INTEGER PRIMARY KEY,
  shipment_id INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  event_key TEXT NOT NULL,
  occurred_at TEXT,
  local_time TEXT,
  status TEXT,
  substatus TEXT,
  raw_code TEXT NOT NULL,
  raw_text TEXT NOT NULL,
  location TEXT,
  recorded_at TEXT NOT NULL,
  UNIQUE (shipment_id, event_key)
);

CREATE TABLE carrier_responses (
  id INTEGER PRIMARY KEY,
  carrier TEXT NOT NULL,
  url TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  fetched_at TEXT NOT NULL,
  body BLOB NOT NULL
);

CREATE TABLE exceptions (
  id INTEGER PRIMARY KEY,
  shipment_id INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  assignee TEXT,
  snoozed_until TEXT,
  resolution_code TEXT,
  resolution_note TEXT,
  priority REAL NOT NULL DEFAULT 0,
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  UNIQUE (shipment_id, reason)
);
CREATE INDEX exceptions_state_priority ON exceptions (state, priority DESC);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  operator TEXT,
  station TEXT,
  at TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);

CREATE TABLE scan_sessions (
  id INTEGER PRIMARY KEY,
  station TEXT NOT NULL,
  operator TEXT NOT NULL,
  carrier TEXT,
  purpose TEXT NOT NULL,
  warehouse TEXT,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  note TEXT
);

CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES scan_sessions (id),
  raw TEXT NOT NULL,
  carrier TEXT,
  tracking_number TEXT,
  shipment_id INTEGER REFERENCES shipments (id),
  verdict TEXT NOT NULL,
  scanned_at TEXT NOT NULL,
  undone_at TEXT,
  note TEXT
);
CREATE INDEX scans_session ON scans (session_id);
CREATE INDEX scans_tracking ON scans (tracking_number);

CREATE TABLE returns (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  rma_number TEXT,
  order_number TEXT,
  shipment_id INTEGER REFERENCES shipments (id),
  tracking_number TEXT,
  carrier TEXT,
  reason TEXT,
  expected_items TEXT,
  state TEXT NOT NULL DEFAULT 'label_issued',
  condition TEXT,
  note TEXT,
  pickup_id INTEGER REFERENCES pickups (id),
  received_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (source, external_id)
);
CREATE INDEX returns_tracking ON returns (tracking_number);
CREATE INDEX returns_rma ON returns (rma_number);
CREATE INDEX returns_state ON returns (state);

CREATE TABLE pickups (
  id INTEGER PRIMARY KEY,
  carrier TEXT NOT NULL,
  confirmation_number TEXT,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  location TEXT,
  parcel_count INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'scheduled',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE carrier_accounts (
  id INTEGER PRIMARY KEY,
  carrier TEXT NOT NULL UNIQUE,
  environment TEXT NOT NULL DEFAULT 'production',
  base_url TEXT,
  secret_ref TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  quota_per_minute REAL,
  last_success_at TEXT,
  last_failure_at TEXT,
  last_failure TEXT,
  circuit_state TEXT NOT NULL DEFAULT 'closed'
);

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  error TEXT
);

CREATE TABLE sync_rejects (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  row_number INTEGER NOT NULL,
  raw TEXT NOT NULL,
  reason TEXT NOT NULL
);

CREATE TABLE sync_cursors (
  source TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
