import { sql } from 'kysely';

/** `column` is one of `values`, passed as one JSON array so the statement is the same for any count. */
export const inJsonList = (column: string, values: readonly (string | number)[]) =>
  sql<boolean>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
