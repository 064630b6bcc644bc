import type { ClientBase } from 'pg';
import type { Db } from '../db/create-db';
import { applyOrSkip, MUTABLE_TABLES, pulledChange, pushedSeq, type Touched } from './replication';
import type { HubRow, MergeHook, TableShape } from './replica';
import { readStationValue, STATION_KEYS } from './station';

/**
 * Joining: a station that has never pulled takes the hub's rows as they are now (a snapshot up to the newest
 * change number when the join began), table by table in key order and in large batches, then follows the
 * change feed from that number. Each batch is applied in one local transaction together with how far the
 * join has got, so a join cut short (a kill, a lost hub, a person cancelling) resumes where it stopped.
 */
const KEYS = {
  target: 'join.target',
  table: 'join.table',
  after: 'join.after',
  done: 'join.done',
  total: 'join.total',
  startedAt: 'join.startedAt',
  startedDone: 'join.startedDone',
  finished: 'join.finished',
  ownShipments: 'join.ownShipments',
} as const;

export interface JoinProgress {
  /** Rows of the snapshot applied (or refused) so far, and how many it holds. */
  done: number;
  total: number;
  /** Seconds left at the pace of this run so far; null until it can be told. */
  secondsLeft: number | null;
}

const read = (db: Db, key: string) => readStationValue(db, key);
const put = (db: Db, key: string, value: string | number) =>
  db.prepare('INSERT INTO hub_station (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(value));

/** Whether this station still has to join (it has never pulled, and has not finished a snapshot). */
export const joinPending = (db: Db): boolean => read(db, KEYS.finished) === null && pulledChange(db) === 0;

/** A station joining a hub again (rejoin.ts) follows the feed from its start instead of taking a snapshot. */
export function markJoined(db: Db, now: number): void {
  db.prepare("DELETE FROM hub_station WHERE key LIKE 'join.%'").run();
  put(db, KEYS.finished, now);
}

/** How far a join has got, while one is under way (the status bar's "catching up 12,400 of 80,000"). */
export function joinProgress(db: Db, now: number): JoinProgress | null {
  if (!joinPending(db) || read(db, KEYS.total) === null) return null;
  const done = Number(read(db, KEYS.done) ?? 0);
  const total = Number(read(db, KEYS.total));
  return { done, total, secondsLeft: secondsLeft(done, total, Number(read(db, KEYS.startedDone) ?? 0), Number(read(db, KEYS.startedAt) ?? now), now) };
}

/** At the pace since this run began; none before a second's worth of it, or when nothing has moved. */
export function secondsLeft(done: number, total: number, doneAtStart: number, startedAt: number, now: number): number | null {
  const elapsed = (now - startedAt) / 1000;
  const rate = (done - doneAtStart) / elapsed;
  if (elapsed < 1 || !(rate > 0)) return null;
  return Math.ceil(Math.max(0, total - done) / rate);
}

/** Tables in an order where every table comes after the ones it refers to, so references resolve as rows arrive. */
export function joinOrder(shapes: Map<string, TableShape>): TableShape[] {
  const ordered: TableShape[] = [];
  const placed = new Set<string>();
  const visit = (shape: TableShape, path: Set<string>) => {
    if (placed.has(shape.name) || path.has(shape.name)) return;
    path.add(shape.name);
    for (const target of Object.values(shape.references)) {
      const next = shapes.get(target);
      if (next) visit(next, path);
    }
    placed.add(shape.name);
    ordered.push(shape);
  };
  for (const shape of [...shapes.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(shape, new Set());
  // The audit trail can name a row of any table (entity_id): it comes last, once every row it may name is here.
  return [...ordered.filter((s) => s.name !== 'audit_log'), ...ordered.filter((s) => s.name === 'audit_log')];
}

/**
 * A station joining with data of its own sends all of it, not just what its change log still holds (the log is
 * pruned while no hub reads it): every row not already waiting is put in the outbox, before the snapshot so that
 * a row the snapshot merges into goes back under the hub's name.
 */
function queueOwnRows(db: Db, shapes: Map<string, TableShape>): void {
  const after = pushedSeq(db);
  for (const shape of shapes.values()) {
    // Rows that came from the hub (a join resumed after a cancel) are the hub's already.
    const fromHub = shape.idKeyed ? `AND CAST(id AS TEXT) NOT IN (SELECT local_key FROM hub_row_origins WHERE tbl = '${shape.name}')` : '';
    db.prepare(
      `INSERT INTO changes (tbl, row_key, op) SELECT ?, ${shape.keyExpr}, 'insert' FROM "${shape.name}"
       WHERE CAST(${shape.keyExpr} AS TEXT) NOT IN (SELECT row_key FROM changes WHERE tbl = ? AND seq > ?) ${fromHub}`,
    ).run(shape.name, shape.name, after);
  }
}

/**
 * Where the join stands, starting it if need be: the snapshot's change number and size are fixed when it
 * begins, and this station's own rows are queued for the hub.
 */
async function begin(db: Db, client: ClientBase, shapes: Map<string, TableShape>, now: number): Promise<void> {
  if (read(db, KEYS.target) !== null) {
    // A resumed join: the pace is measured from here, not from before the kill; own rows are queued again in
    // case a cancel (a disconnect) let the change log be pruned meanwhile.
    db.write(() => {
      queueOwnRows(db, shapes);
      put(db, KEYS.startedAt, now);
      put(db, KEYS.startedDone, read(db, KEYS.done) ?? 0);
    });
    return;
  }
  const { rows } = await client.query<{ target: string | null; total: string }>(
    `SELECT max(change_no)::text AS target, count(*) FILTER (WHERE op = 'upsert' AND tbl = ANY($1))::text AS total FROM rows`,
    [[...shapes.keys()]],
  );
  const order = joinOrder(shapes);
  db.write(() => {
    put(db, KEYS.ownShipments, (db.prepare('SELECT count(*) AS n FROM shipments').get() as { n: number }).n);
    queueOwnRows(db, shapes);
    put(db, KEYS.target, rows[0].target ?? 0);
    put(db, KEYS.total, rows[0].total);
    put(db, KEYS.done, 0);
    put(db, KEYS.table, order[0]?.name ?? '');
    put(db, KEYS.after, JSON.stringify(['', '']));
    put(db, KEYS.startedAt, now);
    put(db, KEYS.startedDone, 0);
  });
}

export interface JoinBatch {
  rows: number;
  applied: number;
  skipped: number;
  touched: Touched;
  finished: boolean;
}

/** Records, in the audit trail every station sees, a local row that the hub's copy of the same thing replaced. */
export const auditMerge =
  (db: Db, station: { name: string }, now: () => number, written: string[]): MergeHook =>
  (shape, localKey, before, key) => {
    if (shape.name === 'audit_log') return;
    const entry = db
      .prepare('INSERT INTO audit_log (entity, entity_id, action, operator, station, at, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        shape.name.replace(/s$/, ''),
        Number(localKey),
        'hub_join_merged',
        null,
        station.name,
        new Date(now()).toISOString(),
        JSON.stringify(before),
        JSON.stringify({ mergedOn: Object.fromEntries(key.map((c) => [c, before[c]])), kept: 'the hub’s copy' }),
      );
    written.push(String(entry.lastInsertRowid));
  };

/**
 * Two shipments of the same carrier with one tracking number (imported from two sources at two stations) are
 * both kept, and the second one is put in front of a person in the audit trail, never silently merged or dropped.
 */
export function flagDuplicateTracking(db: Db, station: { name: string }, now: () => number, localIds: readonly string[], written: string[]): void {
  const find = db.prepare(
    'SELECT o.id, o.source, o.external_id FROM shipments s JOIN shipments o ON o.carrier = s.carrier AND o.tracking_number = s.tracking_number AND o.id <> s.id WHERE s.id = ?',
  );
  // Another station may have found the same pair first (its entry replicated here): one entry per pair.
  const flagged = db.prepare(
    `SELECT 1 FROM (SELECT entity_id, CASE WHEN json_valid(after) THEN json_extract(after, '$.alsoOn') END AS also_on FROM audit_log
       WHERE action = 'hub_duplicate_tracking' AND entity = 'shipment' AND entity_id IN (?, ?))
     WHERE (entity_id = ? AND also_on = ?) OR (entity_id = ? AND also_on = ?)`,
  );
  for (const id of localIds) {
    const other = find.get(Number(id)) as { id: number; source: string; external_id: string } | undefined;
    if (!other || flagged.get(Number(id), other.id, Number(id), other.id, other.id, Number(id))) continue;
    const mine = db.prepare('SELECT carrier, tracking_number, source, external_id FROM shipments WHERE id = ?').get(Number(id));
    const entry = db
      .prepare('INSERT INTO audit_log (entity, entity_id, action, operator, station, at, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        'shipment',
        Number(id),
        'hub_duplicate_tracking',
        null,
        station.name,
        new Date(now()).toISOString(),
        JSON.stringify(mine),
        JSON.stringify({ alsoOn: other.id, source: other.source, externalId: other.external_id }),
      );
    written.push(String(entry.lastInsertRowid));
  }
}

/**
 * One batch of the snapshot: the next `limit` rows of the current table after the last key applied, as they are
 * on the hub now (a row changed since the join began arrives again through the feed, harmlessly). When the last
 * table is done the pull cursor is set to the snapshot's change number and the join is finished.
 */
export async function joinBatch(
  db: Db,
  client: ClientBase,
  shapes: Map<string, TableShape>,
  station: { id: string; name: string },
  now: () => number,
  limit = 5_000,
): Promise<JoinBatch> {
  const empty: JoinBatch = { rows: 0, applied: 0, skipped: 0, touched: new Map(), finished: false };
  if (!joinPending(db)) return { ...empty, finished: true };
  if (read(db, KEYS.target) === null || read(db, KEYS.startedAt) === null) await begin(db, client, shapes, now());
  const order = joinOrder(shapes);
  const target = read(db, KEYS.target) as string;
  const table = read(db, KEYS.table) as string;
  const [afterOrigin, afterKey] = JSON.parse(read(db, KEYS.after) as string) as [string, string];
  const index = order.findIndex((s) => s.name === table);
  const shape = order[index];
  const { rows } = shape
    ? await client.query<HubRow & { change_no: string }>(
        `SELECT tbl, origin, key, op, data, change_no FROM rows
         WHERE tbl = $1 AND (origin, key) > ($2, $3) AND change_no <= $4 ORDER BY origin, key LIMIT $5`,
        [shape.name, afterOrigin, afterKey, target, limit],
      )
    : { rows: [] };
  const hadOwnRows = read(db, KEYS.ownShipments) !== '0';
  let applied = 0;
  let skipped = 0;
  const touched: Touched = new Map();
  const finished = db.write(() => {
    const before = (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM changes').get() as { seq: number }).seq;
    const audits: string[] = [];
    const merge = auditMerge(db, station, now, audits);
    const inserted: string[] = [];
    for (const row of rows) {
      if (row.op !== 'upsert') continue;
      let local: string | null = null;
      const outcome = applyOrSkip(db, shapes, row, station.id, now, merge, (key) => (local = key));
      if (outcome === 'skipped') {
        skipped++;
        continue;
      }
      applied++;
      if (local === null) continue;
      const keys = touched.get(shape.name) ?? [];
      if (!keys.length) touched.set(shape.name, keys);
      keys.push(local);
      if (outcome === 'applied' && shape.name === 'shipments') inserted.push(local);
      if (MUTABLE_TABLES.has(shape.name))
        db.prepare(
          'INSERT INTO hub_row_seen (tbl, local_key, change_no) VALUES (?, ?, ?) ON CONFLICT (tbl, local_key) DO UPDATE SET change_no = excluded.change_no',
        ).run(shape.name, local, Number(row.change_no));
    }
    if (hadOwnRows && inserted.length) flagDuplicateTracking(db, station, now, inserted, audits);
    // A row of this station's own that the hub's copy replaced (a setting, a shipment merged on source and
    // external id) is the hub's now: it is not sent back over the hub's.
    const replaced = touched.get(shape.name);
    if (replaced?.length && (hadOwnRows || !shape.idKeyed))
      db.prepare('DELETE FROM changes WHERE seq <= ? AND seq > ? AND tbl = ? AND row_key IN (SELECT value FROM json_each(?))').run(
        before,
        pushedSeq(db),
        shape.name,
        JSON.stringify(replaced),
      );
    // What the snapshot applied is the hub's already: its change records go; the audit of merges and duplicates stays to be sent.
    db.prepare("DELETE FROM changes WHERE seq > ? AND NOT (tbl = 'audit_log' AND row_key IN (SELECT value FROM json_each(?)))").run(
      before,
      JSON.stringify(audits),
    );
    put(db, KEYS.done, Number(read(db, KEYS.done) ?? 0) + rows.length);
    if (rows.length === limit) {
      const last = rows[rows.length - 1];
      put(db, KEYS.after, JSON.stringify([last.origin, last.key]));
      return false;
    }
    const next = order[index + 1];
    if (next) {
      put(db, KEYS.table, next.name);
      put(db, KEYS.after, JSON.stringify(['', '']));
      return false;
    }
    // The snapshot is in: the feed follows from its change number.
    put(db, STATION_KEYS.pulled, target);
    put(db, KEYS.finished, now());
    return true;
  });
  return { rows: rows.length, applied, skipped, touched, finished };
}
