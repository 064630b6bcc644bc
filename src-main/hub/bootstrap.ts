import type { RunResult, Statement } from 'better-sqlite3';
import type { ClientBase } from 'pg';
import type { Db } from '../db/create-db';
import { copyBatches, copyBigint, copyJsonb, copyText, type CopyFields } from './copy-rows';
import { applyOrSkip, MUTABLE_TABLES, pulledChange, pushedSeq, type Touched } from './replication';
import { invalidHubRow, localKeyOf, referencesOf, type ApplyOutcome, type HubRow, type MergeHook, type Ref, type TableShape } from './replica';
import { readStationValue, STATION_KEYS } from './station';

/**
 * Joining: a station that has never pulled takes the hub's rows as they are now (a snapshot up to the newest
 * change number when the join began), table by table in key order and in large batches, then follows the
 * change feed from that number. Each batch is applied in one local transaction together with how far the
 * join has got, so a join cut short (a kill, a lost hub, a person cancelling) resumes where it stopped.
 * Tables empty when the join began (`join.fresh`) take the fast road: plain inserts, indexes built at the end.
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
  fresh: 'join.fresh',
  indexes: 'join.indexes',
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
    const fresh = order.filter((s) => s.idKeyed && s.pullable && !db.prepare(`SELECT 1 FROM "${s.name}" LIMIT 1`).get());
    put(db, KEYS.fresh, JSON.stringify(fresh.map((s) => s.name)));
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

/** Rows applied per local transaction: each commits with how far the join has got, and holds the write lock briefly. */
const BATCH = 5_000;
/** Rows per COPY from the hub: a join asked to stop reads at most the rest of one before it can. */
const CHUNK = 50_000;

/** The snapshot's next rows of one table after a key, in key order; every value quoted here, as COPY takes no parameters. */
function snapshotSql(client: ClientBase, table: string, [origin, key]: [string, string], target: string): string {
  if (!/^[0-9]+$/.test(target)) throw new Error(`the join's change number ${target.slice(0, 40)} is not a number`);
  return `SELECT origin, key, data, change_no FROM rows
    WHERE tbl = ${client.escapeLiteral(table)} AND op = 'upsert' AND (origin, key) > (${client.escapeLiteral(origin)}, ${client.escapeLiteral(key)})
      AND change_no <= ${target}
    ORDER BY origin, key LIMIT ${CHUNK}`;
}

type SnapshotRow = HubRow & { change_no: string };

const snapshotRow = (table: string, [origin, key, data, changeNo]: CopyFields): SnapshotRow => ({
  tbl: table,
  origin: copyText(origin) as string,
  key: copyText(key) as string,
  op: 'upsert',
  data: copyJsonb(data) as HubRow['data'],
  change_no: copyBigint(changeNo) as string,
});

/**
 * A table that was empty when the join began takes the hub's rows as new rows: one prepared INSERT each and
 * the row's hub name, with no lookup of a local copy, no savepoint, no merge. Returns null for anything out
 * of the ordinary (a value the checks refuse, a reference not here, a collision, a constraint), which the
 * usual apply then decides and records, as for any pulled row.
 */
function insertFresh(
  db: Db,
  shapes: Map<string, TableShape>,
  shape: TableShape,
  row: HubRow,
  stationId: string,
  inserts: Map<string, Statement>,
): string | null {
  if (invalidHubRow(shapes, row) !== null) return null;
  const data = row.data as Record<string, unknown>;
  const references = referencesOf(shapes, shape, data);
  const columns: string[] = [];
  const params: unknown[] = [];
  for (const column in data) {
    if (!shape.known.has(column) || column === 'id') continue;
    const target = references[column];
    let value = data[column];
    if (target && value !== null) {
      const local = localKeyOf(db, shapes.get(target) as TableShape, value as Ref, stationId);
      if (local === null) return null;
      value = Number(local);
    }
    columns.push(column);
    params.push(value);
  }
  const names = columns.join(',');
  let insert = inserts.get(names);
  if (!insert) {
    insert = db.prepare(
      `INSERT INTO "${shape.name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
    );
    inserts.set(names, insert);
  }
  let inserted: RunResult;
  try {
    inserted = insert.run(...params);
  } catch {
    return null;
  }
  if (!inserted.changes) return null;
  const localKey = String(inserted.lastInsertRowid);
  db.prepare('INSERT INTO hub_row_origins (tbl, local_key, origin_station, origin_key) VALUES (?, ?, ?, ?)').run(shape.name, localKey, row.origin, row.key);
  return localKey;
}

/** Drops a table's change-recording insert trigger and returns the SQL that puts it back; call inside the write. */
function silenceInsertTrigger(db: Db, table: string): string {
  const name = `${table}_changes_insert`;
  const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string };
  db.raw.exec(`DROP TRIGGER "${name}"`);
  return sql;
}

interface Applied {
  applied: number;
  skipped: number;
  touched: Touched;
}

/**
 * One batch of the snapshot, in one local transaction with how far the join has got: a join cut short resumes
 * after the last batch that committed. Rows of a table that was empty when the join began go in as new rows
 * (`insertFresh`); the others through the same apply as any pulled row, merging into the station's own.
 */
function applySnapshot(
  db: Db,
  shapes: Map<string, TableShape>,
  shape: TableShape,
  rows: SnapshotRow[],
  station: { id: string; name: string },
  now: () => number,
  fresh: boolean,
): Applied {
  const hadOwnRows = read(db, KEYS.ownShipments) !== '0';
  const result: Applied = { applied: 0, skipped: 0, touched: new Map() };
  db.write(() => {
    const before = (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM changes').get() as { seq: number }).seq;
    // A fresh table's new rows are the hub's already: their change records would only be deleted again below.
    // The insert trigger is set aside for this transaction alone, so no other write can ever miss it.
    const trigger = fresh ? silenceInsertTrigger(db, shape.name) : null;
    const audits: string[] = [];
    const merge = auditMerge(db, station, now, audits);
    const inserts = new Map<string, Statement>();
    const placed: string[] = [];
    const inserted: string[] = [];
    for (const row of rows) {
      let local: string | null = fresh ? insertFresh(db, shapes, shape, row, station.id, inserts) : null;
      let outcome: ApplyOutcome = 'applied';
      if (local === null) outcome = applyOrSkip(db, shapes, row, station.id, now, merge, (key) => (local = key));
      if (outcome === 'skipped') {
        result.skipped++;
        continue;
      }
      result.applied++;
      if (local === null) continue;
      placed.push(local);
      if (outcome === 'applied' && shape.name === 'shipments') inserted.push(local);
      if (MUTABLE_TABLES.has(shape.name))
        db.prepare(
          'INSERT INTO hub_row_seen (tbl, local_key, change_no) VALUES (?, ?, ?) ON CONFLICT (tbl, local_key) DO UPDATE SET change_no = excluded.change_no',
        ).run(shape.name, local, Number(row.change_no));
    }
    if (placed.length) result.touched.set(shape.name, placed);
    if (hadOwnRows && inserted.length) flagDuplicateTracking(db, station, now, inserted, audits);
    // A row of this station's own that the hub's copy replaced (a setting, a shipment merged on source and
    // external id) is the hub's now: it is not sent back over the hub's.
    if (placed.length && (hadOwnRows || !shape.idKeyed))
      db.prepare('DELETE FROM changes WHERE seq <= ? AND seq > ? AND tbl = ? AND row_key IN (SELECT value FROM json_each(?))').run(
        before,
        pushedSeq(db),
        shape.name,
        JSON.stringify(placed),
      );
    // What the snapshot applied is the hub's already: its change records go; the audit of merges and duplicates stays to be sent.
    db.prepare("DELETE FROM changes WHERE seq > ? AND NOT (tbl = 'audit_log' AND row_key IN (SELECT value FROM json_each(?)))").run(
      before,
      JSON.stringify(audits),
    );
    if (trigger) db.raw.exec(trigger);
    put(db, KEYS.done, Number(read(db, KEYS.done) ?? 0) + rows.length);
    const last = rows[rows.length - 1];
    put(db, KEYS.after, JSON.stringify([last.origin, last.key]));
  });
  return result;
}

interface DeferredIndex {
  name: string;
  sql: string;
}

const deferred = (db: Db): DeferredIndex[] => JSON.parse(read(db, KEYS.indexes) ?? '[]') as DeferredIndex[];

/**
 * Loading a large table with its secondary indexes in place costs a random index write per index per row;
 * building them once the rows are in is a sort, many times faster (1M shipments: 13 s instead of minutes).
 * So a fresh table that is to receive at least a quarter of what it already holds loses its non-unique
 * indexes (the UNIQUE ones stay: merges and constraints need them) until its snapshot is in. What was dropped
 * is kept with the drop, in the same transaction, so a join killed meanwhile rebuilds them when it goes on.
 */
async function deferIndexes(db: Db, client: ClientBase, shape: TableShape, after: [string, string], target: string): Promise<void> {
  const indexes = (
    db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
      .all(shape.name) as DeferredIndex[]
  ).filter((i) => !deferred(db).some((d) => d.name === i.name));
  if (!indexes.length) return;
  const local = (db.prepare(`SELECT count(*) AS n FROM "${shape.name}"`).get() as { n: number }).n;
  if (local > 0) {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM rows WHERE tbl = $1 AND op = 'upsert' AND (origin, key) > ($2, $3) AND change_no <= $4`,
      [shape.name, ...after, target],
    );
    if (Number(rows[0].n) < local / 4) return;
  }
  db.write(() => {
    put(db, KEYS.indexes, JSON.stringify([...deferred(db), ...indexes]));
    for (const index of indexes) db.raw.exec(`DROP INDEX "${index.name}"`);
  });
}

/**
 * Builds the indexes a join deferred, one per transaction and a turn of the event loop between them, so a scan
 * at this station waits for one index at most (about a second at 1M rows), never for all of them.
 */
export async function rebuildDeferredIndexes(db: Db): Promise<void> {
  for (let next = deferred(db)[0]; next; next = deferred(db)[0]) {
    const index = next;
    db.write(() => {
      db.raw.exec(index.sql.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '));
      put(db, KEYS.indexes, JSON.stringify(deferred(db).filter((d) => d.name !== index.name)));
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface JoinResult {
  rows: number;
  applied: number;
  skipped: number;
  finished: boolean;
}

/**
 * Joins the hub, or goes on with a join cut short: table after table, the snapshot's rows as they are on the
 * hub now (a row changed since the join began arrives again through the feed, harmlessly), streamed by COPY
 * and applied in batches. When the last table is in, the pull cursor is set to the snapshot's change number
 * and the feed takes over. A station asked to stop stops after its current batch and resumes on its next
 * round; one that fails (a lost hub) rebuilds any deferred indexes first, as it may work alone for a while.
 */
export async function joinHub(
  db: Db,
  client: ClientBase,
  shapes: Map<string, TableShape>,
  station: { id: string; name: string },
  now: () => number,
  onApplied: (touched: Touched) => void,
  stopping: () => boolean,
): Promise<JoinResult> {
  const result: JoinResult = { rows: 0, applied: 0, skipped: 0, finished: false };
  if (!joinPending(db)) return { ...result, finished: true };
  if (read(db, KEYS.target) === null || read(db, KEYS.startedAt) === null) await begin(db, client, shapes, now());
  const order = joinOrder(shapes);
  const target = read(db, KEYS.target) as string;
  const fresh = new Set(JSON.parse(read(db, KEYS.fresh) ?? '[]') as string[]);
  const current = read(db, KEYS.table);
  const start = Math.max(
    0,
    order.findIndex((s) => s.name === current),
  );
  try {
    for (let index = start; index < order.length; index++) {
      const shape = order[index];
      if (fresh.has(shape.name)) await deferIndexes(db, client, shape, JSON.parse(read(db, KEYS.after) as string) as [string, string], target);
      for (let complete = false; !complete;) {
        let rows = 0;
        const after = JSON.parse(read(db, KEYS.after) as string) as [string, string];
        for await (const fields of copyBatches(client, snapshotSql(client, shape.name, after, target), BATCH)) {
          rows += fields.length;
          // COPY cannot be cut short: the rest of this one is read and left for the next round.
          if (stopping()) continue;
          const batch = fields.map((f) => snapshotRow(shape.name, f));
          const applied = applySnapshot(db, shapes, shape, batch, station, now, fresh.has(shape.name));
          result.rows += fields.length;
          result.applied += applied.applied;
          result.skipped += applied.skipped;
          if (applied.touched.size) onApplied(applied.touched);
        }
        if (stopping()) return result;
        complete = rows < CHUNK;
      }
      await rebuildDeferredIndexes(db);
      const next = order[index + 1];
      if (next)
        db.write(() => {
          put(db, KEYS.table, next.name);
          put(db, KEYS.after, JSON.stringify(['', '']));
        });
    }
  } catch (error) {
    // The failure reported is the join's; an index that cannot be built now is built by the join's next round.
    await rebuildDeferredIndexes(db).catch(() => undefined);
    throw error;
  }
  // The snapshot is in: the feed follows from its change number.
  db.write(() => {
    put(db, STATION_KEYS.pulled, target);
    put(db, KEYS.finished, now());
  });
  return { ...result, finished: true };
}
