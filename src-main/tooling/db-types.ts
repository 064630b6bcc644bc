import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { generate, SqliteDialect as SqliteCodegenDialect, type PostprocessFunction } from 'kysely-codegen';
import { createDb } from '../db/create-db';

/** The checked-in description of every table; `npm run db:types` rewrites it after a migration. */
const GENERATED_SCHEMA_FILE = resolve(__dirname, '../db/schema.generated.ts');
export const REGENERATE_COMMAND = 'npm run db:types';

/** An INTEGER PRIMARY KEY is the rowid: SQLite fills it in and never stores NULL, though the column does not say NOT NULL. */
const rowidNeverNull: PostprocessFunction = async ({ metadata }) => {
  for (const table of metadata.tables) {
    for (const column of table.columns) if (column.isAutoIncrementing) column.isNullable = false;
  }
  return metadata;
};

/** Kysely's types for a fresh store migrated to the newest version, as kysely-codegen writes them. */
export async function generateSchemaTypes(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-db-types-'));
  const db = createDb(join(dir, 'waybill.db'));
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db.raw }) });
  try {
    return await generate({ db: kysely, dialect: new SqliteCodegenDialect(), outFile: null, typeOnlyImports: true, postprocess: rowidNeverNull });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const checkedInSchemaTypes = (): string => readFileSync(GENERATED_SCHEMA_FILE, 'utf8');

if (require.main === module) {
  void generateSchemaTypes().then((text) => {
    writeFileSync(GENERATED_SCHEMA_FILE, text);
    console.log(`Wrote ${GENERATED_SCHEMA_FILE}`);
  });
}
