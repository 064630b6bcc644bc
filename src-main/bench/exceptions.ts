import type { Core } from '../core';
import { compileExceptionPage } from '../exceptions/repo';
import { percentile, result, round, sampleMs, type BenchResult } from './measure';

const OPEN_ITEMS = 50_000;
const ACTIVE_SHIPMENTS = 200_000;
const ACTIVE = "status NOT IN ('delivered', 'returned', 'cancelled')";

const PAGE_ARGS = {
  startRow: 0,
  endRow: 100,
  sort: [{ column: 'priority' as const, direction: 'desc' as const }],
  filter: { carrier: ['ups' as const], warehouse: ['east'] },
};

/** Brings the store to ~50,000 open items: tops up with direct inserts, or closes the surplus the rules opened. */
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
         FROM shipments WHERE id % 7 = 3 ORDER BY id LIMIT ?
         ON CONFLICT (shipment_id, reason) DO NOTHING`,
      )
      .run(now, now, now, missing);
  } else if (missing < 0) {
    raw.prepare("UPDATE exceptions SET state = 'resolved' WHERE id IN (SELECT id FROM exceptions WHERE state IN ('open', 'in_progress') ORDER BY id DESC LIMIT ?)").run(-missing);
  }
  raw.exec('ANALYZE');
  return open();
}

/** The first 100-row block of the open queue by priority with two filters, through dispatch vs the same SQL raw. */
export async function benchExceptionsPage(core: Core): Promise<BenchResult> {
  const openItems = ensureOpenItems(core);
  const compiled = compileExceptionPage(core.services.db, PAGE_ARGS, { now: Date.now(), operator: null });
  const raw = core.services.db.raw.prepare(compiled.sql);
  const rows = raw.all(...(compiled.parameters as unknown[])).length;
  const baseline = await sampleMs(300, () => raw.all(...(compiled.parameters as unknown[])));
  const value = await sampleMs(300, async () => {
    const envelope = await core.dispatch('exceptions.list', PAGE_ARGS);
    if (!envelope.ok) throw new Error(envelope.error.message);
  });
  return result('exceptions.page', 'ms', percentile(value, 50), percentile(baseline, 50), {
    p95: percentile(value, 95),
    baselineP95: percentile(baseline, 95),
    openItems,
    rows,
  });
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
