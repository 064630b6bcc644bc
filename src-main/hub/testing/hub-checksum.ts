import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { Db } from '../../db/create-db';
import { rowForHub, type TableShape } from '../replica';

/** A value with its object keys sorted, so a row hashes the same whichever store (or jsonb) ordered it. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;

const digest = (rows: string[]) => createHash('sha256').update(rows.sort().join('\n')).digest('hex');

/**
 * Table by table, a hash of every row as the hub names it (origin station and key, references as hub names):
 * equal at two stations and the hub means the same data, whatever each store's own ids are.
 */
export function stationChecksums(db: Db, shapes: Map<string, TableShape>, stationId: string): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const shape of shapes.values()) {
    if (!shape.pullable) continue;
    const keys = db.raw.prepare(`SELECT ${shape.keyExpr} AS k FROM "${shape.name}"`).pluck().all() as unknown[];
    sums[shape.name] = digest(
      keys.map((k) => {
        const row = rowForHub(db, shapes, shape.name, String(k), stationId);
        return JSON.stringify(canonical([row?.origin, row?.key, row?.data]));
      }),
    );
  }
  return sums;
}

/** The same hashes over the hub's current rows. */
export async function hubChecksums(client: ClientBase, shapes: Map<string, TableShape>): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const shape of shapes.values()) {
    if (!shape.pullable) continue;
    const { rows } = await client.query<{ origin: string; key: string; data: unknown }>("SELECT origin, key, data FROM rows WHERE tbl = $1 AND op = 'upsert'", [
      shape.name,
    ]);
    sums[shape.name] = digest(rows.map((r) => JSON.stringify(canonical([r.origin, r.key, r.data]))));
  }
  return sums;
}
