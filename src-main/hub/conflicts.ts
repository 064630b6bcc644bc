import type { HubConflict } from '../../src-shared/api';
import type { Db } from '../db/create-db';

interface ConflictAudit {
  id: number;
  entity: string;
  entity_id: number;
  station: string | null;
  at: string;
  before: string | null;
  after: string | null;
}

type Data = Record<string, unknown> | null;

const parse = (text: string | null): Record<string, unknown> => {
  try {
    const value: unknown = text === null ? null : JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const asData = (value: unknown): Data => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/**
 * The winning change's author. The conflict entry names the winning station and the hub's time; the winner's
 * own audit entry (replicated here, its record id translated to this station's) names the person and the action.
 * Of that station's entries within two minutes of the win (station clocks differ from the hub's), one about the
 * same record comes first, then one that left the kept state (a note made just before is not the winning
 * change), then the nearest in time (the latest of equals); an exception's kept row names who closed or holds it when no entry has
 * arrived yet.
 */
function winner(db: Db, entity: string, entityId: number, station: string, at: string, kept: Data): { operator: string | null; action: string | null } {
  const found = db
    .prepare(
      `SELECT operator, action FROM audit_log
       WHERE entity = ? AND station = ? AND action <> 'hub_conflict_lost' AND at BETWEEN ? AND ?
       ORDER BY entity_id = ? DESC, coalesce(CASE WHEN json_valid(after) THEN json_extract(after, '$.state') END = ?, 0) DESC, abs(julianday(at) - julianday(?)), id DESC LIMIT 1`,
    )
    .get(
      entity,
      station,
      new Date(Date.parse(at) - 120_000).toISOString(),
      new Date(Date.parse(at) + 120_000).toISOString(),
      entityId,
      text(kept?.state),
      at,
    ) as { operator: string | null; action: string } | undefined;
  return { operator: found?.operator ?? text(kept?.closed_by) ?? text(kept?.assignee), action: found?.action ?? null };
}

/** The parcel behind a kept record: a return names it; an exception refers to its shipment by hub name. */
function trackingNumberOf(db: Db, kept: Data, stationId: string): string | null {
  if (!kept) return null;
  if (text(kept.tracking_number)) return text(kept.tracking_number);
  const ref = kept.shipment_id;
  // Written here, the kept row names its shipment by hub name; pulled, by this station's own id (audit-ids.ts).
  if (typeof ref === 'number') return (db.prepare('SELECT tracking_number AS t FROM shipments WHERE id = ?').get(ref) as { t: string } | undefined)?.t ?? null;
  if (!Array.isArray(ref) || ref.length !== 2) return null;
  const [origin, key] = ref.map(String);
  const local =
    origin === stationId
      ? key
      : (
          db.prepare("SELECT local_key AS k FROM hub_row_origins WHERE tbl = 'shipments' AND origin_station = ? AND origin_key = ?").get(origin, key) as
            { k: string } | undefined
        )?.k;
  if (local === undefined) return null;
  return (db.prepare('SELECT tracking_number AS t FROM shipments WHERE id = ?').get(Number(local)) as { t: string } | undefined)?.t ?? null;
}

/** One `hub_conflict_lost` audit entry as a person reads it; `me` is this station, whose own entries carry its record ids. */
export function conflictOf(db: Db, a: ConflictAudit, me: { id: string; name: string }): HubConflict {
  const before = parse(a.before);
  const after = parse(a.after);
  const kept = asData(after.kept);
  const lost = asData(before.lost);
  const wonBy = text(after.wonBy) ?? 'another station';
  const wonAt = text(after.wonAt) ?? a.at;
  const mine = a.station === me.name && typeof before.key === 'string' && /^\d+$/.test(before.key);
  const won = winner(db, a.entity, a.entity_id, wonBy, wonAt, kept);
  return {
    auditId: a.id,
    entity: a.entity,
    entityId: mine ? Number(before.key) : null,
    lostBy: a.station,
    lostAt: a.at,
    wonBy,
    wonOperator: won.operator,
    wonAction: won.action,
    wonAt,
    keptState: text(kept?.state),
    lostState: text(lost?.state),
    trackingNumber: trackingNumberOf(db, kept, me.id),
  };
}

/** Conflicts newest first: since a time (a manager's day), or those of one record of this station. */
export function listConflicts(
  db: Db,
  me: { id: string; name: string },
  q: { since?: string; entity?: string; entityId?: number; limit: number },
): HubConflict[] {
  const where = ["action = 'hub_conflict_lost'"];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.since) add('at >= ?', new Date(q.since).toISOString());
  if (q.entity) add('entity = ?', q.entity);
  // A record's id is this station's own only in the entries this station wrote.
  if (q.entityId !== undefined) add('entity_id = ? AND station = ?', q.entityId, me.name);
  const rows = db
    .prepare(`SELECT id, entity, entity_id, station, at, before, after FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`)
    .all(...params, q.limit) as ConflictAudit[];
  return rows.map((a) => conflictOf(db, a, me));
}
