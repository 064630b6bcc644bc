import Database from 'better-sqlite3';
import { migrations } from '../db/migrations';
import { migrate } from '../db/migrations/runner';

/**
 * Child process of the kill-during-migration test: every real migration plus one slow extra step, so the
 * test can SIGKILL it while the migration transaction is open. Prints "migrating" once it holds the lock.
 */
const slow = {
  version: (migrations.at(-1)?.version ?? 0) + 1,
  name: 'slow on purpose',
  sql: 'CREATE TABLE filler AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000000) SELECT x, randomblob(64) AS b FROM n;',
};
const raw = new Database(process.argv[2]);
raw.pragma('journal_mode = WAL');
migrate(raw, [...migrations, slow], { beforeMigrating: () => process.stdout.write('migrating\n') });
