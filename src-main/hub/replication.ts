import type { ClientBase } from 'pg';
import { changesAfter, lastChangeSeq } from '../db/changes';
import type { Db } from '../db/create-db';
import { advisoryKey } from './keys';
import { applyHubRow, localKeyOf, missingReferences, RefusedRow, rowForHub, type ApplyOutcome, type HubRow, type MergeHook, type TableShape } from './replica';
import { readStationValue, STATION_KEYS } from './station';
import { auditMerge, flagDuplicateTracking, joinHub } from './bootstrap';

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
 * Mutable records carry a revision (the hub change number a station last saw of them); a change based on an
 * older one than the hub's is a conflict. Append-only records (scans, tracking events, audit) never conflict:
 * they merge by their station-made names.
 */
export const MUTABLE_TABLES: ReadonlySet<string> = new Set(['exceptions', 'returns', 'pickups', 'scan_sessions', 'settings']);

const seenChange = (db: Db, table: string, localKey: string): number | null =>
  (db.prepare('SELECT change_no FROM hub_row_seen WHERE tbl = ? AND local_key = ?').get(table, localKey) as { change_no: number } | undefined)?.change_no ??
  null;

const recordSeen = (db: Db, table: string, localKey: string, changeNo: number): void =>
  void db
    .prepare('INSERT INTO hub_row_seen (tbl, local_key, change_no) VALUES (?, ?, ?) ON CONFLICT (tbl, local_key) DO UPDATE SET change_no = excluded.change_no')
    .run(table, localKey, changeNo);

interface Outgoing {
  row: HubRow;
  localKey: string;
  base: number | null;
}

interface HubVersion {
  tbl: string;
  origin: string;
  key: string;
  op: HubRow['op'];
  data: HubRow['data'];
  written_by: string;
  written_at: Date;
  change_no: string;
  station_name: string | null;
}

const nameOf = (r: { tbl: string; origin: string; key: string }) => `${r.tbl}\u0000${r.origin}\u0000${r.key}`;

/**
 * Sends one batch of the outbox. Each change is sent as its row is now (state, not the history of edits).
 * Idempotent: the hub records how far each station's log has reached it, in the same transaction as the rows,
 * so a batch re-sent after a lost answer (or a kill between the hub's commit and the local cursor) is skipped.
 * Pushes take one advisory lock so change numbers commit in the order they were drawn: a puller that has seen
 * change N can never later find a smaller one committed. A mutable record changed here on a stale revision
 * loses to the hub's: the hub keeps the first, this station takes the winner at once and records both in its
 * audit trail (which replicates, so every station sees who did what).
 */
export async function pushBatch(
  db: Db,
  client: ClientBase,
  shapes: Map<string, TableShape>,
  station: { id: string; name: string },
  now: () => number,
  limit = 500,
): Promise<PushResult> {
  const stationId = station.id;
  const changes = changesAfter(db, pushedSeq(db), limit);
  if (!changes.length) return { pushed: 0, conflicts: 0 };
  const lastSeq = changes[changes.length - 1].seq;
  // One row per (table, key): the last change wins, read once, in the order the rows first changed.
  const latest = new Map(changes.map((c) => [`${c.table}\u0000${c.rowKey}`, c]));
  const outgoing = db.read(() =>
    [...latest.values()].flatMap((c): Outgoing[] => {
      const row = rowForHub(db, shapes, c.table, c.rowKey, stationId);
      return row ? [{ row, localKey: c.rowKey, base: MUTABLE_TABLES.has(c.table) ? seenChange(db, c.table, c.rowKey) : null }] : [];
    }),
  );
  let accepted: { tbl: string; origin: string; key: string; change_no: string }[] = [];
  let lost: { item: Outgoing; winner: HubVersion }[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
    const { rows: done } = await client.query<{ pushed_seq: string }>('SELECT pushed_seq FROM pushes WHERE station_id = $1', [stationId]);
    if (lastSeq > Number(done[0]?.pushed_seq ?? 0)) {
      const mutable = outgoing.filter((o) => MUTABLE_TABLES.has(o.row.tbl));
      const { rows: current } = mutable.length
        ? await client.query<HubVersion>(
            `SELECT r.tbl, r.origin, r.key, r.op, r.data, r.written_by, r.written_at, r.change_no, s.name AS station_name
             FROM rows r JOIN jsonb_to_recordset($1::jsonb) AS w(tbl text, origin text, key text) USING (tbl, origin, key) LEFT JOIN stations s ON s.id = r.written_by`,
            [JSON.stringify(mutable.map((o) => ({ tbl: o.row.tbl, origin: o.row.origin, key: o.row.key })))],
          )
        : { rows: [] };
      const onHub = new Map(current.map((c) => [nameOf(c), c]));
      lost = mutable.flatMap((item) => {
        const winner = onHub.get(nameOf(item.row));
        // No revision known (a row made here, or sent again to a rebuilt hub by rejoin.ts): nothing to be stale against.
        return winner && item.base !== null && winner.written_by !== stationId && Number(winner.change_no) !== item.base ? [{ item, winner }] : [];
      });
      const losing = new Set(lost.map((l) => l.item));
      const winning = outgoing.filter((o) => !losing.has(o));
      ({ rows: accepted } = await client.query<{ tbl: string; origin: string; key: string; change_no: string }>(
        `INSERT INTO rows (tbl, origin, key, op, data, written_by)
         SELECT r.tbl, r.origin, r.key, r.op, r.data, $2 FROM jsonb_to_recordset($1::jsonb) AS r(tbl text, origin text, key text, op text, data jsonb, n int) ORDER BY r.n
         ON CONFLICT (tbl, origin, key) DO UPDATE SET op = excluded.op, data = excluded.data, written_by = excluded.written_by, written_at = now(), change_no = nextval('change_numbers')
         RETURNING tbl, origin, key, change_no`,
        [JSON.stringify(winning.map((o, n) => ({ ...o.row, n }))), stationId],
      ));
      for (const { item, winner } of lost) {
        await client.query('INSERT INTO conflicts (tbl, origin, key, lost_by, lost_data, won_by, won_change_no) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          item.row.tbl,
          item.row.origin,
          item.row.key,
          stationId,
          JSON.stringify(item.row.data),
          winner.written_by,
          winner.change_no,
        ]);
      }
      await client.query(
        'INSERT INTO pushes (station_id, pushed_seq) VALUES ($1, $2) ON CONFLICT (station_id) DO UPDATE SET pushed_seq = excluded.pushed_seq',
        [stationId, lastSeq],
      );
      await client.query(`NOTIFY ${CHANGES_CHANNEL}`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const byName = new Map(outgoing.map((o) => [nameOf(o.row), o]));
  db.write(() => {
    const before = lastChangeSeq(db);
    // Only mutable records need the revision a later edit is based on; an append-only one never conflicts.
    for (const a of accepted) {
      const item = byName.get(nameOf(a));
      if (item && MUTABLE_TABLES.has(item.row.tbl)) recordSeen(db, item.row.tbl, item.localKey, Number(a.change_no));
    }
    for (const { item, winner } of lost) {
      // The winner replaces the late change here at once; the audit says who won, where and when.
      applyOrSkip(
        db,
        shapes,
        { tbl: winner.tbl, origin: winner.origin, key: winner.key, op: winner.op, data: winner.data, change_no: winner.change_no },
        stationId,
        now,
      );
      recordSeen(db, item.row.tbl, item.localKey, Number(winner.change_no));
      const shape = shapes.get(item.row.tbl);
      db.prepare('INSERT INTO audit_log (entity, entity_id, action, operator, station, at, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        item.row.tbl.replace(/s$/, ''),
        shape?.idKeyed ? Number(item.localKey) : 0,
        'hub_conflict_lost',
        null,
        station.name,
        new Date(now()).toISOString(),
        JSON.stringify({ key: item.localKey, lost: item.row.data }),
        JSON.stringify({
          key: item.localKey,
          kept: winner.data,
          wonBy: winner.station_name ?? winner.written_by,
          wonAt: new Date(winner.written_at).toISOString(),
        }),
      );
    }
    // The winner's apply is not this station's change to send; the audit entry is, and stays in the log.
    db.prepare("DELETE FROM changes WHERE seq > ? AND tbl <> 'audit_log'").run(before);
    db.prepare('INSERT INTO change_consumers (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq').run(HUB_CONSUMER, lastSeq);
  });
  return { pushed: changes.length, conflicts: lost.length };
}

export interface PushResult {
  pushed: number;
  conflicts: number;
}

/**
 * A row this store refuses (a value of the wrong kind, a CHECK or NOT NULL the hub's copy breaks) is skipped
 * and recorded with its reason in hub_refused_rows, never allowed to stop the feed for every row behind it,
 * nor to leave half of itself behind: each row is applied under a savepoint the refusal rolls back.
 */
export function applyOrSkip(
  db: Db,
  shapes: Map<string, TableShape>,
  row: HubRow & { change_no?: string | number },
  stationId: string,
  now: () => number = Date.now,
  onMerge?: MergeHook,
  onPlaced?: (localKey: string) => void,
): ApplyOutcome {
  db.prepare('SAVEPOINT hub_row').run();
  try {
    const outcome = applyHubRow(db, shapes, row, stationId, onMerge, onPlaced);
    db.prepare('RELEASE hub_row').run();
    return outcome;
  } catch (error) {
    db.prepare('ROLLBACK TO hub_row').run();
    db.prepare('RELEASE hub_row').run();
    const reason = refusal(error);
    if (reason === null) throw error;
    db.prepare('INSERT INTO hub_refused_rows (tbl, origin, key, change_no, reason, at) VALUES (?, ?, ?, ?, ?, ?)').run(
      String(row.tbl).slice(0, 200),
      String(row.origin).slice(0, 200),
      String(row.key).slice(0, 200),
      row.change_no === undefined ? null : Number(row.change_no),
      reason,
      new Date(now()).toISOString(),
    );
    return 'skipped';
  }
}

/** Why the store would not take a row, or null for a failure of the store itself (a full disk), which must surface. */
function refusal(error: unknown): string | null {
  if (error instanceof RefusedRow) return error.message;
  const code = String((error as { code?: unknown }).code ?? '');
  if (/^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code)) return `the store refused it: ${(error as Error).message}`;
  // better-sqlite3 refuses to bind a value it cannot store (an object, a bigint out of range) with these.
  if (error instanceof TypeError || error instanceof RangeError) return `the store refused it: ${error.message}`;
  return null;
}

export interface PullResult {
  rows: number;
  applied: number;
  skipped: number;
  /** The local keys of the rows applied, by table: what the pull tells the screens and the rules about. */
  touched: Touched;
  /** Shipments new to this store: looked at for a tracking number another shipment here already has. */
  newShipments: string[];
}

export type Touched = Map<string, string[]>;

/**
 * Takes one batch of changes after this station's cursor and applies it in one local transaction, which also
 * moves the cursor and deletes the change records the apply itself produced: pulled rows are never pushed back.
 * Rows this station wrote last are already here and are passed over.
 */
export async function pullBatch(
  db: Db,
  client: ClientBase,
  shapes: Map<string, TableShape>,
  station: { id: string; name: string },
  now: () => number,
  limit = 500,
): Promise<PullResult> {
  const stationId = station.id;
  const { rows } = await client.query<HubRow & { written_by: string; change_no: string }>(
    'SELECT tbl, origin, key, op, data, written_by, change_no FROM rows WHERE change_no > $1 ORDER BY change_no LIMIT $2',
    [pulledChange(db), limit],
  );
  if (!rows.length) return { rows: 0, applied: 0, skipped: 0, touched: new Map(), newShipments: [] };
  const needed = await referencedRows(db, client, shapes, rows, stationId);
  let applied = 0;
  const touched: Touched = new Map();
  const newShipments: string[] = [];
  const touch = (table: string, key: string | null) => {
    if (key === null) return;
    const keys = touched.get(table) ?? [];
    if (!keys.length) touched.set(table, keys);
    keys.push(key);
  };
  db.write(() => {
    const before = (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM changes').get() as { seq: number }).seq;
    // A pulled shipment that is one this station imported itself merges into it, audited as at a join.
    const audits: string[] = [];
    const merge = auditMerge(db, station, now, audits);
    const apply = (row: HubRow & { change_no?: string }, shape: TableShape | undefined): ApplyOutcome => {
      const isNew = row.tbl === 'shipments' && shape !== undefined && localKeyOf(db, shape, [row.origin, row.key], stationId) === null;
      let placed: string | null = null;
      const outcome = applyOrSkip(db, shapes, row, stationId, now, merge, (key) => (placed = key));
      if (isNew && outcome === 'applied' && placed !== null) newShipments.push(placed);
      return outcome;
    };
    for (const row of needed) {
      const shape = shapes.get(row.tbl);
      if (apply(row, shape) === 'skipped') continue;
      if (shape) touch(row.tbl, localKeyOf(db, shape, [row.origin, row.key], stationId));
    }
    for (const row of rows) {
      if (row.written_by === stationId) continue;
      const shape = shapes.get(row.tbl);
      // A delete has no local key afterwards: its key is read first, so the screens still hear of it.
      const was = row.op === 'delete' && shape ? localKeyOf(db, shape, [row.origin, row.key], stationId) : null;
      if (apply(row, shape) === 'skipped') continue;
      applied++;
      const local = shape ? localKeyOf(db, shape, [row.origin, row.key], stationId) : null;
      touch(row.tbl, was ?? local);
      if (local && MUTABLE_TABLES.has(row.tbl)) recordSeen(db, row.tbl, local, Number(row.change_no));
    }
    db.prepare('INSERT INTO hub_station (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      STATION_KEYS.pulled,
      rows[rows.length - 1].change_no,
    );
    // What the pull applied is the hub's already; the audit of a merge is this station's to send.
    db.prepare("DELETE FROM changes WHERE seq > ? AND NOT (tbl = 'audit_log' AND row_key IN (SELECT value FROM json_each(?)))").run(
      before,
      JSON.stringify(audits),
    );
  });
  const own = rows.filter((r) => r.written_by === stationId).length;
  return { rows: rows.length, applied, skipped: rows.length - own - applied, touched, newShipments };
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
export async function syncAll(
  db: Db,
  client: ClientBase,
  shapes: Map<string, TableShape>,
  station: { id: string; name: string },
  now: () => number,
  /** Called after each pulled batch has committed, with what it applied (the running console emits core events). */
  onPulled: (touched: Touched) => void = () => undefined,
  /** Asked between batches of a join: a station stopping or disconnecting leaves it to resume later. */
  stopping: () => boolean = () => false,
): Promise<{ pushed: number; conflicts: number; pulled: number; applied: number; skipped: number }> {
  let pushed = 0;
  let conflicts = 0;
  const total = { pulled: 0, applied: 0, skipped: 0 };
  // A station that has never pulled joins from a snapshot first; its own rows wait in the outbox meanwhile.
  const joined = await joinHub(db, client, shapes, station, now, onPulled, stopping);
  total.pulled += joined.rows;
  total.applied += joined.applied;
  total.skipped += joined.skipped;
  if (!joined.finished) return { pushed, conflicts, ...total };
  const pushAll = async () => {
    for (;;) {
      const batch = await pushBatch(db, client, shapes, station, now);
      if (!batch.pushed) break;
      pushed += batch.pushed;
      conflicts += batch.conflicts;
    }
  };
  await pushAll();
  const newShipments: string[] = [];
  for (;;) {
    const batch = await pullBatch(db, client, shapes, station, now);
    if (!batch.rows) break;
    total.pulled += batch.rows;
    total.applied += batch.applied;
    total.skipped += batch.skipped;
    newShipments.push(...batch.newShipments);
    if (batch.touched.size) onPulled(batch.touched);
  }
  // Once everything is in, so an entry another station already made about the same pair is here to be seen.
  if (newShipments.length) db.write(() => flagDuplicateTracking(db, station, now, newShipments, []));
  // What the pull wrote here (the audit of a merge or a duplicate) goes in the same round, before another station looks.
  if (outboxSize(db) > 0) await pushAll();
  return { pushed, conflicts, ...total };
}
