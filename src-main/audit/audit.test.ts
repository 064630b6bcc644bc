import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/create-db';
import { auditRow, recordAudit, type AuditEntry } from '.';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  entity: 'exception',
  entityId: 7,
  action: 'resolved',
  operator: 'ana',
  station: 'dock-1',
  at: '2026-03-01T10:00:00.000Z',
  before: null,
  after: null,
  ...over,
});

describe('auditRow', () => {
  it.each([
    ['no before or after', entry({}), ['exception', 7, 'resolved', 'ana', 'dock-1', '2026-03-01T10:00:00.000Z', null, null]],
    [
      'objects as JSON',
      entry({ before: { state: 'open' }, after: { state: 'resolved' } }),
      ['exception', 7, 'resolved', 'ana', 'dock-1', '2026-03-01T10:00:00.000Z', '{"state":"open"}', '{"state":"resolved"}'],
    ],
    [
      'undefined as NULL',
      entry({ before: undefined, after: { manual: true } }),
      ['exception', 7, 'resolved', 'ana', 'dock-1', '2026-03-01T10:00:00.000Z', null, '{"manual":true}'],
    ],
    [
      'a system actor without station',
      entry({ entity: 'pickup', entityId: 3, action: 'missed', operator: 'system:clock', station: null }),
      ['pickup', 3, 'missed', 'system:clock', null, '2026-03-01T10:00:00.000Z', null, null],
    ],
  ])('%s', (_name, input, row) => {
    expect(auditRow(input)).toEqual(row);
  });
});

describe('recordAudit', () => {
  let dir = '';
  let db: Db | null = null;
  afterEach(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'waybill-audit-'));
    db = createDb(join(dir, 'store.db'));
    return db;
  };

  it('writes the row inside the caller transaction', () => {
    const store = open();
    store.write(() => recordAudit(store, entry({ after: { state: 'resolved' } })));
    expect(store.raw.prepare('SELECT entity, entity_id, action, operator, station, at, before, after FROM audit_log').all()).toEqual([
      {
        entity: 'exception',
        entity_id: 7,
        action: 'resolved',
        operator: 'ana',
        station: 'dock-1',
        at: '2026-03-01T10:00:00.000Z',
        before: null,
        after: '{"state":"resolved"}',
      },
    ]);
  });

  it('refuses to write outside a transaction, so an entry never outlives a rolled-back change', () => {
    const store = open();
    expect(() => recordAudit(store, entry({}))).toThrow(/outside a db.write/);
    expect(store.raw.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
  });
});
