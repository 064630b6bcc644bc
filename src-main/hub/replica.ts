import { RETURN_STATES } from '../../src-shared/domain/returns/lifecycle';
import { CARRIERS } from '../../src-shared/domain/tracking/carriers';
import { TRACKING_STATUSES } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { isHubName, isLocalId, translateAuditIds } from './audit-ids';

/**
 * The local half of replication: how each replicated table names its rows, and the translation between a
 * station's own keys and the names rows carry on the hub.
 *
 * Row names on the hub. A table keyed by INTEGER `id` (shipments, scans, exceptions...) names a row by the
 * station that created it and that station's id: (origin, key). Ids made on different stations can never
 * collide, and every station keeps its own local id for the row (hub_row_origins maps the two). A table keyed
 * by its content (settings.key, warehouses.code, composite keys) is named by that key alone, origin '':
 * the same setting written at two stations is one row on the hub.
 */
export interface TableShape {
  name: string;
  /** The SQL expression over the row that gives its change-log key (read off the table's change trigger). */
  keyExpr: string;
  idKeyed: boolean;
  columns: string[];
  /** The same, to look a column up (every value of every pulled row is). */
  known: ReadonlySet<string>;
  /** Each column's declared type (INTEGER, TEXT, REAL...): what a value from the hub must be to be stored. */
  types: Record<string, string>;
  /** Column -> the replicated table it refers to; such values travel as hub names, never local ids. */
  references: Record<string, string>;
  /** A reference to a table that never leaves its station (sync_rejects -> sync_runs): rows cannot be placed elsewhere. */
  pullable: boolean;
  /** UNIQUE column sets besides the key: a pulled row that collides with one merges into the local row. */
  uniques: string[][];
}

/** What travels: a row's hub name, what happened to it, and its content with references as hub names. */
export interface HubRow {
  tbl: string;
  origin: string;
  key: string;
  op: 'upsert' | 'delete';
  data: Record<string, unknown> | null;
}

export type Ref = [origin: string, key: string];

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Reads every replicated table's shape from the store itself, so a new table or column needs no code here. */
export function tableShapes(db: Db, replicated: readonly string[]): Map<string, TableShape> {
  const shapes = new Map<string, TableShape>();
  for (const name of replicated) {
    const trigger = db.raw.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(`${name}_changes_insert`) as
      { sql: string } | undefined;
    const match = trigger?.sql.match(/VALUES \('[^']+', (.+), 'insert'\)/);
    if (!match) throw new Error(`table ${name} is declared replicated but records no changes`);
    const keyExpr = match[1].replaceAll('NEW.', '');
    const info = db.raw.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; type: string }[];
    const columns = info.map((c) => c.name);
    const foreign = db.raw.prepare(`PRAGMA foreign_key_list(${quote(name)})`).all() as { table: string; from: string }[];
    const uniques = (db.raw.prepare(`PRAGMA index_list(${quote(name)})`).all() as { name: string; unique: number; origin: string }[])
      .filter((i) => i.unique && i.origin !== 'pk')
      .map((i) => (db.raw.prepare(`PRAGMA index_info(${quote(i.name)})`).all() as { name: string }[]).map((c) => c.name));
    shapes.set(name, {
      name,
      keyExpr,
      idKeyed: keyExpr === 'id',
      columns,
      known: new Set(columns),
      types: Object.fromEntries(info.map((c) => [c.name, c.type.toUpperCase()])),
      references: Object.fromEntries(foreign.filter((f) => replicated.includes(f.table)).map((f) => [f.from, f.table])),
      pullable: foreign.every((f) => replicated.includes(f.table)),
      uniques,
    });
  }
  return shapes;
}

/**
 * The columns of this row that name another replicated row: the store's foreign keys, and an audit entry's
 * `entity_id`, which names a row of the table its `entity` says (exception -> exceptions): ids differ between
 * stations, so it travels as a hub name like any reference.
 */
export function referencesOf(shapes: Map<string, TableShape>, shape: TableShape, data: Record<string, unknown>): Record<string, string> {
  if (shape.name !== 'audit_log' || typeof data.entity !== 'string') return shape.references;
  const target = shapes.get(`${data.entity}s`);
  return target?.idKeyed ? { ...shape.references, entity_id: target.name } : shape.references;
}

/** The columns of an audit entry whose JSON text can name records by local id (audit-ids.ts). */
const AUDIT_TEXT: ReadonlySet<string> = new Set(['before', 'after']);

/** For an audit entry, the id-keyed table its own record is in (null when none); undefined for any other row. */
function auditEntityTable(shapes: Map<string, TableShape>, shape: TableShape, data: Record<string, unknown>): string | null | undefined {
  if (shape.name !== 'audit_log') return undefined;
  const target = typeof data.entity === 'string' ? shapes.get(`${data.entity}s`) : undefined;
  return target?.idKeyed ? target.name : null;
}

/** The hub name of a local row: its recorded origin when it came from elsewhere, else this station and its key. */
function hubName(db: Db, shape: TableShape, localKey: string, stationId: string): Ref {
  if (!shape.idKeyed) return ['', localKey];
  const mapped = db.prepare('SELECT origin_station, origin_key FROM hub_row_origins WHERE tbl = ? AND local_key = ?').get(shape.name, localKey) as
    { origin_station: string; origin_key: string } | undefined;
  return mapped ? [mapped.origin_station, mapped.origin_key] : [stationId, localKey];
}

/** The local key of a hub-named row, or null when this station does not have it (yet). */
export function localKeyOf(db: Db, shape: TableShape, [origin, key]: Ref, stationId: string): string | null {
  if (!shape.idKeyed) return key;
  if (origin === stationId) return key;
  const mapped = db.prepare('SELECT local_key FROM hub_row_origins WHERE tbl = ? AND origin_station = ? AND origin_key = ?').get(shape.name, origin, key) as
    { local_key: string } | undefined;
  return mapped?.local_key ?? null;
}

/** A row as it is now, ready to push: deleted rows travel as deletes, references as hub names. */
export function rowForHub(db: Db, shapes: Map<string, TableShape>, table: string, localKey: string, stationId: string): HubRow | null {
  const shape = shapes.get(table);
  if (!shape) return null;
  const [origin, key] = hubName(db, shape, localKey, stationId);
  const row = db.prepare(`SELECT * FROM ${quote(table)} WHERE ${shape.keyExpr} = ?`).get(localKey) as Record<string, unknown> | undefined;
  if (!row) return { tbl: table, origin, key, op: 'delete', data: null };
  const data: Record<string, unknown> = {};
  const references = referencesOf(shapes, shape, row);
  const own = auditEntityTable(shapes, shape, row);
  for (const column of shape.columns) {
    if (shape.idKeyed && column === 'id') continue;
    const target = references[column];
    const value = row[column];
    data[column] = target && value !== null && value !== undefined ? hubName(db, shapes.get(target) as TableShape, String(value), stationId) : value;
    if (own !== undefined && AUDIT_TEXT.has(column))
      data[column] = translateAuditIds(value, own, (t, v) => {
        const named = shapes.get(t);
        return named?.idKeyed && isLocalId(v) ? hubName(db, named, String(v), stationId) : v;
      });
  }
  return { tbl: table, origin, key, op: 'upsert', data };
}

export type ApplyOutcome = 'applied' | 'merged' | 'skipped';

/** A row from the hub this station will not store, and why in plain words (kept in hub_refused_rows). */
export class RefusedRow extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RefusedRow';
  }
}

const MAX_TEXT = 1_000_000;

/** The values an import would refuse in the columns every screen and rule reads: a shipment's carrier and status. */
const DOMAIN: Record<string, Record<string, ReadonlySet<string>>> = {
  shipments: { carrier: new Set(CARRIERS), status: new Set(TRACKING_STATUSES) },
  returns: { state: new Set(RETURN_STATES) },
};

/**
 * Why a row from the hub cannot be stored here, or null: the same checks an import makes of a value's type,
 * before the store's own constraints. Nothing from the hub is trusted: a name, key or value of the wrong
 * kind, an oversized text, a reference that is not a hub name is refused, never guessed at.
 */
export function invalidHubRow(shapes: Map<string, TableShape>, row: HubRow): string | null {
  const shape = shapes.get(row.tbl);
  if (!shape) return `unknown table ${String(row.tbl).slice(0, 60)}`;
  if (typeof row.origin !== 'string' || row.origin.length > 200 || typeof row.key !== 'string' || row.key.length > 2_000) return 'malformed row name';
  if (shape.idKeyed && !/^[0-9]{1,15}$/.test(row.key)) return `key ${row.key.slice(0, 40)} is not a row id`;
  if (row.op === 'delete') return null;
  if (row.op !== 'upsert') return `unknown operation ${String(row.op).slice(0, 20)}`;
  if (row.data === null || typeof row.data !== 'object' || Array.isArray(row.data)) return 'an upsert without a row';
  const references = referencesOf(shapes, shape, row.data);
  for (const [column, value] of Object.entries(row.data)) {
    if (!shape.known.has(column) || value === null) continue;
    if (references[column]) {
      if (!isHubName(value)) return `${column} is not a reference`;
      continue;
    }
    const type = shape.types[column] ?? '';
    if (type.includes('INT')) {
      if (!Number.isSafeInteger(value)) return `${column} is not a whole number`;
    } else if (type.includes('REAL')) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${column} is not a number`;
    } else if (type.includes('TEXT')) {
      if (typeof value !== 'string') return `${column} is not text`;
      if (value.length > MAX_TEXT) return `${column} is longer than ${MAX_TEXT} characters`;
      const allowed = DOMAIN[shape.name]?.[column];
      if (allowed && !allowed.has(value)) return `${column} ${value.slice(0, 40)} is not one this Waybill knows`;
    } else if (!(typeof value === 'string' && value.length <= MAX_TEXT) && !(typeof value === 'number' && Number.isFinite(value)))
      return `${column} is not a plain value`;
  }
  return null;
}

/**
 * Applies one row from the hub to the local store; call inside the pull's write. Only known tables and
 * columns are written, every value as a bound parameter (nothing from the hub becomes SQL); a value that is
 * not a plain scalar, a reference this station cannot resolve, or a table that points at station-local rows
 * is skipped (counted by the caller), never guessed. A row whose content collides with a local row (same source + external id) merges into it.
 */
export function applyHubRow(
  db: Db,
  shapes: Map<string, TableShape>,
  row: HubRow,
  stationId: string,
  onMerge?: MergeHook,
  /** Told the local key the row now has (a join lists what it applied without asking again). */
  onPlaced?: (localKey: string) => void,
): ApplyOutcome {
  const invalid = invalidHubRow(shapes, row);
  if (invalid) throw new RefusedRow(invalid);
  const shape = shapes.get(row.tbl);
  if (!shape || !shape.pullable) return 'skipped';
  const existing = localKeyOf(db, shape, [row.origin, row.key], stationId);
  if (row.op === 'delete' || !row.data) {
    if (existing === null) return 'skipped';
    db.prepare(`DELETE FROM ${quote(shape.name)} WHERE ${shape.keyExpr} = ?`).run(existing);
    db.prepare('DELETE FROM hub_row_origins WHERE tbl = ? AND local_key = ?').run(shape.name, existing);
    return 'applied';
  }
  const values: Record<string, unknown> = {};
  const references = referencesOf(shapes, shape, row.data);
  const own = auditEntityTable(shapes, shape, row.data);
  for (const [column, value] of Object.entries(row.data)) {
    if (!shape.known.has(column) || (shape.idKeyed && column === 'id')) continue;
    if (own !== undefined && AUDIT_TEXT.has(column)) {
      // A record this station does not have stays named by its hub name: the entry still says which it was.
      values[column] = translateAuditIds(value, own, (t, v) => {
        const named = shapes.get(t);
        const local = named?.idKeyed && isHubName(v) ? localKeyOf(db, named, v, stationId) : null;
        return local === null ? v : Number(local);
      });
      continue;
    }
    const target = references[column];
    if (target && Array.isArray(value)) {
      const local = localKeyOf(db, shapes.get(target) as TableShape, value as Ref, stationId);
      // An audit entry about a record this station never had still tells what happened: it is kept, pointing at no row.
      if (local === null && column === 'entity_id' && shape.name === 'audit_log') values[column] = 0;
      else if (local === null) throw new RefusedRow(`${column} refers to a ${target} row this station does not have`);
      else values[column] = Number(local);
    } else values[column] = value;
  }
  const columns = Object.keys(values);
  const params = columns.map((c) => values[c]);
  const set = columns.map((c) => `${quote(c)} = ?`).join(', ');
  if (!shape.idKeyed) {
    db.prepare(`INSERT OR REPLACE INTO ${quote(shape.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...params);
    onPlaced?.(row.key);
    return 'applied';
  }
  if (existing !== null) {
    db.prepare(`UPDATE ${quote(shape.name)} SET ${set} WHERE id = ?`).run(...params, existing);
    onPlaced?.(existing);
    return 'applied';
  }
  const inserted = db
    .prepare(`INSERT INTO ${quote(shape.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`)
    .run(...params);
  let localKey: string | null = inserted.changes ? String(inserted.lastInsertRowid) : null;
  let outcome: ApplyOutcome = 'applied';
  if (localKey === null) {
    // The same thing made on two stations (a shipment imported at both): one local row, known by both names.
    for (const unique of shape.uniques) {
      if (unique.some((c) => values[c] === null || values[c] === undefined)) continue;
      const found = db
        .prepare(`SELECT id FROM ${quote(shape.name)} WHERE ${unique.map((c) => `${quote(c)} = ?`).join(' AND ')}`)
        .get(...unique.map((c) => values[c])) as { id: number } | undefined;
      if (found && !db.prepare('SELECT 1 FROM hub_row_origins WHERE tbl = ? AND local_key = ?').get(shape.name, String(found.id))) {
        localKey = String(found.id);
        onMerge?.(shape, localKey, db.prepare(`SELECT * FROM ${quote(shape.name)} WHERE id = ?`).get(found.id) as Record<string, unknown>, unique);
        db.prepare(`UPDATE ${quote(shape.name)} SET ${set} WHERE id = ?`).run(...params, found.id);
        outcome = 'merged';
        break;
      }
    }
    if (localKey === null) throw new RefusedRow(`collides with a ${shape.name} row this station already has from another station`);
  }
  db.prepare('INSERT INTO hub_row_origins (tbl, local_key, origin_station, origin_key) VALUES (?, ?, ?, ?)').run(shape.name, localKey, row.origin, row.key);
  onPlaced?.(localKey);
  return outcome;
}

/** Told when a hub row merges into a local one with the same content key: the local row as it was, and the key. */
export type MergeHook = (shape: TableShape, localKey: string, before: Record<string, unknown>, key: string[]) => void;

/** The hub names this row refers to that this station does not have yet. */
export function missingReferences(db: Db, shapes: Map<string, TableShape>, row: HubRow, stationId: string): { tbl: string; ref: Ref }[] {
  const shape = shapes.get(row.tbl);
  if (!shape || row.op !== 'upsert' || !row.data || typeof row.data !== 'object') return [];
  const wanted = Object.entries(referencesOf(shapes, shape, row.data)).map(([column, tbl]) => ({ tbl, ref: row.data?.[column] }));
  const own = auditEntityTable(shapes, shape, row.data);
  // The records an audit entry's text names are fetched too, so it reads back as this station's own ids.
  if (own !== undefined)
    for (const column of AUDIT_TEXT)
      translateAuditIds(row.data[column], own, (tbl, ref) => {
        if (shapes.get(tbl)?.idKeyed) wanted.push({ tbl, ref });
        return ref;
      });
  return wanted.filter((r): r is { tbl: string; ref: Ref } => isHubName(r.ref) && localKeyOf(db, shapes.get(r.tbl) as TableShape, r.ref, stationId) === null);
}
