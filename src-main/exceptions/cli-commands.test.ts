import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'waybill-cli-exc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Listed {
  count: number;
  items: { id: number; shipmentId: number; trackingNumber: string; reason: string; reasons: string[]; state: string; flags: string[]; priority: number }[];
}

it('prints the open queue as JSON, one entry per parcel with its reasons, flags and priority, filtered by reason or flag', async () => {
  const db = join(dir, 'store.db');
  expect((await cli('seed', '--shipments', '400', '--db', db)).code).toBe(0);
  const all = await cli('exceptions', 'list', '--json', '--db', db);
  expect(all.code).toBe(0);
  const listed = JSON.parse(all.out) as Listed;
  expect(listed.count).toBeGreaterThan(10);
  expect(listed.items[0]).toEqual({
    id: expect.any(Number),
    shipmentId: expect.any(Number),
    trackingNumber: expect.any(String),
    carrier: expect.any(String),
    reason: expect.any(String),
    reasons: expect.arrayContaining([expect.any(String)]),
    itemIds: expect.arrayContaining([expect.any(Number)]),
    state: expect.stringMatching(/^(open|in_progress)$/),
    flags: expect.any(Array),
    priority: expect.any(Number),
    assignee: null,
    openedAt: expect.any(String),
  });
  expect(new Set(listed.items.map((i) => i.shipmentId)).size).toBe(listed.count);
  expect(listed.items.some((i) => i.reasons.length > 1)).toBe(true);
  expect(listed.items.every((i) => i.reasons[0] === i.reason)).toBe(true);
  const priorities = listed.items.map((i) => i.priority);
  expect(priorities).toEqual([...priorities].sort((a, b) => b - a));

  const late = JSON.parse((await cli('exceptions', 'list', '--json', '--flag', 'late', '--db', db)).out) as Listed;
  expect(late.items.length).toBeGreaterThan(0);
  expect(late.items.every((i) => i.flags.includes('late'))).toBe(true);
  const stalled = JSON.parse((await cli('exceptions', 'list', '--json', '--reason', 'stalled', '--db', db)).out) as Listed;
  expect(stalled.items.length).toBeGreaterThan(0);
  expect(stalled.items.every((i) => i.reasons.includes('stalled'))).toBe(true);
});

it('names the accepted values for a reason it does not know', async () => {
  const result = await cli('exceptions', 'list', '--reason', 'gremlins', '--db', join(dir, 'other.db'));
  expect(result.code).toBe(2);
  expect(result.err).toContain('--reason must be one of address_issue');
});
