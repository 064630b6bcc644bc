import type { DrilldownQuery } from '../../src-shared/api/reports';
import type { Page, ShipmentRow } from '../../src-shared/api/shipments';
import type { Db } from '../db/create-db';
import { readIds, type SortedViews } from '../db/sorted-views';
import { toShipmentRow } from '../shipments';
import { drillCondition, groupMatchSql, scopeSql, SHIP_DAY, type SqlPart } from './facts';

/**
 * The shipments behind one figure of one row, in the order a manager wants to read them. NOT INDEXED: one
 * sequential pass with a top-N sort beats SQLite's pick of a status or carrier index followed by a random
 * read per matching row (0.5 s against 9.6 s for a page at a million shipments).
 */
export function drilldownSql(query: DrilldownQuery, columns: 's.*' | 's.id' = 's.*'): SqlPart {
  const scope = scopeSql(query);
  const group = groupMatchSql(query.group);
  const condition = drillCondition(query.metric, query.part, query.reason);
  const order = [condition.order, `${SHIP_DAY} DESC`, 's.id DESC'].filter(Boolean).join(', ');
  return {
    sql: `SELECT ${columns} FROM shipments s NOT INDEXED WHERE ${scope.sql} AND ${group.sql} AND (${condition.sql}) ORDER BY ${order}`,
    params: [...scope.params, ...group.params, ...condition.params],
  };
}

const SHIPMENTS_BY_IDS = 'SELECT s.* FROM json_each(?) AS v CROSS JOIN shipments AS s ON s.id = v.value ORDER BY v.key';

/** The pass above runs once per drill-down (db/sorted-views.ts); every block after it is a slice and 100 lookups. */
export function drilldownPage(db: Db, views: SortedViews, query: DrilldownQuery, startRow: number, endRow: number): Page<ShipmentRow> {
  const ids = views.ids(JSON.stringify(query), startRow, () => {
    const { sql, params } = drilldownSql(query, 's.id');
    return readIds(db.prepare(sql), params);
  });
  const block = ids.subarray(startRow, endRow);
  const records = block.length ? (db.prepare(SHIPMENTS_BY_IDS).all(JSON.stringify(Array.from(block))) as Parameters<typeof toShipmentRow>[0][]) : [];
  return { rows: records.map(toShipmentRow), lastRow: endRow >= ids.length ? ids.length : null, rowCount: ids.length };
}
