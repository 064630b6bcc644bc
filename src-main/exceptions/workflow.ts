/**
 * Staff actions in bulk: every item is checked (exists, same version, allowed transition) before anything is
 * written, and all of them are written in one transaction — a refused item leaves the whole batch untouched.
 */
import { ApiError } from '../../src-shared/api';
import { priorityValue } from '../../src-shared/domain/exceptions/priority';
import type { QueueReason } from '../../src-shared/domain/exceptions/reasons';
import { SYSTEM_OPERATOR, type ExceptionState, type ResolutionCode } from '../../src-shared/domain/exceptions/states';
import { applyAction, wake, type WorkflowAction, type WorkItem } from '../../src-shared/domain/exceptions/workflow';
import type { Db } from '../db/create-db';
import { recordAudit } from '../audit';
import { lastAuditOf } from './timeline';

export interface Actor {
  operator: string;
  station: string | null;
}

interface ItemRow {
  id: number;
  version: number;
  reason: string;
  state: string;
  assignee: string | null;
  snoozed_until: string | null;
  resolution_code: string | null;
  resolution_note: string | null;
  opened_at: string;
  closed_at: string | null;
  closed_by: string | null;
  order_value_cents: number | null;
}

const SELECT_ITEMS = `SELECT e.id, e.version, e.reason, e.state, e.assignee, e.snoozed_until, e.resolution_code, e.resolution_note,
  e.opened_at, e.closed_at, e.closed_by, s.order_value_cents
  FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE e.id IN (SELECT value FROM json_each(?))`;
const UPDATE_ITEM = `UPDATE exceptions SET state = ?, assignee = ?, snoozed_until = ?, resolution_code = ?, resolution_note = ?,
  closed_at = ?, closed_by = ?, opened_at = ?, priority = coalesce(?, priority), priority_at = coalesce(?, priority_at),
  updated_at = ?, version = version + 1
  WHERE id = ? AND version = ?`;

const toWorkItem = (r: ItemRow): WorkItem => ({
  id: r.id,
  state: r.state as ExceptionState,
  assignee: r.assignee,
  snoozedUntil: r.snoozed_until,
  resolutionCode: r.resolution_code as ResolutionCode | null,
  resolutionNote: r.resolution_note,
});

/** What the audit log keeps of an item, before and after. */
const snapshot = (w: WorkItem) => ({
  state: w.state,
  assignee: w.assignee,
  snoozedUntil: w.snoozedUntil,
  resolutionCode: w.resolutionCode,
  resolutionNote: w.resolutionNote,
});

function auditAction(action: WorkflowAction): string {
  switch (action.type) {
    case 'assign':
      return action.assignee === null ? 'unassigned' : 'assigned';
    case 'note':
      return 'noted';
    case 'snooze':
      return 'snoozed';
    case 'resolve':
      return 'resolved';
    case 'reopen':
      return 'reopened';
  }
}

function staleMessage(db: Db, id: number): string {
  const last = lastAuditOf(db, id);
  const who = last?.operator ? ` by ${last.operator}${last.station ? ` at ${last.station}` : ''}` : '';
  const what = last ? ` (${last.action.replace(/_/g, ' ')})` : '';
  return `Exception #${id} was changed${who}${what} a moment ago; nothing was changed. Look at it again before acting.`;
}

export function applyStaffAction(
  db: Db,
  refs: readonly { id: number; version: number }[],
  action: WorkflowAction,
  actor: Actor,
  now: number,
  note: string | null,
): number[] {
  const nowIso = new Date(now).toISOString();
  return db.write(() => {
    const rows = new Map((db.prepare(SELECT_ITEMS).all(JSON.stringify(refs.map((r) => r.id))) as ItemRow[]).map((r) => [r.id, r]));
    const plans = refs.map((ref) => {
      const row = rows.get(ref.id);
      if (!row) throw new ApiError('not_found', `Exception #${ref.id} does not exist.`);
      if (row.version !== ref.version) throw new ApiError('conflict', staleMessage(db, ref.id));
      const before = toWorkItem(row);
      const outcome = applyAction(before, action, now);
      if (!outcome.ok) throw new ApiError(outcome.code, outcome.message);
      return { row, before, next: outcome.next };
    });
    const update = db.prepare(UPDATE_ITEM);
    for (const { row, before, next } of plans) {
      const closing = next.state === 'resolved';
      const reopening = action.type === 'reopen';
      // A reopened item starts its age again, so its priority restarts from severity × value.
      const priority = reopening ? priorityValue(row.reason as QueueReason, row.order_value_cents === null ? null : row.order_value_cents / 100, 0) : null;
      update.run(
        next.state,
        next.assignee,
        next.snoozedUntil,
        next.resolutionCode,
        next.resolutionNote,
        closing ? nowIso : reopening ? null : row.closed_at,
        closing ? actor.operator : reopening ? null : row.closed_by,
        reopening ? nowIso : row.opened_at,
        priority,
        priority === null ? null : nowIso,
        nowIso,
        row.id,
        row.version,
      );
      recordAudit(db, {
        entity: 'exception',
        entityId: row.id,
        action: auditAction(action),
        operator: actor.operator,
        station: actor.station,
        at: nowIso,
        before: action.type === 'note' ? null : snapshot(before),
        after: action.type === 'note' ? { note: action.note } : { ...snapshot(next), ...(note ? { note } : {}) },
      });
    }
    return plans.map((p) => p.row.id);
  });
}

/** Wakes every snoozed item whose time has come; returns their ids. */
export function wakeDueItems(db: Db, now: number): number[] {
  const nowIso = new Date(now).toISOString();
  const due = db
    .prepare(
      `SELECT id, version, reason, state, assignee, snoozed_until, resolution_code, resolution_note, opened_at, closed_at, closed_by, NULL AS order_value_cents
       FROM exceptions WHERE state = 'snoozed' AND snoozed_until <= ?`,
    )
    .all(nowIso) as ItemRow[];
  if (!due.length) return [];
  const update = db.prepare("UPDATE exceptions SET state = ?, snoozed_until = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND state = 'snoozed'");
  return db.write(() => {
    const woken: number[] = [];
    for (const row of due) {
      const before = toWorkItem(row);
      const next = wake(before, now);
      if (!next) continue;
      update.run(next.state, nowIso, row.id);
      recordAudit(db, {
        entity: 'exception',
        entityId: row.id,
        action: 'woke',
        operator: SYSTEM_OPERATOR,
        station: null,
        at: nowIso,
        before: snapshot(before),
        after: snapshot(next),
      });
      woken.push(row.id);
    }
    return woken;
  });
}
