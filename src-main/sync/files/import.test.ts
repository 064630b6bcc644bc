import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportPreset, SyncProgress, SyncRun } from '../../../src-shared/api';
import { createTempCore, type TempCore } from '../../testing/temp-core';
import { csvLine, GENERIC_HEADER, genericRow, writeCsv, writeLargeGenericCsv, writeXlsx } from '../testing/files';

let core: TempCore;
beforeEach(() => {
  core = createTempCore();
});
afterEach(() => core.dispose());

const file = (name: string) => join(core.dir, name);
const importFile = (path: string, preset: ImportPreset = 'generic'): Promise<SyncRun> =>
  core.services.sync.importFile(path, path.split('/').pop() as string, preset, 'cli').finished;
const rejects = (run: SyncRun) => core.services.sync.store.rejects(run.id, 0, 1000).rows.map((r) => [r.rowNumber, r.reason]);
const count = (where = '1') => (core.services.db.raw.prepare(`SELECT count(*) AS n FROM shipments WHERE ${where}`).get() as { n: number }).n;
const shipment = (externalId: string) =>
  core.services.db.raw.prepare('SELECT * FROM shipments WHERE external_id = ?').get(externalId) as Record<string, unknown>;
/** The columns sync writes; tracking and exception rules may change others on their own. */
const syncedColumns = (externalId: string) => {
  const { flags: _f, flags_seen: _s, next_poll_at: _n, ...rest } = shipment(externalId);
  return rest;
};

describe('importing a generic CSV', () => {
  it('imports the good rows of a file with bad ones and says why each bad row was refused', async () => {
    const rows = [GENERIC_HEADER, genericRow(1), genericRow(2), genericRow(3), genericRow(4), genericRow(5), genericRow(6)];
    rows[2] = [...rows[2]];
    rows[2][1] = '';
    rows[3] = [...rows[3]];
    rows[3][2] = 'pony_express';
    rows[4] = [...rows[4]];
    rows[4][8] = '2026-11-20 14:03';
    rows[5] = [...rows[5]];
    rows[5][6] = '12,50';
    writeCsv(file('mixed.csv'), rows);
    const run = await importFile(file('mixed.csv'));
    expect(run).toMatchObject({ status: 'succeeded', inserted: 2, updated: 0, unchanged: 0, rejected: 4 });
    expect(rejects(run)).toEqual([
      [3, 'missing tracking number'],
      [4, 'unknown carrier "pony_express" (map it in Sync settings)'],
      [5, 'bad date in label_created_at: "2026-11-20 14:03" has no time zone offset (write it like 2026-11-20T14:03:00Z)'],
      [6, 'bad number in order_value: "12,50"'],
    ]);
    expect(core.services.sync.store.rejects(run.id, 0, 1).rows[0].raw).toMatchObject({ external_id: 'GEN-2', carrier: 'usps' });
    expect(count()).toBe(2);
  });

  it('is idempotent: a second import changes nothing, an edited row updates only that row', async () => {
    const rows = [GENERIC_HEADER, ...[1, 2, 3].map(genericRow)];
    writeCsv(file('a.csv'), rows);
    await importFile(file('a.csv'));
    const before = syncedColumns('GEN-2');
    core.clock.advance(3_600_000);
    expect(await importFile(file('a.csv'))).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(syncedColumns('GEN-2')).toEqual(before);

    rows[2] = [...rows[2]];
    rows[2][12] = 'true';
    rows[2][6] = '';
    writeCsv(file('a.csv'), rows);
    expect(await importFile(file('a.csv'))).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    expect(shipment('GEN-2')).toMatchObject({
      status: 'cancelled',
      order_value_cents: before.order_value_cents,
      sync_revision: 1,
      created_at: before.created_at,
    });
    expect(shipment('GEN-2').updated_at).not.toBe(before.updated_at);
    expect(count()).toBe(3);
  });

  it.each([
    ['semicolons', { delimiter: ';' }],
    ['tabs', { delimiter: '\t' }],
    ['a byte-order mark and LF line ends', { bom: true, eol: '\n' }],
  ])('reads files written with %s', async (_label, options) => {
    writeCsv(file('d.csv'), [GENERIC_HEADER, genericRow(1), genericRow(2)], options);
    expect(await importFile(file('d.csv'))).toMatchObject({ status: 'succeeded', inserted: 2, rejected: 0 });
  });

  it('refuses a file that lacks a required column and changes nothing', async () => {
    writeCsv(file('nocarrier.csv'), [GENERIC_HEADER.filter((h) => h !== 'carrier'), genericRow(1).filter((_, i) => i !== 2)]);
    const run = await importFile(file('nocarrier.csv'));
    expect(run).toMatchObject({ status: 'failed', inserted: 0, rejected: 0 });
    expect(run.error).toBe('This file has no column for carrier (looked for: carrier). Check the preset (generic) or the header row.');
    expect(count()).toBe(0);
  });

  it('imports 100,000 rows with exact counts and no duplicates', async () => {
    await writeLargeGenericCsv(file('big.csv'), 100_000);
    const run = await importFile(file('big.csv'));
    expect(run).toMatchObject({ status: 'succeeded', inserted: 100_000, updated: 0, unchanged: 0, rejected: 0 });
    expect(count()).toBe(100_000);
    expect(count("external_id = 'GEN-99999' AND carrier = 'dhl'")).toBe(1);
    expect((core.services.db.raw.prepare('SELECT count(DISTINCT tracking_number) AS n FROM shipments').get() as { n: number }).n).toBe(100_000);
  });
});

describe('encodings', () => {
  const header = 'external_id,tracking_number,carrier,label_created_at,ship_to_name\r\n';
  const line = (i: number, name: string) => `${csvLine(genericRow(i).filter((_, c) => [0, 1, 2, 8].includes(c)))},${name}\r\n`;

  it('reads Windows-1252 text (Excel\'s "CSV (Comma delimited)") as such', async () => {
    writeFileSync(file('latin.csv'), Buffer.from(header + line(1, 'Zoë Müller') + line(2, 'José Niño'), 'latin1'));
    expect(await importFile(file('latin.csv'))).toMatchObject({ status: 'succeeded', inserted: 2 });
    expect(shipment('GEN-1').ship_to_name).toBe('Zoë Müller');
    expect(shipment('GEN-2').ship_to_name).toBe('José Niño');
  });

  it('reads UTF-16 with a byte-order mark (Excel\'s "Unicode Text", tab-separated)', async () => {
    const text = (header + line(1, 'Zoë')).replace(/,/g, '\t');
    writeFileSync(file('u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await importFile(file('u16.txt'))).toMatchObject({ status: 'succeeded', inserted: 1 });
    expect(shipment('GEN-1').ship_to_name).toBe('Zoë');
  });

  it('refuses UTF-16 without a byte-order mark instead of importing garbage', async () => {
    writeFileSync(file('u16-nobom.csv'), Buffer.from(header + line(1, 'Zoë'), 'utf16le'));
    const run = await importFile(file('u16-nobom.csv'));
    expect(run).toMatchObject({ status: 'failed', inserted: 0 });
    expect(run.error).toContain('UTF-16 text without a byte-order mark');
    expect(count()).toBe(0);
  });

  it('rejects only the row with bytes that are not UTF-8 when the file began as UTF-8', async () => {
    // Past the first 64 KB the encoding is settled, so a stray Latin-1 byte spoils its own row only.
    const start = Buffer.from(header + Array.from({ length: 1500 }, (_, i) => line(10 + i, 'Zoë')).join(''), 'utf8');
    const bad = Buffer.concat([Buffer.from(line(3, 'R').slice(0, -2), 'utf8'), Buffer.from([0xe9]), Buffer.from('n\r\n')]);
    writeFileSync(file('stray.csv'), Buffer.concat([start, bad, Buffer.from(line(4, 'Ann'))]));
    expect(start.length).toBeGreaterThan(64 * 1024);
    const run = await importFile(file('stray.csv'));
    expect(run).toMatchObject({ status: 'succeeded', inserted: 1501, rejected: 1 });
    expect(rejects(run)).toEqual([[1502, 'the row has characters that are not valid UTF-8 text; save the file as "CSV UTF-8" and import it again']]);
  });
});

describe('presets', () => {
  it('reads a ShipStation shipments export: its headers, US dates in the configured zone, prefixed service codes', async () => {
    await core.dispatch('sync.settings.set', { timeZone: 'America/Chicago' });
    writeCsv(file('ss.csv'), [
      [
        'Shipment ID',
        'Order #',
        'Create Date',
        'Ship Date',
        'Carrier',
        'Service',
        'Tracking #',
        'Ship To - Name',
        'Ship To - State',
        'Voided',
        'Return Label',
        'Weight',
      ],
      [
        '9000001',
        '100038',
        '11/20/2026 2:03 PM',
        '11/20/2026',
        'stamps_com',
        'usps_priority_mail',
        '9400111899562764298812',
        'Yoda',
        'TX',
        'false',
        'false',
        '16',
      ],
      ['9000002', '100039', '11/20/2026 3:00 PM', '11/21/2026', 'ups_walleted', 'ups_ground', '1Z999AA10123456784', 'Leia', 'CA', 'true', 'true', '8'],
    ]);
    const run = await importFile(file('ss.csv'), 'shipstation');
    expect(run).toMatchObject({ source: 'shipstation', inserted: 2, rejected: 0 });
    expect(shipment('9000001')).toMatchObject({
      source: 'shipstation',
      carrier: 'usps',
      service: 'priority_mail',
      label_created_at: '2026-11-20T20:03:00.000Z',
      ship_date: '2026-11-20',
      order_number: '100038',
      weight_oz: 16,
    });
    expect(shipment('9000002')).toMatchObject({ carrier: 'ups', service: 'ground', status: 'cancelled', is_return: 1 });
  });

  it('reads a Shopify orders export with tracking columns, one shipment per tracking number', async () => {
    writeCsv(file('shopify.csv'), [
      [
        'Name',
        'Email',
        'Fulfillment Status',
        'Fulfilled at',
        'Currency',
        'Total',
        'Shipping Method',
        'Created at',
        'Lineitem quantity',
        'Lineitem name',
        'Shipping Name',
        'Shipping City',
        'Shipping Zip',
        'Shipping Province',
        'Shipping Country',
        'Cancelled at',
        'Tracking Number',
        'Tracking Company',
      ],
      [
        '#1001',
        'a@example.com',
        'fulfilled',
        '2026-11-20 10:00:00 -0500',
        'USD',
        '59.90',
        'Standard',
        '2026-11-19 09:00:00 -0500',
        '1',
        'Mug',
        'Ana Ruiz',
        'Denver',
        '80202',
        'CO',
        'US',
        '',
        '1Z999AA10123456784',
        'UPS',
      ],
      ['#1001', '', '', '', '', '', '', '', '2', 'Spoon', '', '', '', '', '', '', '', ''],
      [
        '#1002',
        'b@example.com',
        'unfulfilled',
        '',
        'USD',
        '10.00',
        'Standard',
        '2026-11-19 10:00:00 -0500',
        '1',
        'Hat',
        'Ben',
        'Boise',
        '83702',
        'ID',
        'US',
        '',
        '',
        '',
      ],
      [
        '#1003',
        'c@example.com',
        'fulfilled',
        '2026-11-20 11:00:00 -0800',
        'CAD',
        '30.00',
        'Expedited',
        '2026-11-20 08:00:00 -0800',
        '1',
        'Cap',
        'Chen',
        'Reno',
        '89501',
        'NV',
        'US',
        '2026-11-21 09:00:00 -0800',
        '9400111899562764298812',
        '',
      ],
    ]);
    const run = await importFile(file('shopify.csv'), 'shopify');
    expect(run).toMatchObject({ source: 'shopify', inserted: 2, rejected: 1 });
    expect(rejects(run)).toEqual([[4, 'missing tracking number (order not fulfilled yet?)']]);
    expect(shipment('#1001:1Z999AA10123456784')).toMatchObject({
      carrier: 'ups',
      order_number: '1001',
      order_value_cents: 5990,
      currency: 'USD',
      service: 'Standard',
      label_created_at: '2026-11-20T15:00:00.000Z',
      ship_to_city: 'Denver',
    });
    expect(shipment('#1003:9400111899562764298812')).toMatchObject({ carrier: 'usps', status: 'cancelled', currency: 'CAD' });
  });

  it('reads XLSX with the same presets, date cells in the configured zone', async () => {
    await core.dispatch('sync.settings.set', { timeZone: 'America/New_York' });
    await writeXlsx(file('g.xlsx'), [
      GENERIC_HEADER,
      genericRow(1),
      [
        'GEN-X',
        '1Z999AA10123456784',
        'UPS',
        'ground',
        'east',
        '42',
        19.5,
        'USD',
        new Date(Date.UTC(2026, 10, 20, 9, 30)),
        new Date(Date.UTC(2026, 10, 20)),
        '',
        false,
        false,
        'Zoë',
        'NYC',
        'NY',
        '10001',
        'US',
        12,
      ],
      ['GEN-Y', '', 'ups', '', '', '', '', '', '2026-11-20T10:00:00Z'],
    ]);
    const run = await importFile(file('g.xlsx'));
    expect(run).toMatchObject({ status: 'succeeded', inserted: 2, rejected: 1 });
    expect(rejects(run)).toEqual([[4, 'missing tracking number']]);
    expect(shipment('GEN-X')).toMatchObject({
      carrier: 'ups',
      order_value_cents: 1950,
      label_created_at: '2026-11-20T14:30:00.000Z',
      ship_date: '2026-11-20',
      weight_oz: 12,
      ship_to_name: 'Zoë',
    });

    await writeXlsx(file('ss.xlsx'), [
      ['Shipment ID', 'Tracking Number', 'Carrier', 'Service', 'Create Date'],
      ['77', '782912345678', 'fedex', 'fedex_2day', new Date(Date.UTC(2026, 10, 20, 12, 0))],
    ]);
    expect(await importFile(file('ss.xlsx'), 'shipstation')).toMatchObject({ inserted: 1 });
    expect(shipment('77')).toMatchObject({ source: 'shipstation', service: '2day', label_created_at: '2026-11-20T17:00:00.000Z' });
  });
});

describe('uploads, progress and cancel through the contract', () => {
  const upload = async (name: string, bytes: Buffer, preset: ImportPreset = 'generic', partSize = 30_000) => {
    let uploadId: string | undefined;
    let runId: number | null = null;
    for (let offset = 0; offset < bytes.length || offset === 0; offset += partSize) {
      const done = offset + partSize >= bytes.length;
      const result = await core.dispatch('sync.importFile', {
        name,
        preset,
        uploadId,
        data: bytes.subarray(offset, offset + partSize).toString('base64'),
        done,
      });
      if (!result.ok) throw new Error(result.error.message);
      ({ uploadId, runId } = result.value);
      if (done) break;
    }
    return runId as number;
  };
  /** The run's progress events from now until it has finished. */
  const progressOf = async (runId: number) => {
    const seen: SyncProgress[] = [];
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name === 'sync.progressed' && (payload as SyncProgress).runId === runId) seen.push(payload as SyncProgress);
    });
    await core.services.sync.whenFinished(runId);
    unsubscribe();
    return seen;
  };

  it('takes a file in parts, imports it in the background and reports progress to the end', async () => {
    const bytes = Buffer.from([GENERIC_HEADER, ...Array.from({ length: 5000 }, (_, i) => genericRow(i))].map((r) => csvLine(r)).join('\n'));
    const runId = await upload('parts.csv', bytes);
    const events = await progressOf(runId);
    const last = events.at(-1) as SyncProgress;
    expect(last).toMatchObject({ status: 'succeeded', inserted: 5000, done: bytes.length, total: bytes.length, fileName: 'parts.csv', trigger: 'upload' });
    const done = events.map((e) => e.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(readdirSync(join(core.dir, 'imports'))).toEqual([]);
  });

  it('refuses a part of an upload it does not know', async () => {
    const result = await core.dispatch('sync.importFile', { name: 'x.csv', preset: 'generic', uploadId: 'a'.repeat(32), data: '', done: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('cancels a running import, keeping the batches it had stored and saying so', async () => {
    await writeLargeGenericCsv(file('cancel.csv'), 30_000);
    const job = core.services.sync.importFile(file('cancel.csv'), 'cancel.csv', 'generic', 'upload');
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name === 'sync.progressed' && (payload as SyncProgress).inserted > 0) void core.dispatch('sync.cancel', { runId: job.runId });
    });
    const run = await job.finished;
    unsubscribe();
    expect(run.status).toBe('cancelled');
    expect(run.error).toBe('Cancelled before the end; the rows already stored are kept.');
    expect(run.inserted).toBeGreaterThan(0);
    expect(run.inserted).toBeLessThan(30_000);
    expect(count()).toBe(run.inserted);
  });
});

describe('carrier mapping', () => {
  it('lists unknown codes, and a new mapping imports the rows they held back without a re-import', async () => {
    const rows = [GENERIC_HEADER, genericRow(1), genericRow(2), genericRow(3)];
    for (const i of [1, 3]) {
      rows[i] = [...rows[i]];
      rows[i][2] = 'Pony Express';
    }
    writeCsv(file('pony.csv'), rows);
    const run = await importFile(file('pony.csv'));
    expect(run).toMatchObject({ inserted: 1, rejected: 2 });
    const mapping = await core.dispatch('sync.mapping.get', {});
    expect(mapping.ok && mapping.value).toMatchObject({ carriers: {}, unknown: [{ kind: 'carrier', code: 'pony_express', source: 'file', seen: 2 }] });

    const set = await core.dispatch('sync.mapping.set', { carriers: { 'Pony Express': 'other' } });
    if (!set.ok) throw new Error(set.error.message);
    const { remapRunIds, unknown, carriers } = set.value;
    expect(carriers).toEqual({ pony_express: 'other' });
    expect(unknown).toEqual([]);
    expect(remapRunIds).toHaveLength(1);
    expect(await core.services.sync.whenFinished(remapRunIds[0])).toMatchObject({
      source: 'file',
      trigger: 'remap',
      status: 'succeeded',
      inserted: 2,
      rejected: 0,
    });
    expect(core.services.sync.store.run(remapRunIds[0])).toMatchObject({ source: 'file', trigger: 'remap', status: 'succeeded', inserted: 2, rejected: 0 });
    expect(count("carrier = 'other'")).toBe(2);
    expect(await importFile(file('pony.csv'))).toMatchObject({ inserted: 0, unchanged: 3, rejected: 0 });
  });
});

describe('drop folder', () => {
  it('imports a settled file, then moves it to processed/; an unreadable one goes to rejected/', async () => {
    const folder = join(core.dir, 'drop');
    mkdirSync(folder);
    const set = await core.dispatch('sync.settings.set', { dropFolder: folder, dropFolderPreset: 'generic' });
    expect(set.ok).toBe(true);
    writeCsv(join(folder, 'batch-1.csv'), [GENERIC_HEADER, genericRow(1), genericRow(2)]);
    writeFileSync(join(folder, 'broken.csv'), Buffer.from('a\0b\0c\0d\0', 'latin1'));
    writeFileSync(join(folder, 'incoming.csv.part'), 'still copying');

    expect(await core.services.sync.tick()).toEqual([]);
    expect(count()).toBe(0);
    expect(await Promise.all(await core.services.sync.tick())).toHaveLength(2);
    expect(readdirSync(folder).filter((f) => f.endsWith('.csv'))).toEqual([]);
    expect(count()).toBe(2);
    expect(readdirSync(join(folder, 'processed'))).toEqual([expect.stringMatching(/batch-1\.csv$/)]);
    expect(readdirSync(join(folder, 'rejected'))).toEqual([expect.stringMatching(/broken\.csv$/)]);
    expect(existsSync(join(folder, 'incoming.csv.part'))).toBe(true);
    const runs = await core.dispatch('sync.runs', {});
    expect(runs.ok && runs.value.runs.map((r) => [r.trigger, r.fileName, r.status])).toEqual(
      expect.arrayContaining([
        ['drop_folder', 'batch-1.csv', 'succeeded'],
        ['drop_folder', 'broken.csv', 'failed'],
      ]),
    );
  });
});

describe('drop folder hardening (issue 16)', () => {
  it('item 14: only CSV/XLSX files are touched; notes and photos stay where they are', async () => {
    const folder = join(core.dir, 'shared-drive');
    mkdirSync(folder);
    expect(await core.dispatch('sync.settings.set', { dropFolder: folder })).toMatchObject({ ok: true });
    writeFileSync(join(folder, 'notes.txt'), 'call the carrier on Monday');
    writeFileSync(join(folder, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    writeCsv(join(folder, 'batch.csv'), [GENERIC_HEADER, genericRow(1)]);
    await core.services.sync.tick();
    expect(await Promise.all(await core.services.sync.tick())).toMatchObject([{ fileName: 'batch.csv', status: 'succeeded' }]);
    expect(existsSync(join(folder, 'batch.csv'))).toBe(false);
    expect(count()).toBe(1);
    expect(readdirSync(folder).sort()).toEqual(['notes.txt', 'photo.jpg', 'processed']);
    expect(existsSync(join(folder, 'rejected'))).toBe(false);
  });

  it('item 14: a drop folder that is not an existing full path is refused and the setting stays', async () => {
    for (const bad of ['relative/folder', join(core.dir, 'no-such-folder'), join(core.dir, 'waybill.db')]) {
      const set = await core.dispatch('sync.settings.set', { dropFolder: bad });
      expect(set).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      if (!set.ok) expect(set.error.message).toMatch(/^Drop folder not changed: /);
    }
    const settings = await core.dispatch('sync.settings.get', {});
    expect(settings.ok && settings.value.dropFolder).toBeNull();
  });
});
