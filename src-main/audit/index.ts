import type { Db } from '../db/create-db';
import type { Capability } from '../dispatch/capability';

/** The kinds of record whose changes are audited. */
type AuditEntity = 'exception' | 'return' | 'pickup' | 'scan_session' | 'scan';

/** One change: what it touched, who made it (a person at a station, or `system:*`), when, and its before/after. */
export interface AuditEntry {
  entity: AuditEntity;
  entityId: number;
  action: string;
  operator: string | null;
  station: string | null;
  at: string;
  before: unknown;
  after: unknown;
}

/** The audit_log row of an entry, in column order: before/after stored as JSON, absent as NULL. */
export function auditRow(e: AuditEntry): [string, number, string, string | null, string | null, string, string | null, string | null] {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  return [e.entity, e.entityId, e.action, e.operator, e.station, e.at, json(e.before), json(e.after)];
}

const INSERT = 'INSERT INTO audit_log (entity, entity_id, action, operator, station, at, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** Writes one entry; it belongs to the change it describes, so it must run inside the caller's `db.write`. */
export function recordAudit(db: Db, entry: AuditEntry): void {
  if (!db.raw.inTransaction) throw new Error(`audit of ${entry.entity} ${entry.entityId} (${entry.action}) outside a db.write transaction`);
  db.prepare(INSERT).run(...auditRow(entry));
}

/** The audit trail answers no method of its own (the queue's timeline reads it); it owns the table every desk writes. */
export const auditCapability = (): Capability => ({ name: 'audit', handlers: {}, events: [], tables: { audit_log: 'replicated' }, service: undefined });
