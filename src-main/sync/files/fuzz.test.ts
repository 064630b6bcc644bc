import fc from 'fast-check';
import { FUZZ_SEED } from '../../testing/fuzz-seed';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEventsJsonl } from '../../tracking/backfill/import-events';
import { parseCarrierPayload, SUPPORTED_CARRIERS } from '../../carriers/parse';
import { storeChecksum } from '../../testing/store-checksum';
import { createTempCore, type TempCore } from '../../testing/temp-core';
import { csvLine, GENERIC_HEADER, genericRow, writeXlsx } from '../testing/files';

let core: TempCore;
beforeAll(async () => {
  core = createTempCore();
  // A few real parcels, so fuzzed rows and events can meet (and must not spoil) stored ones.
  const path = join(core.dir, 'seed.csv');
  writeFileSync(path, [GENERIC_HEADER, ...[1, 2, 3].map(genericRow)].map((r) => csvLine(r)).join('\r\n'));
  await core.services.sync.importFile(path, 'seed.csv', 'generic', 'cli').finished;
});
afterAll(() => core.dispose());

/** Exception rules re-run after every change, in the background: settle them before comparing the store. */
const checksum = async () => {
  await core.services.exceptions.evaluateAll();
  return storeChecksum(core.services.db);
};
let fileNumber = 0;
const importBytes = async (bytes: Buffer | string, ext: string) => {
  const path = join(core.dir, `fuzz-${fileNumber++}.${ext}`);
  writeFileSync(path, bytes);
  return core.services.sync.importFile(path, `fuzz.${ext}`, 'generic', 'cli').finished;
};

/** A generic row with some cells replaced by arbitrary text, numbers written oddly, or NULs. */
const fuzzedRow = fc
  .tuple(
    fc.nat(1000),
    fc.array(
      fc.tuple(
        fc.nat(GENERIC_HEADER.length - 1),
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom('1e400', '99999999999999999999999', '9999-12-31T00:00:00Z', '0000-01-01', '-1', 'NaN', '\u0000', 'Ã©'),
        ),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([i, edits]) => {
    const row = genericRow(i);
    for (const [k, v] of edits) row[k] = v;
    return row;
  });

describe('fuzz: every importer keeps good rows, rejects bad ones with a reason, and a rejected input changes nothing', () => {
  it('CSV: arbitrary bytes and arbitrary rows', async () => {
    const file = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
      fc.array(fuzzedRow, { minLength: 1, maxLength: 6 }).map((rows) => [GENERIC_HEADER, ...rows].map((r) => csvLine(r)).join('\r\n')),
    );
    await fc.assert(
      fc.asyncProperty(file, async (bytes) => {
        const before = await checksum();
        const run = await importBytes(bytes, 'csv');
        expect(['succeeded', 'failed']).toContain(run.status);
        if (run.status === 'failed') expect(run.error).toEqual(expect.any(String));
        if (run.inserted + run.updated === 0) expect(await checksum()).toBe(before);
        for (const reject of core.services.sync.store.rejects(run.id, 0, 100).rows) expect(reject.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 40, seed: FUZZ_SEED },
    );
  });

  it('XLSX: arbitrary cells and zip-looking bytes', async () => {
    const cell = fc.oneof(fc.string({ maxLength: 40 }), fc.double(), fc.boolean(), fc.constant(null));
    const file = fc.oneof(
      fc.array(fc.array(cell, { maxLength: 20 }), { maxLength: 5 }).map((rows) => ({ rows })),
      fc.uint8Array({ maxLength: 500 }).map((b) => ({ bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(b)]) })),
    );
    await fc.assert(
      fc.asyncProperty(file, async (input) => {
        const before = await checksum();
        let run;
        if ('rows' in input) {
          const path = join(core.dir, `fuzz-${fileNumber++}.xlsx`);
          await writeXlsx(path, [GENERIC_HEADER, ...input.rows]);
          run = await core.services.sync.importFile(path, 'fuzz.xlsx', 'generic', 'cli').finished;
        } else run = await importBytes(input.bytes, 'xlsx');
        expect(['succeeded', 'failed']).toContain(run.status);
        if (run.inserted + run.updated === 0) expect(await checksum()).toBe(before);
      }),
      { numRuns: 15, seed: FUZZ_SEED },
    );
  });

  it('returns files: arbitrary content through returns.importFile', async () => {
    const content = fc.oneof(
      fc.string({ maxLength: 1500 }),
      fc
        .array(fc.array(fc.string({ maxLength: 30 }), { maxLength: 6 }), { maxLength: 6 })
        .map((rows) => ['rma_number,order,tracking_number,carrier,reason', ...rows.map((r) => csvLine(r))].join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(content, async (text) => {
        const before = await checksum();
        const envelope = await core.dispatch('returns.importFile', { name: 'fuzz.csv', content: text });
        if (!envelope.ok) {
          expect(envelope.error.code).toBe('invalid_argument');
          expect(await checksum()).toBe(before);
        } else {
          const result = envelope.value;
          if (result.inserted + result.updated === 0) expect(await checksum()).toBe(before);
        }
      }),
      { numRuns: 60, seed: FUZZ_SEED },
    );
  });

  it('JSONL tracking events: every line is an event or a rejected line with a reason', async () => {
    const line = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({
          trackingNumber: fc.oneof(fc.constant(genericRow(1)[1]), fc.string({ maxLength: 50 })),
          carrier: fc.constantFrom('ups', 'fedex', 'usps', 'dhl', 'pony'),
          occurredAt: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string({ maxLength: 30 }),
          ),
          status: fc.constantFrom('in_transit', 'delivered', 'exception', 'nonsense', null),
          code: fc.string({ maxLength: 120 }),
          description: fc.string({ maxLength: 50 }),
        })
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), async (lines) => {
        const before = await checksum();
        async function* source() {
          yield* lines;
        }
        const summary = await importEventsJsonl(
          { db: core.services.db, ingest: core.services.tracking.ingest, events: core.events, now: core.clock.now },
          source(),
        );
        expect(summary.imported + summary.duplicates + summary.rejected.length).toBe(summary.lines);
        for (const r of summary.rejected) expect(r.reason.length).toBeGreaterThan(0);
        if (summary.imported === 0 && summary.shipmentsUpdated === 0) expect(await checksum()).toBe(before);
      }),
      { numRuns: 60, seed: FUZZ_SEED },
    );
  });

  it('carrier mappers: arbitrary bodies never throw, and what they yield is stored whole or refused', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constant('<?xml version="1.0"?><tracking-detail><pin>1</pin></tracking-detail>'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SUPPORTED_CARRIERS), body, fc.constantFrom(200, 400, 404, 429, 500), async (carrier, text, status) => {
        const parsed = parseCarrierPayload(carrier, text, status);
        expect(Array.isArray(parsed.results) && Array.isArray(parsed.errors)).toBe(true);
        const before = await checksum();
        const summary = core.services.tracking.ingest.ingest(parsed.results, new Date(core.clock.now()).toISOString());
        if (summary.newEvents === 0 && summary.changedShipments.length === 0) expect(await checksum()).toBe(before);
      }),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });
});
