import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** A customer reads out the last few characters of a number; fewer than this match too many parcels to list. */
export const SUFFIX_SEARCH_MIN = 4;

/** Upper bound for a prefix range scan, so a prefix search still walks an index. */
const prefixEnd = (prefix: string): string => `${prefix}\uffff`;

/**
 * A tracking or order number that starts with `search`, or (4+ characters) ends with it. Each branch is one
 * index lookup: the number indexes for the prefix, the `substr(…, -4)` tail indexes for the suffix, narrowed to
 * the full suffix afterwards. `alias` is the shipments table's name in the query ('' or 's.').
 */
export function numberSearchCondition(search: string, alias: '' | 's.'): RawBuilder<SqlBool> | null {
  const typed = search.replace(/\s+/g, '');
  if (!typed) return null;
  const upper = typed.toUpperCase();
  const tracking = sql.raw(`${alias}tracking_number`);
  const order = sql.raw(`${alias}order_number`);
  const branches = [
    sql<SqlBool>`(${tracking} >= ${upper} AND ${tracking} < ${prefixEnd(upper)})`,
    sql<SqlBool>`(${order} >= ${typed} AND ${order} < ${prefixEnd(typed)})`,
  ];
  if (typed.length >= SUFFIX_SEARCH_MIN) {
    // The literal -4 must stay in the SQL text: SQLite matches an expression index by its spelling.
    branches.push(sql<SqlBool>`(substr(${tracking}, -4) = ${upper.slice(-4)} AND substr(${tracking}, ${-upper.length}) = ${upper})`);
    branches.push(sql<SqlBool>`(substr(${order}, -4) = ${typed.slice(-4)} AND substr(${order}, ${-typed.length}) = ${typed})`);
  }
  return sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}
