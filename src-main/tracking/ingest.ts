import { eventProblem } from '../../src-shared/domain/intake/event';
import { timeWindowProblem } from '../../src-shared/domain/intake/time-window';
import { applyIncomingStatus, type StatusPoint } from '../../src-shared/domain/tracking/derive';
import { eventKeys } from '../../src-shared/domain/tracking/event-key';
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';
import { bestTime, isInstant } from '../../src-shared/domain/tracking/time';
import type Database from 'better-sqlite3';
import type { TrackingResult } from '../carriers/types';
import type { Db } from '../db/create-db';
import type { RowOf } from '../db/schema';

/** What the ingest reads of the shipments with a tracking number, built once and bound per result: [tracking number]. */
const shipmentsByNumber = (db: Db) =>
  db.kysely
    .selectFrom('shipments')
    .select(['id', 'status', 'substatus', 'first_scan_at', 'delivered_at', 'last_event_at', 'expected_delivery_original', 'expected_delivery_current'])
    // The status column only ever holds the status model's values.
    .$narrowType<{ status: TrackingStatus }>()
    .where('tracking_number', '=', '')
    .compile();
type ShipmentState = RowOf<ReturnType<typeof shipmentsByNumber>>;

export interface IngestSummary {
  results: number;
  newEvents: number;
  changedShipments: number[];
  unmatched: string[];
  /** Results refused whole because a time or a field was out of bounds (a year-9999 delivery): the store keeps what it had. */
  rejected: { trackingNumber: string; reason: string }[];
}

/** A carrier result is stored whole or not at all: its status was derived from every one of its events. */
export function resultProblem(result: TrackingResult, nowMs: number): string | null {
  if (result.trackingNumber.length > 64) return 'tracking number is longer than 64 characters';
  for (const event of result.events) {
    const problem = eventProblem(event, nowMs);
    if (problem) return problem;
  }
  for (const [label, when, kind] of [
    ['delivered at', result.deliveredAt, 'event'],
    ['expected delivery', result.originalExpectedAt, 'expected'],
    ['expected delivery', result.currentExpectedAt, 'expected'],
  ] as const) {
    const outside = when ? timeWindowProblem(kind, when, nowMs) : null;
    if (outside) return `${label} ${outside}`;
  }
  return null;
}

/** SQLite allows 32,766 bound values; 50 ten-column rows stay far below and cover almost every history. */
const EVENTS_PER_STATEMENT = 50;

const earliest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a < b ? a : b);
const dateOnly = (iso: string | null): string | null => (iso ? iso.slice(0, 10) : null);

/**
 * The one way carrier results reach the store: events deduplicated by their idempotency key, then the
 * shipment's status, first scan, delivery and promise derived again. Prepared statements, one transaction.
 */
export function createIngest(db: Db) {
  const findShipments = shipmentsByNumber(db);
  // One multi-row INSERT per shipment's batch of events: a statement per event cost more than the rows did.
  const insertByRows: Database.Statement[] = [];
  const insertEvents = (rows: number) =>
    (insertByRows[rows] ??= db.raw.prepare(
      `INSERT INTO tracking_events (shipment_id, event_key, occurred_at, local_time, status, substatus, raw_code, raw_text, location, recorded_at)
       VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT (shipment_id, event_key) DO NOTHING`,
    ));
  const progressColumns = `substatus = ?, delivered_at = ?, first_scan_at = ?, last_event_at = ?,
    last_event_text = coalesce(?, last_event_text), last_event_location = coalesce(?, last_event_location),
    expected_delivery_original = ?, expected_delivery_current = ?, updated_at = ?`;
  const updateWithStatus = db.prepare(`UPDATE shipments SET status = ?, ${progressColumns} WHERE id = ?`);
  // Most polls bring news without a new status; SQLite rewrites every index on a column it is told to set.
  const updateProgress = db.prepare(`UPDATE shipments SET ${progressColumns} WHERE id = ?`);

  const applyResult = (result: TrackingResult, recordedAt: string, summary: IngestSummary) => {
    const shipments = db.all(findShipments, [result.trackingNumber]);
    if (shipments.length === 0 && result.requestedNumber) shipments.push(...db.all(findShipments, [result.requestedNumber]));
    if (shipments.length === 0) {
      summary.unmatched.push(result.trackingNumber);
      return;
    }
    const keys = eventKeys(result.carrier, result.trackingNumber, result.events);
    for (const shipment of shipments) {
      for (let start = 0; start < result.events.length; start += EVENTS_PER_STATEMENT) {
        const end = Math.min(result.events.length, start + EVENTS_PER_STATEMENT);
        const values: unknown[] = [];
        for (let k = start; k < end; k++) {
          const e = result.events[k];
          values.push(shipment.id, keys[k], e.occurredAt, e.localTime, e.status, e.substatus, e.code, e.description, e.location, recordedAt);
        }
        summary.newEvents += insertEvents(end - start).run(values).changes;
      }
      if (updateFromResult(shipment, result, recordedAt)) summary.changedShipments.push(shipment.id);
    }
  };

  /** Returns whether anything the console shows changed. */
  const updateFromResult = (shipment: ShipmentState, result: TrackingResult, recordedAt: string): boolean => {
    const newest = result.events.at(-1) ?? null;
    const newestTime = newest ? bestTime(newest) : null;
    const current: StatusPoint = { status: shipment.status, substatus: shipment.substatus, occurredAt: shipment.last_event_at, localTime: null };
    const incoming: StatusPoint = {
      status: result.status,
      substatus: result.substatus,
      occurredAt: newest?.occurredAt ?? null,
      localTime: newest?.localTime ?? null,
    };
    // 'unknown' from a carrier never overwrites what we know; a terminal status yields only to newer news.
    const next = result.status === 'unknown' ? current : applyIncomingStatus(current, incoming);
    const firstScan = result.events.find((e) => e.status !== null && e.status !== 'created');
    const firstScanAt = earliest(shipment.first_scan_at, firstScan ? bestTime(firstScan) : null);
    const deliveredAt = next.status === 'delivered' ? (result.deliveredAt ?? shipment.delivered_at ?? newestTime) : null;
    const lastEventAt = newestTime && (!shipment.last_event_at || newestTime > shipment.last_event_at) ? newestTime : shipment.last_event_at;
    const isNewer = lastEventAt !== shipment.last_event_at;
    // An older snapshot of the history (a stale answer) says nothing new about the promise either.
    const stale = isInstant(newestTime) && isInstant(shipment.last_event_at) && newestTime < shipment.last_event_at;
    const currentExpected = (stale ? null : dateOnly(result.currentExpectedAt)) ?? shipment.expected_delivery_current;
    const originalExpected = shipment.expected_delivery_original ?? dateOnly(result.originalExpectedAt) ?? currentExpected;
    const changed =
      next.status !== shipment.status ||
      next.substatus !== shipment.substatus ||
      firstScanAt !== shipment.first_scan_at ||
      deliveredAt !== shipment.delivered_at ||
      isNewer ||
      currentExpected !== shipment.expected_delivery_current ||
      originalExpected !== shipment.expected_delivery_original;
    if (!changed) return false;
    const progress = [
      next.substatus,
      deliveredAt,
      firstScanAt,
      lastEventAt,
      isNewer ? (newest?.description ?? null) : null,
      isNewer ? (newest?.location ?? null) : null,
      originalExpected,
      currentExpected,
      recordedAt,
      shipment.id,
    ];
    if (next.status !== shipment.status) updateWithStatus.run(next.status, ...progress);
    else updateProgress.run(progress);
    return true;
  };

  return {
    ingest(results: readonly TrackingResult[], recordedAt: string): IngestSummary {
      const summary: IngestSummary = { results: results.length, newEvents: 0, changedShipments: [], unmatched: [], rejected: [] };
      const nowMs = Date.parse(recordedAt);
      // A reused number (FedEx) answers with several shipments, newest first: only the newest is ours.
      const seen = new Set<string>();
      db.write(() => {
        for (const result of results) {
          if (seen.has(result.trackingNumber)) continue;
          seen.add(result.trackingNumber);
          const problem = resultProblem(result, nowMs);
          if (problem) summary.rejected.push({ trackingNumber: result.trackingNumber.slice(0, 64), reason: problem });
          else applyResult(result, recordedAt, summary);
        }
      });
      return summary;
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
