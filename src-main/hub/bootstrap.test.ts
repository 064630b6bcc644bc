import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../platform/ports';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { joinHub, joinOrder, secondsLeft } from './bootstrap';
import { parseHubUrl } from './config';
import { openHubClient } from './connection';
import { copyBigint, copyDecoder, copyJsonb, copyText, type CopyFields } from './copy-rows';
import { replicatedTables, stationFor } from './for-core';
import { tableShapes, type TableShape } from './replica';
import { outboxSize } from './replication';

const shape = (name: string, references: Record<string, string> = {}): TableShape => ({
  name,
  keyExpr: 'id',
  idKeyed: true,
  columns: [],
  known: new Set(),
  types: {},
  references,
  pullable: true,
  uniques: [],
});

describe('a join', () => {
  it.each<[string, number, number, number, number, number, number | null]>([
    ['not under way a second yet', 100, 1_000, 0, 0, 500, null],
    ['nothing moved', 0, 1_000, 0, 0, 10_000, null],
    ['half done in 10 s', 500, 1_000, 0, 0, 10_000, 10],
    ['resumed at 400, 100 more in 5 s', 500, 1_000, 400, 0, 5_000, 25],
    ['done', 1_000, 1_000, 0, 0, 4_000, 0],
  ])('tells the seconds left: %s', (_, done, total, doneAtStart, startedAt, now, expected) => {
    expect(secondsLeft(done, total, doneAtStart, startedAt, now)).toBe(expected);
  });

  it('takes every table after the ones it refers to, and the audit trail last', () => {
    const shapes = new Map(
      [
        shape('audit_log'),
        shape('scans', { session_id: 'scan_sessions', shipment_id: 'shipments' }),
        shape('exceptions', { shipment_id: 'shipments' }),
        shape('scan_sessions'),
        shape('shipments'),
      ].map((s) => [s.name, s]),
    );
    const order = joinOrder(shapes).map((s) => s.name);
    expect(order.at(-1)).toBe('audit_log');
    expect(order.indexOf('shipments')).toBeLessThan(order.indexOf('scans'));
    expect(order.indexOf('scan_sessions')).toBeLessThan(order.indexOf('scans'));
    expect(order.indexOf('shipments')).toBeLessThan(order.indexOf('exceptions'));
    expect(new Set(order).size).toBe(5);
  });
});

let pg: TempPostgres;
beforeAll(async () => void (pg = await startTempPostgres()));
afterAll(async () => pg?.stop());

describe('binary COPY from the hub', () => {
  const values: [string, unknown][] = [
    ['plain', { tracking_number: '1Z999AA10123456784' }],
    ['quotes, backslashes and tabs', { note: 'a "quoted" \\ back\\slash\tand\ttabs' }],
    ['new lines', { note: 'line one\nline two\r\n' }],
    ['letters beyond ASCII', { ship_to_name: 'Zoë Ñúñez · 東京 🚚' }],
    ['COPY’s own markers as text', { note: '\\N \\. PGCOPY' }],
    ['a null', null],
  ];

  it.each([1, 7, 4096])('gives back every value intact however the bytes are cut (%i-byte pieces)', async (piece) => {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const sql = `SELECT * FROM (VALUES ${values.map((_, i) => `($${i * 2 + 1}::text, $${i * 2 + 2}::jsonb, ${i}::bigint)`).join(', ')}) AS v(name, data, n)`;
      const params = values.flatMap(([name, data]) => [name, data === null ? null : JSON.stringify(data)]);
      await client.query(`CREATE TEMP TABLE copied AS ${sql}`, params);
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo('COPY (SELECT name, data, n FROM copied ORDER BY n) TO STDOUT (FORMAT binary)')) as AsyncIterable<Buffer>)
        chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      const decoder = copyDecoder();
      const rows: CopyFields[] = [];
      for (let at = 0; at < bytes.length; at += piece) rows.push(...decoder.push(bytes.subarray(at, at + piece)));
      expect(decoder.ended()).toBe(true);
      expect(rows.map(([name, data, n]) => [copyText(name), copyJsonb(data), copyBigint(n)])).toEqual(values.map(([name, data], i) => [name, data, String(i)]));
    } finally {
      await client.end();
    }
  });
});

describe('a new station joining', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  const station = async (name: string, url: string) => {
    const core = createTempCore();
    cores.push(core);
    const hub = stationFor(core, { secrets: memorySecretStore(), clock: core.clock, logger: quietLogger });
    await hub.connect(url, { name });
    return { core, hub };
  };
  const all = (core: TempCore, sql: string) => core.services.db.raw.prepare(sql).all();
  const count = (core: TempCore, table: string) => (core.services.db.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const shipments = (core: TempCore) =>
    all(core, 'SELECT source, external_id, tracking_number, carrier, status, ship_to_name, label_created_at FROM shipments ORDER BY source, external_id');
  const schema = (core: TempCore) => all(core, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name");

  it('takes every good row of the hub, refuses each bad one alone with its reason, ends with all its indexes, then follows the feed both ways', async () => {
    const url = `${await pg.createDatabase('hub_join_fresh')}?sslmode=disable`;
    const a = await station('Pack 1', url);
    const label = { carrier: 'ups', label_created_at: '2026-11-20T08:00:00Z', created_at: '2026-11-20T08:00:00Z', updated_at: '2026-11-20T08:00:00Z' };
    const makeLabel = (core: TempCore, source: string, externalId: string) =>
      core.services.db.write(() =>
        core.services.db.raw
          .prepare(
            'INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(source, externalId, `T-${externalId}`, label.carrier, label.label_created_at, label.created_at, label.updated_at),
      );
    const loaded = await a.core.dispatchUntrusted('demo.load', { shipments: 30 }, { transport: 'in-process', operator: 'Ana', station: 'Pack 1' });
    expect(loaded.ok).toBe(true);
    await a.hub.syncOnce();
    const [first] = all(a.core, 'SELECT source, external_id FROM shipments ORDER BY id LIMIT 1') as { source: string; external_id: string }[];

    // Rows another station might have pushed: one with text COPY must carry intact, and four this store refuses.
    const odd = [
      ['1', { ...label, source: 'csv-z', external_id: 'z-1', tracking_number: '1Z999AA10123456784', ship_to_name: 'Zoë "Ñ" \\ 東京\n\t🚚' }],
      ['2', { ...label, external_id: 'z-2', tracking_number: 'T2' }],
      ['3', { ...label, source: 'csv-z', external_id: 'z-3', tracking_number: 'T3', status: 'exploded' }],
      ['4', { ...label, source: first.source, external_id: first.external_id, tracking_number: 'T4' }],
      ['5', { ...label, source: 'csv-z', external_id: 'z-5', tracking_number: 'T5', weight_oz: 'heavy' }],
    ] as const;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    for (const [key, data] of odd)
      await admin.query("INSERT INTO rows (tbl, origin, key, op, data, written_by) VALUES ('shipments', 'station-z', $1, 'upsert', $2, $3)", [
        key,
        JSON.stringify(data),
        a.hub.identity().id,
      ]);
    await admin.end();

    const e = await station('Returns desk', url);
    const joined = await e.hub.syncOnce();
    expect(joined).toMatchObject({ pushed: 0, skipped: 4 });
    expect(shipments(e.core).filter((s) => (s as { source: string }).source !== 'csv-z')).toEqual(shipments(a.core));
    expect(all(e.core, "SELECT external_id, ship_to_name FROM shipments WHERE source = 'csv-z'")).toEqual([
      { external_id: 'z-1', ship_to_name: odd[0][1].ship_to_name },
    ]);
    expect(count(e.core, 'tracking_events')).toBe(count(a.core, 'tracking_events'));
    expect((all(e.core, 'SELECT key, reason FROM hub_refused_rows ORDER BY key') as { key: string; reason: string }[]).map((r) => [r.key, r.reason])).toEqual([
      ['2', 'the store refused it: NOT NULL constraint failed: shipments.source'],
      ['3', 'status exploded is not one this Waybill knows'],
      ['4', 'collides with a shipments row this station already has from another station'],
      ['5', 'weight_oz is not a number'],
    ]);
    // The screens' indexes and the change log's triggers are all there, and nothing pulled waits to be sent back.
    expect(schema(e.core)).toEqual(schema(a.core));
    expect(outboxSize(e.core.services.db)).toBe(0);

    // From here the feed, both ways: a label made at Pack 1 after the join arrives once, and one made at the
    // new station goes to the hub.
    makeLabel(a.core, 'csv-a', 'a-after');
    makeLabel(e.core, 'csv-e', 'e-after');
    expect(outboxSize(e.core.services.db)).toBe(1);
    await a.hub.syncOnce();
    expect(await e.hub.syncOnce()).toMatchObject({ pushed: 1, applied: 1, skipped: 0 });
    await a.hub.syncOnce();
    expect(count(e.core, 'shipments')).toBe(count(a.core, 'shipments') + 1);
    expect(all(a.core, "SELECT external_id FROM shipments WHERE source = 'csv-e'")).toEqual([{ external_id: 'e-after' }]);
  });

  it('cancelled mid-join, works alone with every index, and connecting again takes only the rows it had not', async () => {
    const url = `${await pg.createDatabase('hub_join_cancel')}?sslmode=disable`;
    const a = await station('Pack 1', url);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      `INSERT INTO rows (tbl, origin, key, op, data, written_by)
       SELECT 'shipments', 'station-z', g::text, 'upsert', jsonb_build_object('source', 'csv-z', 'external_id', 'z-' || g, 'tracking_number', 'T' || g,
         'carrier', 'ups', 'label_created_at', '2026-11-20T08:00:00Z', 'created_at', '2026-11-20T08:00:00Z', 'updated_at', '2026-11-20T08:00:00Z'), $1
       FROM generate_series(1, 12000) AS g`,
      [a.hub.identity().id],
    );
    await admin.end();

    // Cancel joining (a person, or the station quitting) after the first batch: the join stops there.
    const e = await station('Returns desk', url);
    const client = await openHubClient(parseHubUrl(url));
    let batches = 0;
    const db = e.core.services.db;
    const cut = await joinHub(
      db,
      client,
      tableShapes(db, replicatedTables(e.core)),
      e.hub.identity(),
      e.core.clock.now,
      () => batches++,
      () => batches > 0,
    );
    await client.end();
    expect(cut).toMatchObject({ rows: 5_000, finished: false });
    expect(count(e.core, 'shipments')).toBe(5_000);
    await e.hub.disconnect();
    expect(schema(e.core)).toEqual(schema(a.core));

    await e.hub.connect(url, { name: 'Returns desk' });
    expect(await e.hub.syncOnce()).toMatchObject({ pushed: 0, pulled: 7_000, applied: 7_000, skipped: 0 });
    expect(count(e.core, 'shipments')).toBe(12_000);
    expect(all(e.core, "SELECT count(DISTINCT external_id) AS n FROM shipments WHERE source = 'csv-z'")).toEqual([{ n: 12_000 }]);
    expect(schema(e.core)).toEqual(schema(a.core));
  });
});
