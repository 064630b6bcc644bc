import type { ExceptionTimeline, ExceptionTimelineEntry } from '../../src-shared/api';
import type { QueueReason } from '../../src-shared/domain/exceptions/reasons';
import type { Db } from '../db/create-db';

/** The latest audit entry of an item: names who changed it when an action meets a newer version. */
export function lastAuditOf(db: Db, exceptionId: number): { action: string; operator: string | null; station: string | null } | null {
  return (
    (db.prepare("SELECT action, operator, station FROM audit_log WHERE entity = 'exception' AND entity_id = ? ORDER BY id DESC LIMIT 1").get(exceptionId) as
      { action: string; operator: string | null; station: string | null } | undefined) ?? null
  );
}

const TIMELINE_LIMIT = 500;
const parseJson = (text: string | null): Record<string, unknown> | null => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));

/** A shipment's exception history as the audit trail and the carrier tell it, newest first. */
export function shipmentTimeline(db: Db, shipmentId: number): ExceptionTimeline | null {
  const shipment = db.prepare('SELECT tracking_number FROM shipments WHERE id = ?').get(shipmentId) as { tracking_number: string } | undefined;
  if (!shipment) return null;
  const audits = db
    .prepare(
      `SELECT a.entity_id, a.action, a.operator, a.station, a.at, a.before, a.after, e.reason
       FROM exceptions e JOIN audit_log a ON a.entity = 'exception' AND a.entity_id = e.id
       WHERE e.shipment_id = ? ORDER BY a.id DESC LIMIT ${TIMELINE_LIMIT}`,
    )
    .all(shipmentId) as {
    entity_id: number;
    action: string;
    operator: string | null;
    station: string | null;
    at: string;
    before: string | null;
    after: string | null;
    reason: string;
  }[];
  const events = db
    .prepare(
      `SELECT occurred_at, local_time, recorded_at, status, substatus, raw_text, location FROM tracking_events
       WHERE shipment_id = ? ORDER BY coalesce(occurred_at, local_time, recorded_at) DESC, id DESC LIMIT ${TIMELINE_LIMIT}`,
    )
    .all(shipmentId) as {
    occurred_at: string | null;
    local_time: string | null;
    recorded_at: string;
    status: string | null;
    substatus: string | null;
    raw_text: string;
    location: string | null;
  }[];
  const entries: ExceptionTimelineEntry[] = [
    ...audits.map((a) => ({
      at: a.at,
      kind: 'audit' as const,
      exceptionId: a.entity_id,
      reason: a.reason as QueueReason,
      action: a.action,
      operator: a.operator,
      station: a.station,
      before: parseJson(a.before),
      after: parseJson(a.after),
      text: typeof parseJson(a.after)?.note === 'string' ? (parseJson(a.after)?.note as string) : null,
      location: null,
    })),
    ...events.map((e) => ({
      at: e.occurred_at ?? e.local_time ?? e.recorded_at,
      kind: 'event' as const,
      exceptionId: null,
      reason: null,
      action: [e.status ?? 'info', e.substatus].filter(Boolean).join(' / '),
      operator: null,
      station: null,
      before: null,
      after: null,
      text: e.raw_text,
      location: e.location,
    })),
  ];
  // Newest first; an audit entry and a carrier event at the same instant keep audit last (it reacted to the event).
  entries.sort((a, b) => (a.at === b.at ? (a.kind === 'audit' ? -1 : 1) : a.at < b.at ? 1 : -1));
  return { shipmentId, trackingNumber: shipment.tracking_number, entries };
}
