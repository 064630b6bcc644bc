import type { Migration } from './runner';

/** The exception queue: optimistic versions, who closed an item, re-trigger memory and the queue's indexes. */
export const exceptionsSchema: Migration = {
  version: 3,
  name: 'exception queue',
  sql: `
-- Bumped on every change: an action carrying an older version was made on stale data and is refused.
ALTER TABLE exceptions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- 'system' for auto_resolved, else the operator who resolved it.
ALTER TABLE exceptions ADD COLUMN closed_by TEXT;
-- 1 while the rule that opened the item still holds: only a trigger that ends and comes back reopens a resolved item.
ALTER TABLE exceptions ADD COLUMN condition_active INTEGER NOT NULL DEFAULT 0;
-- When the stored priority was computed (its age factor), so the explanation matches the number shown.
ALTER TABLE exceptions ADD COLUMN priority_at TEXT;

-- The working queue walks this index in priority order; the WHERE must be spelled the same way in queries.
CREATE INDEX exceptions_queue ON exceptions (priority DESC, id DESC) WHERE state IN ('open', 'in_progress');
-- Replaced by exceptions_queue: the planner preferred it and then sorted the whole queue, and every priority
-- refresh rewrote entries scattered over it, doubling the pages each rules pass writes.
DROP INDEX exceptions_state_priority;
CREATE INDEX exceptions_snoozed ON exceptions (snoozed_until) WHERE state = 'snoozed';
CREATE INDEX exceptions_active_shipment ON exceptions (shipment_id) WHERE state IN ('open', 'in_progress', 'snoozed');

-- Late parcels (flag bit 4) for the dashboard tiles, without scanning every delivered shipment.
CREATE INDEX shipments_late ON shipments (status, delivered_at, carrier) WHERE (flags & 4) != 0;
`,
};
