import type { Db } from './create-db';

/** The settings table is one key/value store every capability keeps its choices in; its SQL lives here once. */
export const readSetting = (db: Db, key: string): string | null =>
  (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;

export const writeSetting = (db: Db, key: string, value: string): void =>
  db.write(() => {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  });
