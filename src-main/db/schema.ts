import type { Selectable } from 'kysely';
import type { DB } from './schema.generated';

export type { DB };

/** A row of a table as SQLite returns it: SQL column names, 0/1 integers, ISO text times. */
export type Row<T extends keyof DB> = Selectable<DB[T]>;
