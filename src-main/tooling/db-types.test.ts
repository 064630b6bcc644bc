import { expect, it } from 'vitest';
import { checkedInSchemaTypes, generateSchemaTypes, REGENERATE_COMMAND } from './db-types';

it('Kysely describes every table exactly as a freshly migrated store has it', async () => {
  const generated = await generateSchemaTypes();
  expect(checkedInSchemaTypes(), `src-main/db/schema.generated.ts differs from the migrated store: run \`${REGENERATE_COMMAND}\` and commit the result`).toBe(
    generated,
  );
});
