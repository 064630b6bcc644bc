import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubRefusedRow, HubStatusDetail } from '../../src-shared/api';
import type { Board } from '../../src-shared/api/reconcile';
import { setChangeCursor } from '../db/changes';
import { memorySecretStore } from '../platform/ports';
import { cli } from '../testing/run-cli';
import { createTempCore, quietLogger, type TempCore } from '../testing/temp-core';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { stationFor } from './for-core';
import { startStationOnHub, TIMERS_LED_BY_HUB } from './index';
import { HUB_CONSUMER, MUTABLE_TABLES, outboxSize, pulledChange } from './replication';
import type { HubStation } from './service';

let pg: TempPostgres;
beforeAll(async () => void (pg = await startTempPostgres()));
afterAll(async () => pg?.stop());

const DAY = '2026-11-20';

async function call<T>(core: TempCore, method: string, arg: unknown, station = 'Pack 3'): Promise<T> {
  const result = await core.dispatchUntrusted(method, arg, { transport: 'in-process', operator: 'Ana', station });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

const board = (core: TempCore) => call<Board>(core, 'reconcile.board', { date: DAY });
const count = (core: TempCore, table: string) => (core.services.db.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('push and pull between two stations', () => {
  const cores: TempCore[] = [];
  let a: TempCore;
  let b: TempCore;
  let hubA: HubStation;
  let hubB: HubStation;
  let url: string;
  afterAll(() => cores.forEach((c) => c.dispose()));

  beforeAll(async () => {
    url = `${await pg.createDatabase('hub_replication')}?sslmode=disable`;
    a = createTempCore();
    b = createTempCore();
    cores.push(a, b);
    hubA = stationFor(a, { secrets: memorySecretStore(), clock: a.clock, logger: quietLogger });
    hubB = stationFor(b, { secrets: memorySecretStore(), clock: b.clock, logger: quietLogger });
    await hubA.connect(url, { name: 'Pack 3' });
    await hubB.connect(url, { name: 'Pack 5' });
    await hubA.start();
    await hubB.start();
  });

  it('a scan at station A is on station B’s board after one sync, and nothing comes back or doubles', async () => {
    await call(a, 'demo.load', { shipments: 40 });
    const session = await call<{ id: number }>(a, 'reconcile.openSession', { station: 'Pack 3', operator: 'Ana', purpose: 'carrier_handoff' });
    const label = (a.services.db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 1').get() as { n: string }).n;
    await call(a, 'reconcile.scan', { sessionId: session.id, raw: label });
    // A valid UPS number no label has: "scanned, not expected" on the board.
    await call(a, 'reconcile.scan', { sessionId: session.id, raw: '1Z999AA10123456784' });
    expect((await board(a)).counts.scanned_not_expected).toBe(1);
    expect(outboxSize(a.services.db)).toBeGreaterThan(40);

    const pushed = await hubA.syncOnce();
    expect(pushed.pushed).toBeGreaterThan(40);
    expect(outboxSize(a.services.db)).toBe(0);
    // Revisions are kept for mutable records only: the shipments and scans sent leave no row behind for each.
    const seen = (a.services.db.raw.prepare('SELECT DISTINCT tbl FROM hub_row_seen').all() as { tbl: string }[]).map((r) => r.tbl);
    expect(seen).toContain('scan_sessions');
    expect(seen.filter((t) => !MUTABLE_TABLES.has(t))).toEqual([]);
    const pulled = await hubB.syncOnce();
    expect(pulled).toMatchObject({ pushed: 0, skipped: 0 });
    expect(pulled.applied).toBeGreaterThan(40);

    expect(await board(b)).toEqual(await board(a));
    expect(count(b, 'shipments')).toBe(40);
    // The known label's scan points at B's own row for the same shipment.
    const scanned = b.services.db.raw.prepare('SELECT s.tracking_number AS n FROM scans sc JOIN shipments s ON s.id = sc.shipment_id').all() as { n: string }[];
    expect(scanned).toEqual([{ n: label }]);
    // Pulled rows are not in B's outbox, so B never pushes A's rows back.
    expect(outboxSize(b.services.db)).toBe(0);
    expect(await hubB.syncOnce()).toEqual({ pushed: 0, conflicts: 0, pulled: 0, applied: 0, skipped: 0 });

    // A push replayed from the start (a lost answer, a kill before the cursor moved) changes nothing on the hub.
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const before = await admin.query('SELECT tbl, origin, key, change_no FROM rows ORDER BY change_no');
    setChangeCursor(a.services.db, HUB_CONSUMER, 0);
    await hubA.syncOnce();
    expect((await admin.query('SELECT tbl, origin, key, change_no FROM rows ORDER BY change_no')).rows).toEqual(before.rows);
    await admin.end();
  });

  it('an edit at B of a row made at A reaches A under A’s own id, and a running station is woken by NOTIFY', async () => {
    const running = hubA.startReplication({ pushCheckMs: 50, slowPollMs: 60_000 });
    try {
      const session = await call<{ id: number }>(b, 'reconcile.openSession', { station: 'Pack 5', operator: 'Bo', purpose: 'carrier_handoff' }, 'Pack 5');
      const label = (b.services.db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 1').get() as { n: string }).n;
      // A label B knows only from A, scanned twice at B: "scanned twice" on the board.
      await call(b, 'reconcile.scan', { sessionId: session.id, raw: label }, 'Pack 5');
      const again = await call<{ verdict: string }>(b, 'reconcile.scan', { sessionId: session.id, raw: label }, 'Pack 5');
      expect(again.verdict).toBe('duplicate');
      await call(b, 'reconcile.stationSettings.set', { station: 'Pack 5', soundVolume: 0.4 }, 'Pack 5');
      b.services.db.write(() => b.services.db.raw.prepare("UPDATE shipments SET order_number = 'EDITED-AT-B' WHERE tracking_number = ?").run(label));
      const started = performance.now();
      await hubB.syncOnce();
      // A is not asked: its LISTEN connection hears B's push and pulls.
      const expected = await board(b);
      expect(expected.counts.scanned_twice).toBeGreaterThan(0);
      await expect.poll(() => board(a), { timeout: 10_000, interval: 20 }).toEqual(expected);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(await board(a)).toEqual(await board(b));
      expect(count(a, 'scans')).toBe(count(b, 'scans'));
      expect(count(a, 'scan_sessions')).toBe(count(b, 'scan_sessions'));
      // B's edit landed on A's own row for that shipment, not on a copy.
      expect(count(a, 'shipments')).toBe(40);
      expect(a.services.db.raw.prepare('SELECT order_number AS o FROM shipments WHERE tracking_number = ?').get(label)).toEqual({ o: 'EDITED-AT-B' });
      const settings = (core: TempCore) => core.services.db.raw.prepare('SELECT key, value FROM settings ORDER BY key').all();
      expect(settings(a)).toEqual(settings(b));
    } finally {
      await running.stop();
    }
  });

  it('two stations resolve one exception at once: the first wins, the other takes it and both audits say who did what', async () => {
    await a.services.exceptions.evaluateAll();
    await hubA.syncOnce();
    await hubB.syncOnce();
    const find = (core: TempCore, tracking: string) =>
      core.services.db.raw
        .prepare('SELECT e.id, e.version, e.state FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ?')
        .get(tracking) as { id: number; version: number; state: string };
    const tracking = (
      a.services.db.raw
        .prepare("SELECT s.tracking_number AS n FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE e.state = 'open' ORDER BY e.id LIMIT 1")
        .get() as { n: string }
    ).n;
    const atA = find(a, tracking);
    const atB = find(b, tracking);
    expect(atB.state).toBe('open');
    await call(a, 'exceptions.resolve', { items: [{ id: atA.id, version: atA.version }], code: 'carrier_contacted', note: 'called UPS' }, 'Pack 3');
    await call(b, 'exceptions.resolve', { items: [{ id: atB.id, version: atB.version }], code: 'refunded', note: 'refunded' }, 'Pack 5');
    expect((await hubA.syncOnce()).conflicts).toBe(0);
    const late = await hubB.syncOnce();
    expect(late.conflicts).toBe(1);
    // B now holds A's resolution, and its audit trail says its own was too late, who won and when.
    const resolution = (core: TempCore) =>
      core.services.db.raw
        .prepare('SELECT e.state, e.resolution_code AS code FROM exceptions e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = ?')
        .get(tracking);
    expect(resolution(b)).toEqual(resolution(a));
    expect(resolution(a)).toMatchObject({ code: 'carrier_contacted' });
    const conflictAudit = (core: TempCore) =>
      core.services.db.raw.prepare("SELECT station, before, after FROM audit_log WHERE action = 'hub_conflict_lost'").all() as {
        station: string;
        before: string;
        after: string;
      }[];
    const [entry] = conflictAudit(b);
    expect(entry.station).toBe('Pack 5');
    expect(JSON.parse(entry.before).lost).toMatchObject({ resolution_code: 'refunded' });
    expect(JSON.parse(entry.after)).toMatchObject({ wonBy: 'Pack 3', kept: { resolution_code: 'carrier_contacted' } });
    // The conflict entry replicates: after one more round A's audit trail has both resolutions too.
    await hubB.syncOnce();
    await hubA.syncOnce();
    expect(conflictAudit(a)).toHaveLength(1);
    const resolvedAudits = (core: TempCore) =>
      (core.services.db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'exception'").get() as { n: number }).n;
    expect(resolvedAudits(a)).toBe(resolvedAudits(b));
    // The entry names the exception by each station's own id for it, whatever the ids on the other station.
    const conflictOn = (core: TempCore) =>
      (core.services.db.raw.prepare("SELECT entity_id AS id FROM audit_log WHERE action = 'hub_conflict_lost'").get() as { id: number }).id;
    expect(conflictOn(a)).toBe(atA.id);
    expect(conflictOn(b)).toBe(atB.id);
  });

  it('rows from the hub are data, never code: unknown tables and columns and odd values are refused and recorded, the feed goes on', async () => {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const writer = hubA.identity().id;
    const hostile = [
      ['sqlite_master', 'x', { sql: 'DROP TABLE shipments' }],
      ['scans', '999998', { raw: 'x', verdict: 'invalid', scanned_at: '2026-11-20T12:00:00Z', session_id: [writer, '999999'] }],
      ['settings', 'evil', { key: 'evil', value: { nested: true } }],
      ['warehouses', 'W9"; DROP TABLE shipments; --', { code: 'W9', name: 'Dock 9', 'name"; DROP TABLE shipments; --': 1 }],
      ['shipments', 'not-an-id', { source: 'x', external_id: 'x', tracking_number: 'x', carrier: 'ups', label_created_at: '2026-11-20' }],
      ['shipments', '77', { source: 'x', external_id: 'x', tracking_number: { $gt: '' }, carrier: 'ups', label_created_at: '2026-11-20' }],
      ['shipments', '78', { source: 'x', external_id: 'y', tracking_number: 'T', carrier: 'ups', label_created_at: 20261120, flags: 'all' }],
      ['shipments', '79', { source: 'x', external_id: 'z', tracking_number: 'x'.repeat(2_000_000), carrier: 'ups', label_created_at: '2026-11-20' }],
      ['shipments', '80', { source: 'x', external_id: 'w', tracking_number: 'T', carrier: 'ups', label_created_at: '2026-11-20', status: 'exploded' }],
      ['shipments', '81', ['not', 'a', 'row']],
    ];
    for (const [tbl, key, data] of hostile) {
      await admin.query("INSERT INTO rows (tbl, origin, key, op, data, written_by) VALUES ($1, $2, $3, 'upsert', $4, $5)", [
        tbl,
        tbl === 'scans' || tbl === 'shipments' ? writer + '-elsewhere' : '',
        key,
        JSON.stringify(data),
        writer,
      ]);
    }
    await admin.end();
    const result = await hubB.syncOnce();
    expect(result.skipped).toBe(9);
    expect(count(b, 'shipments')).toBe(40);
    // Each refusal is kept with its reason, for a person to see what did not arrive.
    const refused = b.services.db.raw.prepare('SELECT tbl, key, reason FROM hub_refused_rows ORDER BY id').all() as {
      tbl: string;
      key: string;
      reason: string;
    }[];
    expect(refused.map((r) => r.reason)).toEqual([
      'unknown table sqlite_master',
      expect.stringMatching(/session_id refers to a scan_sessions row/),
      'value is not text',
      'key not-an-id is not a row id',
      'tracking_number is not text',
      // The hub stores a row as jsonb, which orders its keys: flags is looked at before label_created_at.
      'flags is not a whole number',
      'tracking_number is longer than 1000000 characters',
      'status exploded is not one this Waybill knows',
      'an upsert without a row',
    ]);
    // A person sees them: a count in the hub status (the CLI's and the panel's) and the list, newest first.
    expect((await hubB.status()).refused).toBe(9);
    expect((await call<HubStatusDetail>(b, 'hub.status', {})).refused).toBe(9);
    const listed = await call<HubRefusedRow[]>(b, 'hub.refused', {});
    expect(listed.map((r) => r.reason)).toEqual(refused.map((r) => r.reason).reverse());
    expect(listed[0]).toMatchObject({
      table: 'shipments',
      origin: `${writer}-elsewhere`,
      key: '81',
      changeNo: expect.any(Number),
      at: '2026-11-20T12:00:00.000Z',
    });
    expect(await call<HubRefusedRow[]>(b, 'hub.refused', { limit: 2 })).toHaveLength(2);
    expect((await b.dispatchUntrusted('hub.refused', { limit: 0 }, { transport: 'in-process' })).ok).toBe(false);
    expect(b.services.db.raw.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(b.services.db.raw.prepare("SELECT code, name FROM warehouses WHERE code = 'W9'").get()).toEqual({ code: 'W9', name: 'Dock 9' });
  });

  it('hub sync --once and hub status from the command line', async () => {
    const dir = a.dir;
    const db = `${dir}/cli-station.db`;
    expect((await cli('hub', 'connect', url, '--name', 'Office', '--role', 'office', '--db', db)).code).toBe(0);
    const synced = await cli('hub', 'sync', '--once', '--db', db);
    expect(synced.code, synced.err).toBe(0);
    expect(JSON.parse(synced.out).applied).toBeGreaterThan(40);
    const status = JSON.parse((await cli('hub', 'status', '--json', '--db', db)).out);
    expect(status).toMatchObject({ connected: true, outbox: 0, cursorLag: 0, lastError: null });
    expect((await cli('hub', 'sync', '--db', db)).code).toBe(2);
  });
});

describe('a running station', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('sends a local write at once, not on the next outbox check (a scan reaches the other station with the fallback checks off)', async () => {
    const url = `${await pg.createDatabase('hub_push_soon')}?sslmode=disable`;
    const stations = await Promise.all(
      ['Pack 1', 'Pack 2'].map(async (name) => {
        const core = createTempCore();
        cores.push(core);
        const secrets = memorySecretStore();
        await stationFor(core, { secrets, clock: core.clock, logger: quietLogger }).connect(url, { name });
        // Neither the outbox check nor the slow poll comes round during this test: only a wake-up can move a row.
        const replication = { pushCheckMs: 600_000, slowPollMs: 600_000 };
        return { core, running: await startStationOnHub({ core, secrets, clock: core.clock, logger: quietLogger, timers: TIMERS_LED_BY_HUB, replication }) };
      }),
    );
    const [a, b] = stations.map((s) => s.core);
    try {
      await call(a, 'demo.load', { shipments: 10 });
      await expect.poll(() => count(b, 'shipments'), { timeout: 10_000, interval: 20 }).toBe(10);
      // A hears its own push's NOTIFY and pulls once more; once it has pulled everything it is idle, and nothing but a wake-up can send the scan.
      const admin = new Client({ connectionString: url });
      await admin.connect();
      const newest = async () => Number((await admin.query<{ n: string }>('SELECT max(change_no) AS n FROM rows')).rows[0].n);
      await expect.poll(async () => pulledChange(a.services.db) === (await newest()), { timeout: 10_000, interval: 20 }).toBe(true);
      await admin.end();
      const session = await call<{ id: number }>(a, 'reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' }, 'Pack 1');
      const label = (a.services.db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 1').get() as { n: string }).n;
      await call(a, 'reconcile.scan', { sessionId: session.id, raw: label }, 'Pack 1');
      await expect.poll(() => count(b, 'scans'), { timeout: 10_000, interval: 20 }).toBe(1);
    } finally {
      for (const station of stations) await station.running.stop();
    }
  });
});

describe('pulled rows in a running station', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('announce themselves to the screens, and the exception rules run for them only at the station leading the rules', async () => {
    const url = `${await pg.createDatabase('hub_pull_events')}?sslmode=disable`;
    const start = async (name: string) => {
      const core = createTempCore(undefined, fetch, undefined, TIMERS_LED_BY_HUB);
      cores.push(core);
      const heard: { name: string; payload: unknown }[] = [];
      core.events.subscribe((event, payload) => void heard.push({ name: event, payload }));
      const secrets = memorySecretStore();
      const station = stationFor(core, { secrets, clock: core.clock, logger: quietLogger });
      await station.connect(url, { name });
      const running = await startStationOnHub({ core, secrets, clock: core.clock, logger: quietLogger, timers: TIMERS_LED_BY_HUB });
      return { core, heard, running, id: station.identity().id };
    };
    // A starts first and takes every job it is eligible for, the rules among them; B leads no rules.
    const a = await start('Pack 1');
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const locksHeld = async () => (await admin.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted")).rows[0].n as number;
    await expect.poll(locksHeld, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    const b = await start('Pack 2');
    try {
      // Sample data loaded at B: B's own rules stay quiet (it does not lead them), A hears of the shipments and flags them.
      await call(b.core, 'demo.load', { shipments: 60 }, 'Pack 2');
      await expect.poll(() => count(a.core, 'shipments'), { timeout: 15_000, interval: 50 }).toBe(60);
      await expect.poll(() => count(a.core, 'exceptions'), { timeout: 15_000, interval: 50 }).toBeGreaterThan(0);
      // A's rules may still be at work: B has caught up once A has settled and B holds what A holds.
      const behind = async () => (await a.core.services.exceptions.settled(), count(a.core, 'exceptions') - count(b.core, 'exceptions'));
      await expect.poll(behind, { timeout: 15_000, interval: 50 }).toBe(0);
      expect(a.heard).toContainEqual({ name: 'shipments.changed', payload: { reason: 'hub', count: expect.any(Number) } });
      expect(a.heard.some((e) => e.name === 'tracking.updated')).toBe(true);
      expect(b.heard.some((e) => e.name === 'exceptions.changed')).toBe(true);
      // Every exception on the hub was made at A: no station doubled the rules' work.
      const origins = await admin.query<{ origin: string; n: number }>("SELECT origin, count(*)::int AS n FROM rows WHERE tbl = 'exceptions' GROUP BY origin");
      expect(origins.rows).toEqual([{ origin: a.id, n: count(a.core, 'exceptions') }]);

      // A scan at A is announced at B, so B's board refreshes without a reload.
      const session = await call<{ id: number }>(a.core, 'reconcile.openSession', { station: 'Pack 1', operator: 'Ana', purpose: 'pack_verify' }, 'Pack 1');
      const label = (a.core.services.db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 1').get() as { n: string }).n;
      await call(a.core, 'reconcile.scan', { sessionId: session.id, raw: label }, 'Pack 1');
      await expect
        .poll(() => b.heard.some((e) => e.name === 'reconcile.scanned' && (e.payload as { station: string }).station === 'Pack 1'), { timeout: 10_000 })
        .toBe(true);
    } finally {
      await admin.end();
      for (const s of [a, b]) await s.running.stop();
    }
  });
});

describe('a station joining with data of its own', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('merges it in: the same shipment becomes one row, a tracking number seen twice keeps both rows, and both are in the audit trail', async () => {
    const url = `${await pg.createDatabase('hub_join_merge')}?sslmode=disable`;
    const [a, e] = [createTempCore(), createTempCore()];
    cores.push(a, e);
    const [hubA, hubE] = [a, e].map((core) => stationFor(core, { secrets: memorySecretStore(), clock: core.clock, logger: quietLogger }));
    await hubA.connect(url, { name: 'Pack 1' });
    await call(a, 'demo.load', { shipments: 30 });
    await hubA.syncOnce();

    type Row = { source: string; external_id: string; tracking_number: string; carrier: string };
    const [same, twin] = a.services.db.raw.prepare('SELECT source, external_id, tracking_number, carrier FROM shipments ORDER BY id LIMIT 2').all() as Row[];
    const insert = (row: Row, order: string) =>
      e.services.db.write(() =>
        e.services.db.raw
          .prepare(
            `INSERT INTO shipments (source, external_id, tracking_number, carrier, order_number, label_created_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, '2026-11-19T08:00:00Z', '2026-11-19T08:00:00Z', '2026-11-19T08:00:00Z')`,
          )
          .run(row.source, row.external_id, row.tracking_number, row.carrier, order),
      );
    // E worked alone before: the same shipment as A's first (its own order number), another source's label with
    // A's second tracking number, and one shipment only E has.
    insert(same, 'E-ORDER-1');
    insert({ ...twin, source: 'csv-at-e', external_id: 'e-2' }, 'E-ORDER-2');
    insert({ source: 'csv-at-e', external_id: 'e-3', tracking_number: '1Z999AA10123456784', carrier: 'ups' }, 'E-ORDER-3');

    await hubE.connect(url, { name: 'Returns desk' });
    await hubE.syncOnce();
    await hubA.syncOnce();
    // Nothing lost, nothing doubled: 30 + the twin + E's own, at both stations.
    expect(count(e, 'shipments')).toBe(32);
    expect(count(a, 'shipments')).toBe(32);
    const shipments = (core: TempCore) =>
      core.services.db.raw.prepare('SELECT source, external_id, tracking_number FROM shipments ORDER BY source, external_id').all();
    expect(shipments(a)).toEqual(shipments(e));
    const audit = (core: TempCore) =>
      core.services.db.raw.prepare("SELECT action, before, after FROM audit_log WHERE action LIKE 'hub_%' ORDER BY action").all() as {
        action: string;
        before: string;
        after: string;
      }[];
    const [duplicate, merged] = audit(e);
    expect(duplicate.action).toBe('hub_duplicate_tracking');
    expect(JSON.parse(duplicate.before)).toMatchObject({ tracking_number: twin.tracking_number });
    expect(merged.action).toBe('hub_join_merged');
    // What E had before the hub's copy replaced it is kept for a person to see.
    expect(JSON.parse(merged.before)).toMatchObject({ order_number: 'E-ORDER-1' });
    expect(audit(a).map((x) => x.action)).toEqual(audit(e).map((x) => x.action));
    // The other row is named by each station's own id for it.
    for (const core of [a, e]) {
      const twinHere = core.services.db.raw.prepare("SELECT id FROM shipments WHERE source = 'csv-at-e' AND external_id = 'e-2'").pluck().get();
      expect(JSON.parse(audit(core)[0].after).alsoOn).toBe(twinHere);
    }
  });
});

describe('stations already joined that import the same thing', () => {
  const cores: TempCore[] = [];
  afterAll(() => cores.forEach((c) => c.dispose()));

  it('merge it and flag a tracking number seen twice as a join does, once for the warehouse, naming each station’s own rows', async () => {
    const url = `${await pg.createDatabase('hub_steady_merge')}?sslmode=disable`;
    const [a, b] = [createTempCore(), createTempCore()];
    cores.push(a, b);
    const [hubA, hubB] = [a, b].map((core) => stationFor(core, { secrets: memorySecretStore(), clock: core.clock, logger: quietLogger }));
    await hubA.connect(url, { name: 'Pack 1' });
    await hubB.connect(url, { name: 'Pack 2' });
    await hubA.syncOnce();
    await hubB.syncOnce();
    const insert = (core: TempCore, source: string, externalId: string, tracking: string, order: string) =>
      core.services.db.write(() =>
        core.services.db.raw
          .prepare(
            `INSERT INTO shipments (source, external_id, tracking_number, carrier, order_number, label_created_at, created_at, updated_at)
             VALUES (?, ?, ?, 'ups', ?, '2026-11-19T08:00:00Z', '2026-11-19T08:00:00Z', '2026-11-19T08:00:00Z')`,
          )
          .run(source, externalId, tracking, order),
      );
    // B's own labels first, so the same parcel has different ids at the two stations.
    for (const n of [1, 2, 3]) insert(b, 'b-only', `b-${n}`, `1Z999AA1012345678${n}`, `B-${n}`);
    // Both import one ShipStation order (each its own copy), and each imports a label with one tracking number from another source.
    insert(a, 'shipstation', 'SS-1', '1Z999AA10123456700', 'A-ORDER');
    insert(b, 'shipstation', 'SS-1', '1Z999AA10123456700', 'B-ORDER');
    insert(a, 'csv-at-a', 'a-1', '1Z999AA10123456784', 'A-TWIN');
    insert(b, 'csv-at-b', 'b-9', '1Z999AA10123456784', 'B-TWIN');
    await hubA.syncOnce();
    await hubB.syncOnce();
    await hubA.syncOnce();
    await hubB.syncOnce();

    const shipments = (core: TempCore) => core.services.db.raw.prepare('SELECT source, external_id FROM shipments ORDER BY source, external_id').all();
    expect(shipments(a)).toEqual(shipments(b));
    expect(shipments(a)).toHaveLength(6);
    type Entry = { action: string; station: string; entity_id: number; before: string; after: string };
    const audit = (core: TempCore, action: string) =>
      core.services.db.raw.prepare('SELECT action, station, entity_id, before, after FROM audit_log WHERE action = ? ORDER BY station').all(action) as Entry[];
    // Each station that had its own copy replaced says what it had.
    for (const core of [a, b])
      expect(audit(core, 'hub_join_merged').map((e) => [e.station, JSON.parse(e.before).order_number])).toEqual([
        ['Pack 1', 'A-ORDER'],
        ['Pack 2', 'B-ORDER'],
      ]);
    // The tracking number seen twice is flagged once, and at each station the entry names that station's own two rows.
    for (const core of [a, b]) {
      const [flag, ...more] = audit(core, 'hub_duplicate_tracking');
      expect(more).toEqual([]);
      const twins = core.services.db.raw.prepare("SELECT id FROM shipments WHERE tracking_number = '1Z999AA10123456784' ORDER BY id").pluck().all() as number[];
      expect([flag.entity_id, JSON.parse(flag.after).alsoOn].sort((x, y) => x - y)).toEqual(twins);
    }
    expect(a.services.db.raw.prepare("SELECT id FROM shipments WHERE source = 'csv-at-a'").pluck().get()).not.toBe(
      b.services.db.raw.prepare("SELECT id FROM shipments WHERE source = 'csv-at-a'").pluck().get(),
    );
  });
});
