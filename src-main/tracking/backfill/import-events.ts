import { deriveTracking, orderEvents } from '../../../src-shared/domain/tracking/derive';
import type { TrackingResult } from '../../carriers/types';
import type { Db } from '../../db/create-db';
import type { EventBus } from '../../dispatch/events';
import type { Ingest } from '../ingest';
import { parseEventLine, type BackfillEvent } from './event-line';

export interface ImportEventsSummary {
  lines: number;
  /** Events new to the store. */
  imported: number;
  /** Events the store already had (a re-import reports every event here and changes nothing). */
  duplicates: number;
  shipmentsUpdated: number;
  rejected: { line: number; reason: string }[];
}

export interface ImportEventsDeps {
  db: Db;
  ingest: Ingest;
  events: EventBus;
  now: () => number;
}

/** Shipments written per transaction. */
const BATCH = 500;

/**
 * Backfills history from another tracker (`waybill import events FILE.jsonl`). Every line is validated; a line
 * for a tracking number the store does not know, or of another carrier, is rejected with its number. The
 * accepted events go through the tracking engine's own ingest: deduplicated by their event key (so a re-import
 * adds nothing), and the shipment's status, first scan and delivery derived again without ever leaving a
 * terminal status because of an older event.
 */
export async function importEventsJsonl(deps: ImportEventsDeps, lines: AsyncIterable<string>): Promise<ImportEventsSummary> {
  const summary: ImportEventsSummary = { lines: 0, imported: 0, duplicates: 0, shipmentsUpdated: 0, rejected: [] };
  const findCarrier = deps.db.prepare('SELECT carrier FROM shipments WHERE tracking_number = ? LIMIT 1');
  const known = new Map<string, string | null>();
  const byNumber = new Map<string, BackfillEvent[]>();
  let lineNumber = 0;

  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    summary.lines++;
    const parsed = parseEventLine(text, deps.now());
    if (!parsed.ok) {
      summary.rejected.push({ line: lineNumber, reason: parsed.reason });
      continue;
    }
    const { event } = parsed;
    if (!known.has(event.trackingNumber))
      known.set(event.trackingNumber, (findCarrier.get(event.trackingNumber) as { carrier: string } | undefined)?.carrier ?? null);
    const carrier = known.get(event.trackingNumber);
    if (carrier === null) {
      summary.rejected.push({ line: lineNumber, reason: `unknown tracking number ${event.trackingNumber}: no shipment in the store has it` });
      continue;
    }
    if (carrier !== event.carrier) {
      summary.rejected.push({ line: lineNumber, reason: `tracking number ${event.trackingNumber} is a ${carrier} shipment, the line says ${event.carrier}` });
      continue;
    }
    const list = byNumber.get(event.trackingNumber) ?? [];
    list.push(event);
    byNumber.set(event.trackingNumber, list);
  }

  const results: TrackingResult[] = [...byNumber.entries()].map(([trackingNumber, events]) => {
    const ordered = orderEvents(events, 'oldest_first');
    const derived = deriveTracking(ordered, null);
    return {
      trackingNumber,
      requestedNumber: null,
      carrier: events[0].carrier,
      status: derived.status,
      substatus: derived.substatus,
      deliveredAt: derived.deliveredAt,
      originalExpectedAt: null,
      currentExpectedAt: null,
      events: ordered.map(({ trackingNumber: _n, carrier: _c, ...e }) => e),
      shipmentKey: null,
    };
  });

  const recordedAt = new Date(deps.now()).toISOString();
  const changed: number[] = [];
  let accepted = 0;
  for (let i = 0; i < results.length; i += BATCH) {
    const batch = results.slice(i, i + BATCH);
    const outcome = deps.ingest.ingest(batch, recordedAt);
    accepted += batch.reduce((n, r) => n + r.events.length, 0);
    summary.imported += outcome.newEvents;
    changed.push(...outcome.changedShipments);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  summary.duplicates = accepted - summary.imported;
  summary.shipmentsUpdated = changed.length;
  if (changed.length > 0) {
    deps.events.emit('tracking.updated', { shipmentIds: changed });
    deps.events.emit('shipments.changed', { reason: 'tracking', count: changed.length });
  }
  return summary;
}
