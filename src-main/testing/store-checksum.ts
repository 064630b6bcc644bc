import { createHash } from 'node:crypto';
import type { Db } from '../db/create-db';

/**
 * Run bookkeeping: a rejected file is still a run, recorded with its rejects and the unknown carrier codes
 * they carried (so the mapping editor can offer them); the data it carried is not stored.
 */
const BOOKKEEPING = new Set(['sync_runs', 'sync_rejects', 'sync_unmapped_codes']);

/** A hash of every row of every table but the run records: equal before and after means nothing stored changed. */
export function storeChecksum(db: Db): string {
  const hash = createHash('sha256');
  const tables = db.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    // Where each reader of the change log has got to (the rules pass moves on after every pass) is not data.
    if (BOOKKEEPING.has(name) || name === 'change_consumers') continue;
    hash.update(name);
    // The change log records the bookkeeping too; only the changes to stored data count.
    const rows =
      name === 'changes'
        ? db.raw.prepare(`SELECT * FROM changes WHERE tbl NOT IN (${[...BOOKKEEPING].map(() => '?').join(', ')})`).iterate(...BOOKKEEPING)
        : db.raw.prepare(`SELECT * FROM "${name}"`).iterate();
    for (const row of rows) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}
