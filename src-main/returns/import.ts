import { ApiError } from '../../src-shared/api/envelope';
import { RETURNS_FILE_SOURCE, type ReturnsImportResult } from '../../src-shared/api/returns';
import type { SyncTrigger } from '../../src-shared/api/sync';
import type { Db } from '../db/create-db';
import { readReturnsFile, ReturnsFileError, type ReturnInput } from './file';
import { recordAudit } from '../audit';
import type { Actor } from './repo';

/** Return labels the console creates itself are shipments of this source, keyed by RMA. */
export const RETURN_LABEL_SOURCE = 'returns';

/** Rejects shown inline; all of them stay in sync_rejects for the run. */
const REJECTS_SHOWN = 200;

/**
 * The return label as a tracked shipment: linked to whichever shipment already has the number (a synced return
 * label, a carrier return-to-sender), else one of our own, so the poller tracks it like any parcel.
 */
function linkReturnShipment(db: Db, r: ReturnInput, at: string): { shipmentId: number | null; created: boolean } {
  if (r.trackingNumber === null || r.carrier === null) return { shipmentId: null, created: false };
  const existing = db.prepare('SELECT id FROM shipments WHERE tracking_number = ? ORDER BY is_return DESC, id DESC LIMIT 1').get(r.trackingNumber) as
    { id: number } | undefined;
  if (existing) return { shipmentId: existing.id, created: false };
  // A corrected number on a re-import moves our own label row; next_poll_at NULL lets the poller adopt it afresh.
  const row = db
    .prepare(
      `INSERT INTO shipments (source, external_id, tracking_number, carrier, order_number, label_created_at, is_return, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, 'created', ?, ?)
       ON CONFLICT (source, external_id) DO UPDATE SET tracking_number = excluded.tracking_number, carrier = excluded.carrier,
         status = 'created', substatus = NULL, next_poll_at = NULL, updated_at = excluded.updated_at
       RETURNING id`,
    )
    .get(RETURN_LABEL_SOURCE, r.rmaNumber, r.trackingNumber, r.carrier, r.orderNumber, at, at, at) as { id: number };
  return { shipmentId: row.id, created: true };
}

type Outcome = 'inserted' | 'updated' | 'unchanged';

/** Insert-or-nothing, then update-only-if-different: both idempotent, and together they say which happened. */
function upsertReturn(db: Db, r: ReturnInput, shipmentId: number | null, actor: Actor, at: string): Outcome {
  const inserted = db
    .prepare(
      `INSERT INTO returns (source, external_id, rma_number, order_number, shipment_id, tracking_number, carrier, reason, expected_items, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'label_issued', ?, ?) ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
    )
    .get(RETURNS_FILE_SOURCE, r.rmaNumber, r.rmaNumber, r.orderNumber, shipmentId, r.trackingNumber, r.carrier, r.reason, r.expectedItems, at, at) as
    { id: number } | undefined;
  if (inserted) {
    recordAudit(db, {
      entity: 'return',
      entityId: inserted.id,
      action: 'expected',
      ...actor,
      at,
      before: null,
      after: { source: RETURNS_FILE_SOURCE, ...r, state: 'label_issued' },
    });
    return 'inserted';
  }
  // A blank cell never erases what an earlier file said.
  const updated = db
    .prepare(
      `UPDATE returns SET order_number = coalesce(@order, order_number), shipment_id = coalesce(@shipment, shipment_id),
         tracking_number = coalesce(@tracking, tracking_number), carrier = coalesce(@carrier, carrier), reason = coalesce(@reason, reason),
         expected_items = coalesce(@items, expected_items), updated_at = @at
       WHERE source = @source AND external_id = @rma AND (order_number IS NOT coalesce(@order, order_number)
         OR shipment_id IS NOT coalesce(@shipment, shipment_id) OR tracking_number IS NOT coalesce(@tracking, tracking_number)
         OR carrier IS NOT coalesce(@carrier, carrier) OR reason IS NOT coalesce(@reason, reason) OR expected_items IS NOT coalesce(@items, expected_items))
       RETURNING id`,
    )
    .get({
      order: r.orderNumber,
      shipment: shipmentId,
      tracking: r.trackingNumber,
      carrier: r.carrier,
      reason: r.reason,
      items: r.expectedItems,
      at,
      source: RETURNS_FILE_SOURCE,
      rma: r.rmaNumber,
    }) as { id: number } | undefined;
  if (!updated) return 'unchanged';
  recordAudit(db, { entity: 'return', entityId: updated.id, action: 'expected_updated', ...actor, at, before: null, after: r });
  return 'updated';
}

export interface ImportOutcome extends ReturnsImportResult {
  shipmentsTouched: number;
}

/**
 * Reads a returns file into expected returns: idempotent on (source, RMA), each bad row kept in sync_rejects
 * with its line number and a plain reason, good rows stored whatever the bad ones are. A file that cannot be
 * read at all (no header, no RMA column) changes nothing.
 */
export function importReturnsFile(db: Db, file: { name: string; content: string }, trigger: SyncTrigger, actor: Actor, at: string): ImportOutcome {
  let rows;
  try {
    rows = readReturnsFile(file.content);
  } catch (error) {
    if (error instanceof ReturnsFileError) throw new ApiError('invalid_argument', `${file.name}: ${error.message}`);
    throw error;
  }
  return db.write((): ImportOutcome => {
    const runId = Number(
      db
        .prepare("INSERT INTO sync_runs (source, trigger, file_name, status, started_at) VALUES (?, ?, ?, 'running', ?)")
        .run(RETURNS_FILE_SOURCE, trigger, file.name, at).lastInsertRowid,
    );
    const result: ImportOutcome = { runId, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [], shipmentsTouched: 0 };
    const insertReject = db.prepare('INSERT INTO sync_rejects (run_id, row_number, raw, reason) VALUES (?, ?, ?, ?)');
    for (const row of rows) {
      if (!row.ok) {
        insertReject.run(runId, row.rowNumber, JSON.stringify(row.raw), row.reason);
        result.rejected++;
        if (result.rejects.length < REJECTS_SHOWN) result.rejects.push({ rowNumber: row.rowNumber, reason: row.reason });
        continue;
      }
      const link = linkReturnShipment(db, row.value, at);
      if (link.created) result.shipmentsTouched++;
      result[upsertReturn(db, row.value, link.shipmentId, actor, at)]++;
    }
    db.prepare("UPDATE sync_runs SET status = 'succeeded', finished_at = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?").run(
      at,
      result.inserted,
      result.updated,
      result.unchanged,
      result.rejected,
      runId,
    );
    return result;
  });
}
