import type { Core } from '../core';
import { EXCEPTION_SORT_COLUMNS, type ExceptionFilter, type ExceptionRow, type Page } from '../../src-shared/api';
import { benchPageMatrix, percentile, result, round, sampleMs, type BenchResult } from './measure';

const OPEN_ITEMS = 500_000;
const ACTIVE_SHIPMENTS = 200_000;
const ACTIVE = "status NOT IN ('delivered', 'returned', 'cancelled')";

const FILTERS: Record<string, ExceptionFilter> = { none: {}, carrier: { carrier: ['ups'] }, carrierAndWarehouse: { carrier: ['ups'], warehouse: ['east'] } };

/** Brings the store to ~500,000 open items: tops up with direct inserts, or closes the surplus the rules opened. */
function ensureOpenItems(core: Core): number {
  const { raw } = core.services.db;
  const open = () => (raw.prepare("SELECT count(*) AS n FROM exceptions WHERE state IN ('open', 'in_progress')").get() as { n: number }).n;
  const missing = OPEN_ITEMS - open();
  const now = new Date().toISOString();
  if (missing > 0) {
    // Severity × value as the rules would price a fresh item, spread over a few reasons.
    raw
      .prepare(
        `INSERT INTO exceptions (shipment_id, reason, state, priority, priority_at, opened_at, updated_at, condition_active)
         SELECT id, CASE id % 4 WHEN 0 THEN 'late' WHEN 1 THEN 'stalled' WHEN 2 THEN 'at_risk' ELSE 'address_issue' END, 'open',
                (CASE id % 4 WHEN 0 THEN 5 WHEN 1 THEN 4 WHEN 2 THEN 3 ELSE 8 END) * coalesce(order_value_cents, 5000) / 100.0, ?, ?, ?, 1
         FROM shipments ORDER BY id LIMIT ?
         ON CONFLICT (shipment_id, reason) DO NOTHING`,
      )
      .run(now, now, now, missing);
  } else if (missing < 0) {
    raw
      .prepare(
        "UPDATE exceptions SET state = 'resolved' WHERE id IN (SELECT id FROM exceptions WHERE state IN ('open', 'in_progress') ORDER BY id DESC LIMIT ?)",
      )
      .run(-missing);
  }
  // Sampled statistics, as the app keeps them (db/create-db.ts): a full ANALYZE of a million rows takes minutes.
  raw.pragma('analysis_limit = 1000');
  raw.exec('ANALYZE');
  return open();
}

async function dispatchList(core: Core, arg: object): Promise<Page<ExceptionRow>> {
  const envelope = await core.dispatch('exceptions.list', arg);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}

/**
 * The open queue (~500,000 items): every sortable column × both directions × {no filter, one carrier, carrier and
 * warehouse} × depths {0, middle, last}, 100-row blocks through dispatch. value = the worst per-combination p95
 * once the view is open (its opening read is reported apart, as in shipments.page); baseline = a keyset read of
 * 100 queue rows with their shipments by primary key.
 */
export async function benchExceptionsPage(core: Core): Promise<BenchResult> {
  const openItems = ensureOpenItems(core);
  const { db } = core.services;
  const { maxId } = db.prepare('SELECT coalesce(max(id), 0) AS maxId FROM exceptions').get() as { maxId: number };
  const keyset = db.raw.prepare('SELECT * FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE e.id > ? ORDER BY e.id LIMIT 100');
  let i = 0;
  const baseline = await sampleMs(300, () => keyset.all(Math.floor((((i++ * 7919) % 1000) / 1000) * maxId)));
  const { worstP95, ...matrix } = await benchPageMatrix(EXCEPTION_SORT_COLUMNS, FILTERS, (arg) => dispatchList(core, arg));
  return result('exceptions.page', 'ms', worstP95, percentile(baseline, 95), { ...matrix, openItems });
}

/**
 * A full flag evaluation pass over 200,000 active shipments (fewer when the store has fewer), chunked with
 * setImmediate between slices; `maxSliceMs` is the longest the main process was held. Baseline: one raw
 * UPDATE computing only the stalled flag over the same rows, rolled back.
 */
export async function benchRulesEvaluate(core: Core): Promise<BenchResult> {
  const { raw } = core.services.db;
  const last = raw.prepare(`SELECT id FROM shipments WHERE ${ACTIVE} ORDER BY id LIMIT 1 OFFSET ?`).get(ACTIVE_SHIPMENTS - 1) as { id: number } | undefined;
  const toId = last?.id ?? (raw.prepare('SELECT coalesce(max(id), 0) AS m FROM shipments').get() as { m: number }).m;
  const active = (raw.prepare(`SELECT count(*) AS n FROM shipments WHERE id <= ? AND ${ACTIVE}`).get(toId) as { n: number }).n;

  // newAfterId = toId: only active shipments (and any with flags or items) are in scope, as in a running app.
  const first = await core.services.exceptions.runPass({ kind: 'all', newAfterId: toId, toId });
  const again = await core.services.exceptions.runPass({ kind: 'all', newAfterId: toId, toId });

  // After the passes: the rolled-back UPDATE leaves the OS hundreds of MB of WAL to write back, and a commit
  // issued during that writeback waits for it (150+ ms), which would be charged to the pass's first slice.
  const stalledBefore = new Date(Date.now() - 48 * 3_600_000).toISOString();
  const update = raw.prepare(
    `UPDATE shipments SET flags = CASE WHEN status != 'created' AND last_event_at < ? THEN flags | 1 ELSE flags & ~1 END WHERE id <= ? AND ${ACTIVE}`,
  );
  const baselineRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    raw.exec('BEGIN');
    update.run(stalledBefore, toId);
    raw.exec('ROLLBACK');
    baselineRuns.push(Number(process.hrtime.bigint() - started) / 1e6);
  }

  return result('rules.evaluate', 'ms', first.totalMs, Math.min(...baselineRuns), {
    maxSliceMs: round(Math.max(first.maxSliceMs, again.maxSliceMs)),
    // The first pass writes every new item, so its commits are the largest.
    firstPassMaxSliceMs: round(first.maxSliceMs),
    steadyMaxSliceMs: round(again.maxSliceMs),
    shipments: active,
    evaluated: first.shipments,
    slices: first.slices,
    opened: first.opened,
    flagsChanged: first.flagsChanged,
    steadyPassMs: round(again.totalMs),
  });
}
