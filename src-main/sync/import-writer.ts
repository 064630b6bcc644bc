import type { SyncCounts } from '../../src-shared/api';
import { writeWhenStoreFree } from '../db/transaction';
import type { Job, RunBatch, SyncContext } from './context';
import type { Reject, ShipmentInput } from './types';
import { toShipment } from './validate';

/** Other capabilities re-read the whole store on `shipments.changed`; a long run announces rarely, progress events keep screens moving. */
const CHANGED_EVENT_EVERY_MS = 15_000;
/** Rows per write transaction: a scan waiting on an import waits for one slice (~20 ms), not a whole read batch. */
const WRITE_SLICE_ROWS = 1000;

const COUNT_KEYS = ['inserted', 'updated', 'unchanged', 'rejected'] as const;

/** Checks one batch's rows and writes them in slices; the cursor, rejects and order values commit with the last slice. */
export async function writeRunBatch(ctx: SyncContext, job: Job, batch: RunBatch, mapping: ReturnType<SyncContext['settings']['mapping']>): Promise<SyncCounts> {
  const rules = batch.rules ?? job.rules;
  const shipments: ShipmentInput[] = [];
  const rejects: Reject[] = [];
  const resolves: number[] = [];
  for (const row of batch.rows) {
    const result = toShipment(row, rules, mapping, ctx.clock.now());
    if (result.ok) {
      shipments.push(result.shipment);
      if (row.rejectId !== undefined) resolves.push(row.rejectId);
    } else if (row.rejectId === undefined) rejects.push(result.reject);
  }
  const counts: SyncCounts = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const slices = Math.max(1, Math.ceil(shipments.length / WRITE_SLICE_ROWS));
  for (let i = 0; i < slices; i++) {
    const last = i === slices - 1;
    // The cursor, rejects and order values commit with the batch's last rows, so a kill never skips a page.
    const written = await writeWhenStoreFree(() =>
      ctx.store.writeBatch({
        runId: job.runId,
        source: job.source,
        shipments: shipments.slice(i * WRITE_SLICE_ROWS, (i + 1) * WRITE_SLICE_ROWS),
        rejects: last ? rejects : [],
        orderValues: last ? batch.orderValues : undefined,
        cursor: last ? batch.cursor : undefined,
        resolvesRejectIds: last ? resolves : [],
        rules: { zone: rules.zone?.zone ?? null, stripServicePrefix: rules.stripServicePrefix },
      }),
    );
    for (const k of COUNT_KEYS) counts[k] += written[k];
    // Let a scan waiting in this process, or another process's writer, take the lock between slices.
    if (!last) await new Promise((resolve) => setImmediate(resolve));
  }
  return counts;
}

export const addCounts = (into: SyncCounts, counts: SyncCounts) => {
  for (const k of COUNT_KEYS) into[k] += counts[k];
};

/** The first announcement of a run waits a full interval: short runs announce once, at their end. */
export function startAnnouncing(ctx: SyncContext): void {
  ctx.state.changed.lastEventAt = ctx.clock.now();
}

/** Adds written rows and sends `shipments.changed` when the interval has passed (or `force`, at a run's end). */
export function announceChanged(ctx: SyncContext, count: number, force: boolean): void {
  const changed = ctx.state.changed;
  changed.sinceEvent += count;
  const now = ctx.clock.now();
  if (changed.sinceEvent > 0 && (force || now - changed.lastEventAt >= CHANGED_EVENT_EVERY_MS)) {
    ctx.events.emit('shipments.changed', { reason: 'sync', count: changed.sinceEvent });
    changed.sinceEvent = 0;
    changed.lastEventAt = now;
  }
}
