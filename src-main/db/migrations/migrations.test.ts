import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../create-db';
import { migrations } from './index';
import { migrate } from './runner';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-mig-'));
  dirs.push(dir);
  return join(dir, 'store.db');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('are numbered 1..N in order, so a store always knows which ones it has', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('001 creates every table the domain needs on a real file', () => {
    const raw = new Database(tempFile());
    expect(migrate(raw, migrations, 1)).toBe(1);
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    for (const t of [
      'warehouses',
      'shipments',
      'tracking_events',
      'carrier_responses',
      'exceptions',
      'audit_log',
      'scan_sessions',
      'scans',
      'returns',
      'pickups',
      'carrier_accounts',
      'sync_runs',
      'sync_rejects',
      'sync_cursors',
      'settings',
    ]) {
      expect(tables).toContain(t);
    }
    raw.close();
  });

  it('001 refuses a second shipment with the same source and external id', () => {
    const raw = new Database(tempFile());
    migrate(raw, migrations, 1);
    const insert = raw.prepare(
      "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, created_at, updated_at) VALUES ('file', 'SS-1', '1Z', 'ups', '2026-11-20T00:00:00Z', 'x', 'x')",
    );
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
    raw.close();
  });

  it('004 gives carrier accounts a cadence of their own and keeps the accounts a store already has', () => {
    const raw = new Database(tempFile());
    migrate(raw, migrations, 3);
    raw.prepare("INSERT INTO carrier_accounts (carrier, environment, quota_per_minute) VALUES ('ups', 'sandbox', 120)").run();
    expect(migrate(raw, migrations, 4)).toBe(4);
    expect(raw.prepare('SELECT carrier, environment, quota_per_minute, cadence FROM carrier_accounts').all()).toEqual([
      { carrier: 'ups', environment: 'sandbox', quota_per_minute: 120, cadence: null },
    ]);
    raw.close();
  });

  it('005 records who owns a sync run and keeps the runs a store already has', () => {
    const raw = new Database(tempFile());
    migrate(raw, migrations, 4);
    raw.prepare("INSERT INTO sync_runs (source, started_at, status) VALUES ('file', '2026-11-19T00:00:00Z', 'running')").run();
    expect(migrate(raw, migrations, 5)).toBe(5);
    expect(raw.prepare('SELECT source, status, owner FROM sync_runs').all()).toEqual([{ source: 'file', status: 'running', owner: null }]);
    raw.close();
  });

  it('006 gives carrier accounts a standing shared by every process, starting fresh, and a quota ledger', () => {
    const raw = new Database(tempFile());
    migrate(raw, migrations, 5);
    raw.prepare("INSERT INTO carrier_accounts (carrier, environment, quota_per_minute, last_failure) VALUES ('ups', 'sandbox', 120, 'HTTP 500')").run();
    expect(migrate(raw, migrations, 6)).toBe(6);
    expect(
      raw.prepare('SELECT carrier, quota_per_minute, last_failure, consecutive_failures, circuit_opened_at, paused_until FROM carrier_accounts').all(),
    ).toEqual([{ carrier: 'ups', quota_per_minute: 120, last_failure: 'HTTP 500', consecutive_failures: 0, circuit_opened_at: null, paused_until: null }]);
    raw.prepare("INSERT INTO carrier_requests (carrier, sent_at) VALUES ('ups', 1)").run();
    expect(raw.prepare('SELECT carrier, sent_at FROM carrier_requests').all()).toEqual([{ carrier: 'ups', sent_at: 1 }]);
    raw.close();
  });

  it('007 lets every sortable Shipments column, the tail searches and the join keys use an index, keeping the rows a store has', () => {
    const raw = new Database(tempFile());
    migrate(raw, migrations, 6);
    raw
      .prepare(
        "INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, created_at, updated_at) VALUES ('file', 'SS-1', '1Z999AA10123456784', 'ups', '2026-11-20T00:00:00Z', 'x', 'x')",
      )
      .run();
    expect(migrate(raw, migrations, 7)).toBe(7);
    const plan = (query: string) => (raw.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    for (const column of ['ship_date', 'carrier', 'service', 'warehouse', 'order_value_cents', 'status', 'last_event_at', 'expected_delivery_current']) {
      expect(plan(`SELECT id FROM shipments ORDER BY ${column} DESC, id DESC`)).not.toMatch(/TEMP B-TREE/);
    }
    expect(plan("SELECT id FROM shipments WHERE substr(tracking_number, -4) = '6784'")).toMatch(/shipments_tracking_tail/);
    expect(plan('SELECT id FROM scans WHERE shipment_id = 1')).toMatch(/scans_shipment/);
    expect(plan('SELECT id FROM returns WHERE shipment_id = 1')).toMatch(/returns_shipment/);
    expect(plan('SELECT id FROM returns WHERE pickup_id = 1')).toMatch(/returns_pickup/);
    expect(raw.prepare('SELECT tracking_number FROM shipments').pluck().all()).toEqual(['1Z999AA10123456784']);
    raw.close();
  });

  it('008 names scans by the station that sent them, once each, and keeps the scans a store already has', () => {
    const raw = new Database(tempFile());
    migrate(raw, migrations, 7);
    raw.prepare("INSERT INTO scan_sessions (id, station, operator, purpose, opened_at) VALUES (1, 'Pack 1', 'Ana', 'pack_verify', 'x')").run();
    raw.prepare("INSERT INTO scans (session_id, raw, verdict, scanned_at) VALUES (1, 'OLD', 'invalid', 'x')").run();
    expect(migrate(raw, migrations, 8)).toBe(8);
    expect(raw.prepare('SELECT raw, client_scan_id FROM scans').all()).toEqual([{ raw: 'OLD', client_scan_id: null }]);
    const insert = raw.prepare("INSERT INTO scans (session_id, raw, verdict, scanned_at, client_scan_id) VALUES (1, 'NEW', 'invalid', 'x', ?)");
    insert.run('station-scan-1');
    insert.run(null);
    expect(() => insert.run('station-scan-1')).toThrow(/UNIQUE/);
    raw.close();
  });

  it('re-running migrations on an up-to-date store changes nothing, and data survives a reopen', () => {
    const path = tempFile();
    const db = createDb(path);
    db.raw.prepare("INSERT INTO settings (key, value) VALUES ('station', 'Pack 3')").run();
    db.close();
    const again = createDb(path);
    expect(again.raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(again.raw.prepare('SELECT value FROM settings').get()).toEqual({ value: 'Pack 3' });
    expect(again.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    again.close();
  });
});
