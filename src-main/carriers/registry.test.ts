/**
 * A carrier is one folder plus its line in registry.ts (and the shared catalog entry that names it an account):
 * every list the core keeps (the contract's enum, the registry, the fake server, track parse, the demo) is
 * derived from those, so here each is read back and compared with the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { trackingMethods } from '../../src-shared/api/tracking';
import { CARRIER_LABELS, CARRIERS, TRACKING_ACCOUNTS } from '../../src-shared/domain/tracking/carriers';
import { startDemoCarriers } from '../demo/carriers';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { createFakeCarrierServer, type FakeCarrierServer } from './fake-server';
import { SUPPORTED_CARRIERS } from './parse';
import { CARRIER_MANIFESTS } from './registry';
import { lookup } from './table';
import { mappingProblems, rowExample, tableCases } from './table-cases';

const registered = Object.keys(CARRIER_MANIFESTS);
const contractEnum = trackingMethods['carriers.testConnection'].arg.shape.carrier.options;

let core: TempCore | null = null;
let fake: FakeCarrierServer | null = null;
afterEach(async () => {
  await fake?.close();
  core?.dispose();
  fake = null;
  core = null;
});

describe('one list of carriers', () => {
  it('the registry and the contract enum name the same accounts', () => {
    expect([...registered].sort()).toEqual([...TRACKING_ACCOUNTS].sort());
    expect([...contractEnum]).toEqual([...TRACKING_ACCOUNTS]);
  });

  it('every account and every label carrier has a label', () => {
    for (const id of [...TRACKING_ACCOUNTS, ...CARRIERS]) expect(CARRIER_LABELS[id], id).toMatch(/\S/);
  });

  it('track parse reads every account', () => {
    for (const id of registered) expect(SUPPORTED_CARRIERS, id).toContain(id);
  });

  it('the fake server answers each account on its own route', async () => {
    const clock = { now: Date.parse('2026-11-20T12:00:00Z') };
    fake = await createFakeCarrierServer({ now: () => clock.now });
    for (const manifest of Object.values(CARRIER_MANIFESTS)) {
      const credentials = Object.fromEntries(manifest.credentialFields.map((field) => [field, `test-${field}`]));
      const client = manifest.create({ baseUrl: fake.url, credentials, fetch: globalThis.fetch, now: () => clock.now, timeoutMs: 2000 });
      await client.track(['NOSUCHPARCEL1']);
    }
    const answered = new Set(fake.requests.filter((r) => r.trackingNumbers !== undefined).map((r) => r.carrier));
    expect([...answered].sort()).toEqual([...registered].sort());
  });

  it('the demo points every account at its fake server', async () => {
    core = createTempCore();
    fake = await startDemoCarriers(core, core.clock);
    const accounts = core.services.tracking.accounts.list();
    expect(accounts.filter((a) => a.configured && a.baseUrl === fake?.url).map((a) => a.carrier)).toEqual([...TRACKING_ACCOUNTS]);
  });
});

describe('every registered status table', () => {
  const tables = Object.entries(CARRIER_MANIFESTS).flatMap(([id, manifest]) => manifest.statusTables.map((table, index) => ({ id, index, table })));

  it('each account brings at least one', () => {
    expect(new Set(tables.map((t) => t.id))).toEqual(new Set(registered));
  });

  it.each(tables.flatMap(({ id, index, table }) => tableCases(table).map(([label, row]) => [`${id}#${index} ${label}`, table, row] as const)))(
    '%s',
    (_label, table, row) => {
      expect(mappingProblems(row)).toEqual([]);
      expect(lookup(table, rowExample(row))).toBe(row);
    },
  );
});
