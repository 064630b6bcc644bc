import type { CompiledQuery, Selectable } from 'kysely';
import type { DB } from './schema.generated';

export type { DB };

/** A row of a table as SQLite returns it: SQL column names, 0/1 integers, ISO text times. */
export type Row<T extends keyof DB> = Selectable<DB[T]>;

/** The row a compiled Kysely SELECT returns, for queries built once and bound per call. */
export type RowOf<Q> = Q extends CompiledQuery<infer T> ? T : never;
