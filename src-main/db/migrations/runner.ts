import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** Plain SQL keeps a migration readable and identical once bundled. */
  sql: string;
}

/** Applies, in one transaction each, every migration newer than the stored user_version. */
export function migrate(raw: Database.Database, migrations: readonly Migration[], target?: number): number {
  const current = raw.pragma('user_version', { simple: true }) as number;
  const goal = target ?? migrations.at(-1)?.version ?? 0;
  for (const m of migrations) {
    if (m.version <= current || m.version > goal) continue;
    raw.transaction(() => {
      raw.exec(m.sql);
      raw.pragma(`user_version = ${m.version}`);
    })();
  }
  return raw.pragma('user_version', { simple: true }) as number;
}
