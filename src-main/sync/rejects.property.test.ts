import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { csvLine, GENERIC_HEADER, genericRow } from './testing/files';

/**
 * A run's rejects page like every big grid (issue 15): the blocks the screen asks for, concatenated, are the
 * rejects in file order with nothing repeated or skipped, and the total is there with the first block.
 */
let core: TempCore;
let runId: number;
/** Every third data row names a carrier nobody ships with. */
const rejected = Array.from({ length: 600 }, (_, i) => i).filter((i) => i % 3 === 0);

beforeAll(async () => {
  core = createTempCore();
  const rows = Array.from({ length: 600 }, (_, i) => {
    const row = genericRow(i);
    if (i % 3 === 0) row[2] = 'pigeon post';
    return row;
  });
  const path = join(core.dir, 'rejects.csv');
  writeFileSync(path, [GENERIC_HEADER, ...rows].map((r) => csvLine(r)).join('\r\n'));
  const run = await core.services.sync.importFile(path, 'rejects.csv', 'generic', 'cli').finished;
  expect(run.rejected).toBe(rejected.length);
  runId = run.id;
}, 60_000);
afterAll(() => core.dispose());

it('Sync rejects: all blocks together are the rejects in file order, with the total up front', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 250 }), async (limit) => {
      const rowNumbers: number[] = [];
      let total: number | undefined;
      for (let offset = 0; offset < 10_000; offset += limit) {
        const envelope = await core.dispatch('sync.rejects', { runId, offset, limit });
        if (!envelope.ok) throw new Error(envelope.error.message);
        total ??= envelope.value.total;
        rowNumbers.push(...envelope.value.rows.map((r) => r.rowNumber));
        if (envelope.value.rows.length < limit) break;
      }
      // Row numbers count the header as row 1, so data row i is row i + 2.
      expect(rowNumbers).toEqual(rejected.map((i) => i + 2));
      expect(total).toBe(rejected.length);
    }),
    { numRuns: 30 },
  );
}, 60_000);
