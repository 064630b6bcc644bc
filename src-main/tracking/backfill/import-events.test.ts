import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli';
import { createReportsTestCore, type ReportsTestCore } from '../../reports/testing-dataset';
import { parseEventLine } from './event-line';

let store: ReportsTestCore;
let db: string;
beforeAll(() => {
  store = createReportsTestCore();
  db = join(store.dir, 'waybill.db');
  const insert = store.services.db.raw
    .prepare(`INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, delivered_at, last_event_at, created_at, updated_at)
    VALUES ('test', ?, ?, ?, '2026-11-01T10:00:00.000Z', ?, ?, ?, 'x', 'x')`);
  insert.run('S1', '1Z999AA10123456784', 'ups', 'created', null, null);
  insert.run('S2', '9400100000000000000001', 'usps', 'delivered', '2026-11-05T15:00:00Z', '2026-11-05T15:00:00Z');
});
afterAll(() => store.dispose());

async function importFile(name: string, lines: (object | string)[]) {
  const file = join(store.dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['import', 'events', '--db', db, file], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, summary: out.length ? JSON.parse(out[0]) : null, err: err.join('\n') };
}

const shipment = (tracking: string) =>
  store.services.db.raw.prepare('SELECT status, substatus, first_scan_at, delivered_at FROM shipments WHERE tracking_number = ?').get(tracking);
const eventCount = () => (store.services.db.raw.prepare('SELECT count(*) AS n FROM tracking_events').get() as { n: number }).n;

const ups = { trackingNumber: '1Z 999 AA1 0123456784', carrier: 'ups' };
const HISTORY = [
  {
    ...ups,
    occurredAt: '2026-11-02T09:00:00-05:00',
    status: 'in_transit',
    substatus: 'accepted',
    code: 'OR',
    description: 'Origin scan',
    location: 'Newark NJ',
  },
  'not json at all',
  {
    ...ups,
    occurredAt: '2026-11-03T08:00:00-05:00',
    status: 'exception',
    substatus: 'attempt_failed',
    code: 'NH',
    description: 'Customer not home',
    location: 'Chicago IL',
  },
  { trackingNumber: '1ZUNKNOWN00000000', carrier: 'ups', occurredAt: '2026-11-03T08:00:00Z', status: 'in_transit', code: 'X' },
  { ...ups, occurredAt: '2026-11-04T14:30:00-06:00', status: 'delivered', substatus: 'signed', code: 'DL', description: 'Delivered', location: 'Chicago IL' },
  { ...ups, carrier: 'fedex', occurredAt: '2026-11-04T14:30:00Z', status: 'delivered', code: 'DL' },
  { ...ups, occurredAt: '2026-11-04T14:30:00', status: 'delivered', code: 'DL' },
  { ...ups, occurredAt: '2026-11-04T14:35:00Z', status: 'teleported', code: 'ZZ' },
  { ...ups, occurredAt: '2026-11-04T14:36:00Z', status: null, code: 'SIG', description: 'Signature image available' },
];

describe('waybill import events', () => {
  it('imports the good lines, derives the status, and rejects every bad line with its number and a reason', async () => {
    const { code, summary } = await importFile('history.jsonl', HISTORY);
    expect(code).toBe(0);
    expect(summary).toEqual({
      lines: 9,
      imported: 4,
      duplicates: 0,
      shipmentsUpdated: 1,
      rejected: [
        { line: 2, reason: 'not valid JSON' },
        { line: 4, reason: 'unknown tracking number 1ZUNKNOWN00000000: no shipment in the store has it' },
        { line: 6, reason: 'tracking number 1Z999AA10123456784 is a ups shipment, the line says fedex' },
        { line: 7, reason: expect.stringContaining('has no UTC offset') },
        { line: 8, reason: expect.stringContaining('unknown status "teleported"') },
      ],
    });
    expect(shipment('1Z999AA10123456784')).toEqual({
      status: 'delivered',
      substatus: 'signed',
      first_scan_at: '2026-11-02T14:00:00Z',
      delivered_at: '2026-11-04T20:30:00Z',
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = { events: eventCount(), shipment: shipment('1Z999AA10123456784') };
    const { summary } = await importFile('history.jsonl', HISTORY);
    expect(summary).toMatchObject({ lines: 9, imported: 0, duplicates: 4, shipmentsUpdated: 0 });
    expect({ events: eventCount(), shipment: shipment('1Z999AA10123456784') }).toEqual(before);
  });

  it('never moves a delivered shipment back because of an older event', async () => {
    const { summary } = await importFile('older.jsonl', [
      { trackingNumber: '9400100000000000000001', carrier: 'usps', occurredAt: '2026-11-03T10:00:00Z', status: 'in_transit', code: 'A1' },
    ]);
    expect(summary).toMatchObject({ imported: 1, rejected: [] });
    expect(shipment('9400100000000000000001')).toMatchObject({
      status: 'delivered',
      delivered_at: '2026-11-05T15:00:00Z',
      first_scan_at: '2026-11-03T10:00:00Z',
    });
  });

  it('explains a missing file', async () => {
    const result = await runCli(['import', 'events', '--db', db, join(store.dir, 'nope.jsonl')], { out: () => undefined, err: () => undefined });
    expect(result).toBe(2);
  });
});

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('parseEventLine', () => {
  it.each([
    ['[]', 'expected one JSON object per line'],
    ['{"carrier":"ups","occurredAt":"2026-11-02T09:00:00Z"}', 'missing trackingNumber'],
    ['{"trackingNumber":"1","carrier":"pony","occurredAt":"2026-11-02T09:00:00Z"}', 'unknown carrier "pony"'],
    ['{"trackingNumber":"1","carrier":"ups"}', 'missing occurredAt'],
    ['{"trackingNumber":"1","carrier":"ups","occurredAt":"yesterday"}', 'is not an ISO 8601 time'],
    ['{"trackingNumber":"1","carrier":"ups","occurredAt":"2026-11-02T09:00:00Z","location":5}', 'location must be text'],
    // item 9: an event from year 9999 would make a parcel delivered for good
    [
      '{"trackingNumber":"1","carrier":"ups","occurredAt":"9999-12-31T00:00:00Z","status":"delivered"}',
      'event time 9999-12-31T00:00:00Z is outside 2000-01-01 … 2027-11-21',
    ],
    ['{"trackingNumber":"1","carrier":"ups","occurredAt":"1999-12-31T00:00:00+00:00"}', 'is outside 2000-01-01'],
    // item 11: caps and NUL
    ['{"trackingNumber":"1","carrier":"ups","occurredAt":"2026-11-02T09:00:00Z","description":"ok\\u0000"}', 'description contains a NUL byte'],
  ])('%s → %s', (line, reason) => {
    const result = parseEventLine(line, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('item 11: a 2 MB event code or a 5,000-character tracking number is a rejected line, not a stored one', () => {
    const huge = parseEventLine(`{"trackingNumber":"1","carrier":"ups","occurredAt":"2026-11-02T09:00:00Z","code":"${'C'.repeat(2_000_000)}"}`, NOW);
    expect(huge).toEqual({ ok: false, reason: 'code is longer than 100 characters' });
    const long = parseEventLine(`{"trackingNumber":"${'1'.repeat(5000)}","carrier":"ups","occurredAt":"2026-11-02T09:00:00Z"}`, NOW);
    expect(long).toEqual({ ok: false, reason: 'trackingNumber is longer than 40 characters' });
  });

  it('keeps the local wall time beside the UTC instant and defaults a missing code to the status', () => {
    expect(parseEventLine('{"trackingNumber":"1z 1","carrier":"ups","occurredAt":"2026-11-02T09:00:00-05:00","status":"exception"}', NOW)).toEqual({
      ok: true,
      event: {
        trackingNumber: '1Z1',
        carrier: 'ups',
        occurredAt: '2026-11-02T14:00:00Z',
        localTime: '2026-11-02T09:00:00',
        status: 'exception',
        substatus: 'other',
        code: 'exception',
        description: '',
        location: null,
      },
    });
  });
});
