import type { Db } from './create-db';

/** The settings table is one key/value store every capability keeps its choices in; its SQL lives here once. */
export const readSetting = (db: Db, key: string): string | null =>
  db.first(db.kysely.selectFrom('settings').select('value').where('key', '=', key).compile())?.value ?? null;

export const writeSetting = (db: Db, key: string, value: string): void =>
  db.write(() => {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  });
