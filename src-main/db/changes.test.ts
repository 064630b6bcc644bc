import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodArg, MethodName } from '../../src-shared/api';
import { tableOwners } from '../dispatch/capability';
import { call as callMethod } from '../dispatch/client';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { changesAfter, isStoreInternalTable, lastChangeSeq, pruneChanges, removeChangeConsumer, setChangeCursor } from './changes';
import type { Db } from './create-db';

let core: TempCore;
beforeEach(() => {
  core = createTempCore();
});
afterEach(() => core.dispose());

const call = <N extends MethodName>(name: N, arg: MethodArg<N>) =>
  callMethod(core.dispatch, name, arg, { transport: 'in-process', operator: 'Ana', station: 'Pack 3' });

const schemaTables = (db: Db): string[] =>
  (db.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
    .map((t) => t.name)
    .filter((name) => !isStoreInternalTable(name));

const changeTriggers = (db: Db, table: string): string[] =>
  (
    db.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE '%INSERT INTO changes%' ORDER BY name").all(table) as {
      name: string;
    }[]
  ).map((t) => t.name);

/** Every row of a table by the key its change records name: the id, or a JSON array of a composite key. */
function snapshot(db: Db, table: string): Map<string, string> {
  const pk = (db.raw.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number }[])
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const rows = db.raw.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  return new Map(rows.map((row) => [pk.length === 1 ? String(row[pk[0]]) : JSON.stringify(pk.map((c) => row[c])), JSON.stringify(row)]));
}

describe('writes are visible as data', () => {
  it('every table of the store has one owning capability, and exactly the replicated ones record their changes', () => {
    const owners = tableOwners(core.capabilities);
    expect([...owners.keys()].sort()).toEqual(schemaTables(core.services.db));
    for (const [table, { role }] of owners) {
      expect({ table, triggers: changeTriggers(core.services.db, table).length }).toEqual({ table, triggers: role === 'replicated' ? 3 : 0 });
    }
  });

  it('a day at the station (sample data, rules, scans, an undo, a resolution, a received return, settings) leaves a change record for every row it touched', async () => {
    const db = core.services.db;
    const owners = [...tableOwners(core.capabilities)];
    const replicated = owners.filter(([, o]) => o.role === 'replicated').map(([t]) => t);
    const before = new Map(replicated.map((t) => [t, snapshot(db, t)]));
    const since = lastChangeSeq(db);

    await call('demo.load', { shipments: 300 });
    await core.services.exceptions.evaluateAll();
    const session = await call('reconcile.openSession', { station: 'Pack 3', operator: 'Ana', purpose: 'carrier_handoff' });
    const labels = db.raw.prepare('SELECT tracking_number AS n FROM shipments ORDER BY id LIMIT 5').all() as { n: string }[];
    for (const { n } of labels) await call('reconcile.scan', { sessionId: session.id, raw: n });
    await call('reconcile.undoLast', { sessionId: session.id });
    await call('reconcile.stationSettings.set', { station: 'Pack 3', soundVolume: 0.4 });
    const open = db.raw.prepare("SELECT id, version FROM exceptions WHERE state = 'open' ORDER BY id LIMIT 1").get() as { id: number; version: number };
    await call('exceptions.resolve', { items: [open], code: 'carrier_contacted', note: 'checked at the dock' });
    const desk = await call('returns.openStation', { station: 'Returns', operator: 'Bo' });
    await call('returns.receive', { sessionId: desk.sessionId, raw: labels[0].n });

    const changes = changesAfter(db, since, 1_000_000);
    const logged = new Map<string, Set<string>>();
    for (const c of changes) logged.set(`${c.table} ${c.rowKey}`, (logged.get(`${c.table} ${c.rowKey}`) ?? new Set()).add(c.op));
    const touched: string[] = [];
    for (const table of replicated) {
      const after = snapshot(db, table);
      const was = before.get(table) ?? new Map();
      for (const [key, row] of after) {
        if (was.get(key) === row) continue;
        touched.push(table);
        expect({ table, key, logged: logged.has(`${table} ${key}`) }).toEqual({ table, key, logged: true });
        if (!was.has(key)) expect(logged.get(`${table} ${key}`)).toContain('insert');
      }
      for (const key of was.keys()) if (!after.has(key)) expect(logged.get(`${table} ${key}`)).toContain('delete');
    }
    // The workload reached the tables a station writes all day, so the check above is not vacuous.
    for (const table of ['shipments', 'tracking_events', 'scans', 'scan_sessions', 'exceptions', 'audit_log', 'settings', 'returns'])
      expect(touched).toContain(table);
    const local = owners.filter(([, o]) => o.role === 'local').map(([t]) => t);
    expect(changes.filter((c) => local.includes(c.table))).toEqual([]);
  });

  it('prunes what every reader has taken: all but the newest record without a reader, only the read part with one', async () => {
    const db = core.services.db;
    await call('demo.load', { shipments: 50 });
    const last = lastChangeSeq(db);
    expect(last).toBeGreaterThan(50);
    setChangeCursor(db, 'hub', last - 10);
    pruneChanges(db);
    expect(changesAfter(db, 0, 1000).map((c) => c.seq)).toEqual(Array.from({ length: 10 }, (_, i) => last - 9 + i));
    removeChangeConsumer(db, 'hub');
    pruneChanges(db);
    expect(changesAfter(db, 0, 1000).map((c) => c.seq)).toEqual([last]);
    // Pruning never reuses a seq: the next change still comes after everything ever recorded, again and again.
    for (let round = 0; round < 3; round++) {
      const before = lastChangeSeq(db);
      await call('reconcile.openSession', { station: `Pack ${round}`, operator: 'Ana', purpose: 'carrier_handoff' });
      expect(lastChangeSeq(db)).toBeGreaterThan(before);
      pruneChanges(db);
    }
  });

  it('a running console prunes on its timer, not only when it opens', async () => {
    const running = createTempCore(undefined, undefined, undefined, { changePruneIntervalMs: 20 });
    try {
      await callMethod(running.dispatch, 'demo.load', { shipments: 50 }, { transport: 'in-process', operator: 'Ana', station: 'Pack 3' });
      expect(changesAfter(running.services.db, 0, 1000).length).toBeGreaterThan(50);
      // The rules pass reads the log too; once it has read everything (a second, idle pass), nothing holds it.
      await running.services.exceptions.settled();
      await running.services.exceptions.tick();
      await running.services.exceptions.tick();
      await vi.waitFor(() => expect(changesAfter(running.services.db, 0, 1000).length).toBe(1), { timeout: 5_000 });
    } finally {
      running.dispose();
    }
  });
});
