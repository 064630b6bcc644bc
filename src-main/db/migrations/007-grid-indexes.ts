import type { Migration } from './runner';

/**
 * Indexes for grids at a million rows (issue 15). Every sortable Shipments column gets an index of its own:
 * SQLite appends the rowid to every index entry, so `(column)` already orders by `column, id`, which is the
 * grids' sort with its tie-break, and a view's sorted ids are one index walk instead of a sort. The tails
 * serve search by the last four characters (what a customer reads out on the phone), the ship-day expression
 * serves the date-range filter, and the join keys serve joins that used to scan.
 */
export const gridIndexesSchema: Migration = {
  version: 7,
  name: 'grid indexes',
  sql: `
CREATE INDEX shipments_ship_date ON shipments (ship_date);
CREATE INDEX shipments_by_carrier ON shipments (carrier);
CREATE INDEX shipments_service ON shipments (service);
CREATE INDEX shipments_warehouse ON shipments (warehouse);
CREATE INDEX shipments_order_value ON shipments (order_value_cents);
CREATE INDEX shipments_by_status ON shipments (status);
CREATE INDEX shipments_last_event ON shipments (last_event_at);
CREATE INDEX shipments_expected_current ON shipments (expected_delivery_current);
-- Spelled exactly as the queries spell them: SQLite uses an expression index only for the same expression.
CREATE INDEX shipments_ship_day ON shipments (coalesce(ship_date, substr(label_created_at, 1, 10)));
CREATE INDEX shipments_tracking_tail ON shipments (substr(tracking_number, -4));
CREATE INDEX shipments_order_tail ON shipments (substr(order_number, -4));
-- The working queue by item column and by shipment, so a queue view never reads 500k items row by row.
CREATE INDEX exceptions_queue_opened ON exceptions (opened_at) WHERE state IN ('open', 'in_progress');
CREATE INDEX exceptions_queue_reason ON exceptions (reason) WHERE state IN ('open', 'in_progress');
CREATE INDEX exceptions_queue_shipment ON exceptions (shipment_id) WHERE state IN ('open', 'in_progress');
CREATE INDEX scans_shipment ON scans (shipment_id);
CREATE INDEX returns_shipment ON returns (shipment_id);
CREATE INDEX returns_pickup ON returns (pickup_id);
`,
};
