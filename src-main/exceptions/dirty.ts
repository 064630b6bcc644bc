/**
 * What a steady rules pass reads (issue 15): the shipments the change log says changed since the last pass, and
 * those whose next deadline (rules_due) has come. A full pass reads every shipment that can need work; it runs
 * first, and again when what every evaluation depends on changed (thresholds, warehouse calendars).
 */
import type { Db } from '../db/create-db';
import { KEYS } from './settings';

/** The rules pass's cursor in the change log (change_consumers). */
export const RULES_CONSUMER = 'exceptions.rules';

/** Change-log rows read per statement: each read is one short stretch of the main thread. */
const CHANGES_PER_READ = 20_000;

/** Seq ranges (from, to] the pass wrote itself, oldest first. */
export type SeqRanges = [from: number, to: number][];

export function rulesCursor(db: Db): number | null {
  const row = db.prepare('SELECT seq FROM change_consumers WHERE name = ?').get(RULES_CONSUMER) as { seq: number } | undefined;
  return row?.seq ?? null;
}

/** Adds (from, to] to `ranges`, merged with the last one when they touch. */
export function addRange(ranges: SeqRanges, from: number, to: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] >= from) last[1] = Math.max(last[1], to);
  else ranges.push([from, to]);
}

/** The parts of (afterSeq, toSeq] outside `own`: what others wrote. */
export function gapsBetween(afterSeq: number, toSeq: number, own: SeqRanges): SeqRanges {
  const gaps: SeqRanges = [];
  let from = afterSeq;
  for (const [ownFrom, ownTo] of own) {
    if (ownTo <= from) continue;
    if (ownFrom >= toSeq) break;
    if (ownFrom > from) gaps.push([from, ownFrom]);
    from = ownTo;
  }
  if (from < toSeq) gaps.push([from, toSeq]);
  return gaps;
}

export type DirtyRead = { kind: 'full' } | { kind: 'ids'; ids: number[] };

/**
 * The shipments a steady pass evaluates: changed in (afterSeq, toSeq] by someone other than the pass itself,
 * or due by `now`. `kind: 'full'` when a change reaches every shipment. Reads the log in slices with a yield
 * between them, so a long backlog (a big import) never holds the main thread.
 */
export async function dirtyShipments(db: Db, afterSeq: number, toSeq: number, own: SeqRanges, now: number): Promise<DirtyRead> {
  const read = db.prepare(
    `SELECT seq, tbl, row_key AS key FROM changes WHERE seq > ? AND seq <= ? AND (tbl IN ('shipments', 'warehouses') OR (tbl = 'settings' AND row_key = ?))
     ORDER BY seq LIMIT ?`,
  );
  const ids = new Set<number>();
  // A first pass writes a million change records of its own; reading around them keeps the next pass small.
  for (const [gapFrom, gapTo] of gapsBetween(afterSeq, toSeq, own)) {
    for (let from = gapFrom; from < gapTo;) {
      const rows = read.all(from, gapTo, KEYS.thresholds, CHANGES_PER_READ) as { seq: number; tbl: string; key: string }[];
      for (const r of rows) {
        if (r.tbl !== 'shipments') return { kind: 'full' };
        ids.add(Number(r.key));
      }
      if (rows.length < CHANGES_PER_READ) break;
      from = rows[rows.length - 1].seq;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  for (const id of db.prepare('SELECT shipment_id FROM rules_due WHERE due_at <= ?').pluck().all(now) as number[]) ids.add(id);
  return { kind: 'ids', ids: [...ids] };
}

/** Deadlines of shipments that no longer exist would come due on every pass. */
export function dropOrphanDeadlines(db: Db, now: number): void {
  db.write(() => db.prepare('DELETE FROM rules_due WHERE due_at <= ? AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.id = rules_due.shipment_id)').run(now));
}
