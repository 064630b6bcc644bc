import type { SyncCounts, SyncReject, SyncRun, SyncRunStatus, SyncTrigger, UnmappedCode } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import { createSortedViews, readIds } from '../db/sorted-views';
import type { Row } from '../db/schema';
import { inJsonList } from '../db/sql';
import type { Clock } from '../platform/ports';
import { currentOwner, isOwnerGone, systemProcessProbe, type ProcessProbe } from '../platform/process-owner';
import type { OrderValue, Reject, RowFields, ShipmentInput } from './types';

const INTERRUPTED_MESSAGE = 'The console stopped during this run; rows it had committed are kept.';

/** A blank upstream value never erases what the store knows; these columns keep theirs when the new one is null. */
const KEEP_WHEN_BLANK = [
  'service',
  'warehouse',
  'order_number',
  'order_value_cents',
  'currency',
  'ship_date',
  'expected_delivery_original',
  'ship_to_name',
  'ship_to_city',
  'ship_to_region',
  'ship_to_postal_code',
  'ship_to_country',
  'weight_oz',
] as const;
const ALWAYS_TAKEN = ['tracking_number', 'carrier', 'label_created_at', 'is_return'] as const;

const INSERT_COLUMNS = [
  'source',
  'external_id',
  ...ALWAYS_TAKEN,
  ...KEEP_WHEN_BLANK,
  'expected_delivery_current',
  'status',
  'created_at',
  'updated_at',
] as const;

/**
 * Idempotent upsert: unchanged rows match no WHERE and are not rewritten (no WAL traffic, no updated_at churn).
 * No RETURNING: it makes SQLite four times slower here; `changes` tells unchanged from written, and sync_revision
 * (bumped by every update) tells, once per batch, which written rows were new.
 * Tracking owns status and the current expected date; sync only voids a label or fills a missing date.
 */
export const UPSERT_SQL = `INSERT INTO shipments (${INSERT_COLUMNS.join(', ')})
VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})
ON CONFLICT (source, external_id) DO UPDATE SET
  ${ALWAYS_TAKEN.map((c) => `${c} = excluded.${c}`).join(',\n  ')},
  ${KEEP_WHEN_BLANK.map((c) => `${c} = coalesce(excluded.${c}, shipments.${c})`).join(',\n  ')},
  expected_delivery_current = coalesce(shipments.expected_delivery_current, excluded.expected_delivery_current),
  status = CASE WHEN excluded.status = 'cancelled' THEN 'cancelled' ELSE shipments.status END,
  updated_at = excluded.updated_at,
  sync_revision = shipments.sync_revision + 1
WHERE ${[
  ...ALWAYS_TAKEN.map((c) => `shipments.${c} IS NOT excluded.${c}`),
  ...KEEP_WHEN_BLANK.map((c) => `(excluded.${c} IS NOT NULL AND shipments.${c} IS NOT excluded.${c})`),
  '(shipments.expected_delivery_current IS NULL AND excluded.expected_delivery_current IS NOT NULL)',
  "(excluded.status = 'cancelled' AND shipments.status IS NOT 'cancelled')",
].join('\n   OR ')}`;

/** Positional parameters in INSERT_COLUMNS order, written into `into` (the hot path reuses one array; binding copies it). */
export function upsertParams(s: ShipmentInput, now: string, into: unknown[] = []): unknown[] {
  into.length = 0;
  into.push(
    s.source,
    s.externalId,
    s.trackingNumber,
    s.carrier,
    s.labelCreatedAt,
    s.isReturn ? 1 : 0,
    s.service,
    s.warehouse,
    s.orderNumber,
    s.orderValueCents,
    s.currency,
    s.shipDate,
    s.expectedDelivery,
    s.shipToName,
    s.shipToCity,
    s.shipToRegion,
    s.shipToPostalCode,
    s.shipToCountry,
    s.weightOz,
    s.expectedDelivery,
    s.voided ? 'cancelled' : 'created',
    now,
    now,
  );
  return into;
}

export interface BatchWrite {
  runId: number;
  source: string;
  shipments: ShipmentInput[];
  rejects: Reject[];
  orderValues?: OrderValue[];
  /** Stored in the same transaction: a kill before the commit leaves the old cursor and none of the rows. */
  cursor?: string;
  /** Rejects of earlier runs that this batch's rows now resolve (a replay after a new mapping). */
  resolvesRejectIds?: number[];
  /** How the rows were read, kept with each reject so a replay reads it the same way. */
  rules: StoredRules;
}

export interface StoredRules {
  zone: string | null;
  stripServicePrefix: boolean;
}

const RUN_COLUMNS = [
  'id',
  'source',
  'trigger',
  'file_name',
  'status',
  'started_at',
  'finished_at',
  'inserted',
  'updated',
  'unchanged',
  'rejected',
  'error',
] as const;

const toRun = (r: Pick<Row<'sync_runs'>, (typeof RUN_COLUMNS)[number]>): SyncRun => ({
  id: r.id,
  source: r.source,
  trigger: r.trigger as SyncTrigger,
  fileName: r.file_name,
  status: r.status as SyncRunStatus,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  inserted: r.inserted,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
  error: r.error,
});

export interface OpenReject {
  id: number;
  runId: number;
  rowNumber: number;
  raw: Record<string, string>;
  fields: RowFields;
  rules: StoredRules;
}

export function createSyncStore(db: Db, clock: Clock, probe: ProcessProbe = systemProcessProbe) {
  const owner = currentOwner(probe);
  const iso = () => new Date(clock.now()).toISOString();
  const rejectViews = createSortedViews(db.raw, { now: () => clock.now() });
  const upsert = db.prepare(UPSERT_SQL);
  const revisions = db.raw.prepare('SELECT external_id, sync_revision FROM shipments WHERE source = ? AND external_id IN (SELECT value FROM json_each(?))');
  const insertReject = db.prepare('INSERT INTO sync_rejects (run_id, row_number, raw, reason, code, code_value, fields) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const addCounts = db.prepare(
    'UPDATE sync_runs SET inserted = inserted + ?, updated = updated + ?, unchanged = unchanged + ?, rejected = rejected + ? WHERE id = ?',
  );
  const saveCursor = db.prepare(
    'INSERT INTO sync_cursors (source, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
  );
  const saveOrderValue = db.prepare(
    `INSERT INTO sync_order_values (source, order_number, value_cents, currency, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source, order_number) DO UPDATE SET value_cents = excluded.value_cents, currency = excluded.currency, updated_at = excluded.updated_at
     WHERE sync_order_values.value_cents IS NOT excluded.value_cents OR sync_order_values.currency IS NOT excluded.currency`,
  );
  // Shipments stored before their order arrived get its value now.
  const fillOrderValue = db.prepare(
    `UPDATE shipments SET order_value_cents = ?, currency = coalesce(?, currency), updated_at = ?, sync_revision = sync_revision + 1
     WHERE source = ? AND order_number = ? AND order_value_cents IS NOT ?`,
  );
  const noteUnmapped = db.prepare(
    `INSERT INTO sync_unmapped_codes (kind, code, source, seen, last_seen_at) VALUES ('carrier', ?, ?, 1, ?)
     ON CONFLICT (kind, code, source) DO UPDATE SET seen = seen + 1, last_seen_at = excluded.last_seen_at`,
  );
  const resolveReject = db.prepare('UPDATE sync_rejects SET resolved_run_id = ? WHERE id = ?');

  const writeBatch = (batch: BatchWrite): SyncCounts => {
    const now = iso();
    const counts: SyncCounts = { inserted: 0, updated: 0, unchanged: 0, rejected: batch.rejects.length };
    const written = new Map<string, number>();
    const params: unknown[] = [];
    for (const shipment of batch.shipments) {
      if (upsert.run(upsertParams(shipment, now, params)).changes === 0) counts.unchanged++;
      else written.set(shipment.externalId, (written.get(shipment.externalId) ?? 0) + 1);
    }
    // A row first inserted in this batch has been updated once less than it was written here; any older row, at least as often.
    for (const r of revisions.iterate(batch.source, JSON.stringify([...written.keys()])) as Iterable<Pick<Row<'shipments'>, 'external_id' | 'sync_revision'>>) {
      const times = written.get(r.external_id) as number;
      const inserted = r.sync_revision === times - 1 ? 1 : 0;
      counts.inserted += inserted;
      counts.updated += times - inserted;
    }
    for (const r of batch.rejects) {
      insertReject.run(
        batch.runId,
        r.rowNumber,
        JSON.stringify(r.raw),
        r.reason,
        r.code,
        r.codeValue,
        JSON.stringify({ fields: r.fields, rules: batch.rules }),
      );
      if (r.code === 'unknown_carrier' && r.codeValue) noteUnmapped.run(r.codeValue, batch.source, now);
    }
    for (const v of batch.orderValues ?? []) {
      saveOrderValue.run(batch.source, v.orderNumber, v.valueCents, v.currency, now);
      fillOrderValue.run(v.valueCents, v.currency, now, batch.source, v.orderNumber, v.valueCents);
    }
    for (const id of batch.resolvesRejectIds ?? []) resolveReject.run(batch.runId, id);
    addCounts.run(counts.inserted, counts.updated, counts.unchanged, counts.rejected, batch.runId);
    if (batch.cursor !== undefined) saveCursor.run(batch.source, batch.cursor, now);
    return counts;
  };

  return {
    writeBatch: (batch: BatchWrite): SyncCounts => db.write(() => writeBatch(batch)),

    openRun(source: string, trigger: SyncTrigger, fileName: string | null): number {
      const result = db.write(() =>
        db
          .prepare("INSERT INTO sync_runs (source, trigger, file_name, status, started_at, owner) VALUES (?, ?, ?, 'running', ?, ?)")
          .run(source, trigger, fileName, iso(), owner),
      );
      return Number(result.lastInsertRowid);
    },

    finishRun(runId: number, status: Exclude<SyncRunStatus, 'running'>, error: string | null): SyncRun {
      db.write(() => db.prepare('UPDATE sync_runs SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error, iso(), runId));
      return this.run(runId) as SyncRun;
    },

    /**
     * Runs left running by a process that is gone were cut short by a crash or a kill; runs of a live process
     * (the app while the CLI opens the store, or the reverse) are still going and are left alone.
     */
    markInterrupted(runIds?: readonly number[]): number {
      return db.write(() => {
        const running = db.all(db.kysely.selectFrom('sync_runs').select(['id', 'owner']).where('status', '=', 'running').compile());
        const interrupt = db.prepare(`UPDATE sync_runs SET status = 'interrupted', error = '${INTERRUPTED_MESSAGE}', finished_at = ? WHERE id = ?`);
        const at = iso();
        const cut = running.filter((r) => (runIds ? runIds.includes(r.id) : isOwnerGone(r.owner, probe)));
        for (const r of cut) interrupt.run(at, r.id);
        return cut.length;
      });
    },

    cursor(source: string): string | null {
      return db.first(db.kysely.selectFrom('sync_cursors').select('cursor').where('source', '=', source).compile())?.cursor ?? null;
    },

    run(runId: number): SyncRun | null {
      const r = db.first(db.kysely.selectFrom('sync_runs').select(RUN_COLUMNS).where('id', '=', runId).compile());
      return r ? toRun(r) : null;
    },

    runs(limit: number, source?: string): SyncRun[] {
      const query = db.kysely.selectFrom('sync_runs').select(RUN_COLUMNS).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit);
      return db.all((source ? query.where('source', '=', source) : query).compile()).map(toRun);
    },

    /** Any block of a run's rejects in file order, paged like every big grid (db/sorted-views.ts), with the total. */
    rejects(runId: number, offset: number, limit: number): { rows: SyncReject[]; total: number } {
      const ids = rejectViews.ids(JSON.stringify(['rejects', runId]), offset, () =>
        readIds(db.prepare('SELECT id FROM sync_rejects WHERE run_id = ? ORDER BY row_number, id'), [runId]),
      );
      const block = ids.subarray(offset, offset + limit);
      const rows = block.length
        ? (db
            .prepare('SELECT r.id, r.row_number, r.reason, r.raw FROM json_each(?) AS v CROSS JOIN sync_rejects AS r ON r.id = v.value ORDER BY v.key')
            .all(JSON.stringify(Array.from(block))) as Pick<Row<'sync_rejects'>, 'id' | 'row_number' | 'reason' | 'raw'>[])
        : [];
      return {
        rows: rows.map((r) => ({ id: r.id, rowNumber: r.row_number, reason: r.reason, raw: JSON.parse(r.raw) as Record<string, string> })),
        total: ids.length,
      };
    },

    /** Unresolved "unknown carrier" rejects whose code is now mapped, grouped by the source that sent them. */
    openRejectsForCodes(codes: readonly string[]): Map<string, OpenReject[]> {
      const bySource = new Map<string, OpenReject[]>();
      if (codes.length === 0) return bySource;
      const rows = db.all(
        db.kysely
          .selectFrom('sync_rejects as r')
          .innerJoin('sync_runs as s', 's.id', 'r.run_id')
          .select(['r.id', 'r.run_id', 'r.row_number', 'r.raw', 'r.fields', 's.source'])
          .where('r.code', '=', 'unknown_carrier')
          .where('r.resolved_run_id', 'is', null)
          .where(inJsonList('r.code_value', codes))
          .orderBy('r.id')
          .compile(),
      );
      for (const r of rows) {
        const list = bySource.get(r.source) ?? [];
        const stored = JSON.parse(r.fields ?? '{}') as { fields?: RowFields; rules?: StoredRules };
        list.push({
          id: r.id,
          runId: r.run_id,
          rowNumber: r.row_number,
          raw: JSON.parse(r.raw),
          fields: stored.fields ?? {},
          rules: stored.rules ?? { zone: null, stripServicePrefix: false },
        });
        bySource.set(r.source, list);
      }
      return bySource;
    },

    unmapped(): UnmappedCode[] {
      const query = db.kysely
        .selectFrom('sync_unmapped_codes')
        .select(['kind', 'code', 'source', 'seen', 'last_seen_at'])
        .orderBy('last_seen_at', 'desc')
        .limit(200);
      // Only carrier codes are noted (see noteUnmapped), so the kind column holds nothing else.
      return db.all(query.compile()).map((r) => ({ kind: r.kind as 'carrier', code: r.code, source: r.source, seen: r.seen, lastSeenAt: r.last_seen_at }));
    },

    forgetUnmapped(codes: readonly string[]): void {
      db.write(() =>
        db.prepare("DELETE FROM sync_unmapped_codes WHERE kind = 'carrier' AND code IN (SELECT value FROM json_each(?))").run(JSON.stringify(codes)),
      );
    },

    knownOrderValues(source: string, orderNumbers: readonly string[]): Map<string, OrderValue> {
      const rows = db.all(
        db.kysely
          .selectFrom('sync_order_values')
          .select(['order_number', 'value_cents', 'currency'])
          .where('source', '=', source)
          .where(inJsonList('order_number', orderNumbers))
          .compile(),
      );
      return new Map(rows.map((r) => [r.order_number, { orderNumber: r.order_number, valueCents: r.value_cents, currency: r.currency }]));
    },
  };
}
export type SyncStore = ReturnType<typeof createSyncStore>;
