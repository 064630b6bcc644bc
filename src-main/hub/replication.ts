import type { ClientBase } from 'pg';
import { changesAfter, setChangeCursor } from '../db/changes';
import type { Db } from '../db/create-db';
import { advisoryKey } from './keys';
import { applyHubRow, missingReferences, rowForHub, type ApplyOutcome, type HubRow, type TableShape } from './replica';
import { readStationValue, STATION_KEYS } from './station';

/** The change-log consumer name of the hub's push (db/changes.ts keeps the log until every consumer has read it). */
export const HUB_CONSUMER = 'hub';
/** Stations LISTEN here; a push NOTIFYs it after commit. */
export const CHANGES_CHANNEL = 'waybill_changes';

const PUSH_LOCK = advisoryKey('push');

export const pushedSeq = (db: Db): number =>
  (db.prepare('SELECT seq FROM change_consumers WHERE name = ?').get(HUB_CONSUMER) as { seq: number } | undefined)?.seq ?? 0;

export const pulledChange = (db: Db): number => Number(readStationValue(db, STATION_KEYS.pulled) ?? 0);

/** Rows waiting to be sent: the change log after the push cursor. */
export const outboxSize = (db: Db): number => (db.prepare('SELECT count(*) AS n FROM changes WHERE seq > ?').get(pushedSeq(db)) as { n: number }).n;

/** From now on the change log is kept until the hub has it (a station with no consumer prunes it on open). */
export function startOutbox(db: Db): void {
  db.write(() => db.prepare('INSERT INTO change_consumers (name, seq) VALUES (?, 0) ON CONFLICT (name) DO NOTHING').run(HUB_CONSUMER));
}

/**
 * Sends one batch of the outbox. Each change is sent as its row is now (state, not the history of edits).
 * Idempotent: the hub records how far each station's log has reached it, in the same transaction as the rows,
 * so a batch re-sent after a lost answer (or a kill between the hub's commit and the local cursor) is skipped.
 * Pushes take one advisory lock so change numbers commit in the order they were drawn: a puller that has seen
 * change N can never later find a smaller one committed.
 */
export async function pushBatch(db: Db, client: ClientBase, shapes: Map<string, TableShape>, stationId: string, limit = 500): Promise<number> {
  const changes = changesAfter(db, pushedSeq(db), limit);
  if (!changes.length) return 0;
  const lastSeq = changes[changes.length - 1].seq;
  // One row per (table, key): the last change wins, read once, in the order of that last change.
  const latest = new Map(changes.map((c) => [`${c.table}\u0000${c.rowKey}`, c]));
  const rows = db.read(() => [...latest.values()].sort((a, b) => a.seq - b.seq).map((c) => rowForHub(db, shapes, c.table, c.rowKey, stationId)).filter((r): r is HubRow => r !== null));
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
    const { rows: done } = await client.query<{ pushed_seq: string }>('SELECT pushed_seq FROM pushes WHERE station_id = $1', [stationId]);
    const already = Number(done[0]?.pushed_seq ?? 0);
    if (lastSeq > already) {
      await client.query(
        `INSERT INTO rows (tbl, origin, key, op, data, written_by)
         SELECT r.tbl, r.origin, r.key, r.op, r.data, $2 FROM jsonb_to_recordset($1::jsonb) AS r(tbl text, origin text, key text, op text, data jsonb, n int) ORDER BY r.n
         ON CONFLICT (tbl, origin, key) DO UPDATE SET op = excluded.op, data = excluded.data, written_by = excluded.written_by, change_no = nextval('change_numbers')`,
        [JSON.stringify(rows.map((row, n) => ({ ...row, n }))), stationId],
      );
      await client.query('INSERT INTO pushes (station_id, pushed_seq) VALUES ($1, $2) ON CONFLICT (station_id) DO UPDATE SET pushed_seq = excluded.pushed_seq', [stationId, lastSeq]);
      await client.query(`NOTIFY ${CHANGES_CHANNEL}`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  setChangeCursor(db, HUB_CONSUMER, lastSeq);
  return changes.length;
}

/**
 * A row this store refuses (a CHECK or NOT NULL the hub's copy breaks) is skipped and counted, never allowed
 * to stop the feed for every row behind it; SQLite undoes just that statement, the transaction goes on.
 */
function applyOrSkip(db: Db, shapes: Map<string, TableShape>, row: HubRow, stationId: string): ApplyOutcome {
  try {
    return applyHubRow(db, shapes, row, stationId);
  } catch (error) {
    if (/^SQLITE_CONSTRAINT/.test(String((error as { code?: unknown }).code))) return 'skipped';
    throw error;
  }
}

export interface PullResult {
  rows: number;
  applied: number;
  skipped: number;
}

/**
 * Takes one batch of changes after this station's cursor and applies it in one local transaction, which also
 * moves the cursor and deletes the change records the apply itself produced: pulled rows are never pushed back.
 * Rows this station wrote last are already here and are passed over.
 */
export async function pullBatch(db: Db, client: ClientBase, shapes: Map<string, TableShape>, stationId: string, limit = 500): Promise<PullResult> {
  const { rows } = await client.query<HubRow & { written_by: string; change_no: string }>(
    'SELECT tbl, origin, key, op, data, written_by, change_no FROM rows WHERE change_no > $1 ORDER BY change_no LIMIT $2',
    [pulledChange(db), limit],
  );
  if (!rows.length) return { rows: 0, applied: 0, skipped: 0 };
  const needed = await referencedRows(db, client, shapes, rows, stationId);
  let applied = 0;
  db.write(() => {
    const before = (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM changes').get() as { seq: number }).seq;
    for (const row of needed) applyOrSkip(db, shapes, row, stationId);
    for (const row of rows) {
      if (row.written_by === stationId) continue;
      if (applyOrSkip(db, shapes, row, stationId) !== 'skipped') applied++;
    }
    db.prepare('INSERT INTO hub_station (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(STATION_KEYS.pulled, rows[rows.length - 1].change_no);
    db.prepare('DELETE FROM changes WHERE seq > ?').run(before);
  });
  const own = rows.filter((r) => r.written_by === stationId).length;
  return { rows: rows.length, applied, skipped: rows.length - own - applied };
}

/**
 * A row's change number is that of its latest write, so a scan can come before the shipment it refers to
 * (the shipment was edited after the scan). The rows a batch refers to and this station lacks are fetched by
 * name and applied first, each with what it refers to in turn; their own later change applies again, harmlessly.
 */
async function referencedRows(db: Db, client: ClientBase, shapes: Map<string, TableShape>, rows: readonly HubRow[], stationId: string): Promise<HubRow[]> {
  const found: HubRow[] = [];
  let wanted = rows.flatMap((row) => missingReferences(db, shapes, row, stationId));
  for (let depth = 0; wanted.length && depth < 4; depth++) {
    const { rows: fetched } = await client.query<HubRow>(
      `SELECT r.tbl, r.origin, r.key, r.op, r.data FROM rows r JOIN jsonb_to_recordset($1::jsonb) AS w(tbl text, origin text, key text) USING (tbl, origin, key)`,
      [JSON.stringify(wanted.map((w) => ({ tbl: w.tbl, origin: w.ref[0], key: w.ref[1] })))],
    );
    found.unshift(...fetched);
    wanted = fetched.flatMap((row) => missingReferences(db, shapes, row, stationId));
  }
  return found;
}

/** Pushes the whole outbox, then pulls until the hub has nothing newer: `hub sync --once`. */
export async function syncAll(db: Db, client: ClientBase, shapes: Map<string, TableShape>, stationId: string): Promise<{ pushed: number; pulled: number; applied: number; skipped: number }> {
  let pushed = 0;
  for (let n = await pushBatch(db, client, shapes, stationId); n > 0; n = await pushBatch(db, client, shapes, stationId)) pushed += n;
  const total = { pulled: 0, applied: 0, skipped: 0 };
  for (;;) {
    const batch = await pullBatch(db, client, shapes, stationId);
    if (!batch.rows) break;
    total.pulled += batch.rows;
    total.applied += batch.applied;
    total.skipped += batch.skipped;
  }
  return { pushed, ...total };
}
