import type { Db } from './create-db';
import type { DB } from './schema';

/** How many rows a table holds. */
export const rowCount = (db: Db, table: keyof DB): number =>
  db.first(
    db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .compile(),
  )?.n ?? 0;

/** The newest shipment's id, 0 for an empty store: ids only grow, so it marks "everything up to here". */
export const lastShipmentId = (db: Db): number =>
  db.first(
    db.kysely
      .selectFrom('shipments')
      .select((eb) => eb.fn.max<number | null>('id').as('m'))
      .compile(),
  )?.m ?? 0;
