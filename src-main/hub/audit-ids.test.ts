import { describe, expect, it } from 'vitest';
import { isHubName, isLocalId, translateAuditIds } from './audit-ids';

// Station A's ids as the hub names them, and station B's own ids for the same records.
const A = 'station-a';
const toHub = (table: string, value: unknown) => (isLocalId(value) ? [A, `${table}:${String(value)}`] : value);
const B_IDS: Record<string, number> = { 'shipments:7': 107, 'scans:12': 112, 'scan_sessions:3': 103, 'returns:4': 104, 'returns:5': 105, 'pickups:9': 109 };
const toB = (_table: string, value: unknown) => (isHubName(value) && B_IDS[value[1]] !== undefined ? B_IDS[value[1]] : value);

describe('ids inside audit before/after text', () => {
  it.each([
    [
      'a return adopted from a label names its shipment',
      'returns',
      { source: 'label', shipmentId: 7, state: 'label_issued' },
      { source: 'label', shipmentId: 107, state: 'label_issued' },
    ],
    [
      'a dock receipt names its scan and session',
      'returns',
      { raw: '1Z', scanId: 12, sessionId: 3, state: 'unexpected' },
      { raw: '1Z', scanId: 112, sessionId: 103, state: 'unexpected' },
    ],
    [
      'a pickup names itself and its returns',
      'pickups',
      { id: 9, returnIds: [4, 5], state: 'scheduled' },
      { id: 109, returnIds: [104, 105], state: 'scheduled' },
    ],
    [
      'a missed pickup’s exception names the pickup',
      'exceptions',
      { state: 'open', reason: 'pickup_missed', pickupId: 9 },
      { state: 'open', reason: 'pickup_missed', pickupId: 109 },
    ],
    ['a duplicate tracking number names the other shipment', 'shipments', { alsoOn: 7, source: 'shopify' }, { alsoOn: 107, source: 'shopify' }],
    ['a merged row, at any depth', 'shipments', { id: 7, nested: { shipment_id: 7 } }, { id: 107, nested: { shipment_id: 107 } }],
    ['a conflict’s key, written as digits', 'returns', { key: '4', lost: { state: 'received' } }, { key: 104, lost: { state: 'received' } }],
    ['an entry with no ids', 'exceptions', { state: 'resolved', assignee: 'Ana' }, { state: 'resolved', assignee: 'Ana' }],
  ])('%s', (_what, entity, written, atB) => {
    const onHub = translateAuditIds(JSON.stringify(written), entity, toHub);
    expect(JSON.stringify(onHub)).not.toContain('"shipmentId":7');
    expect(JSON.parse(translateAuditIds(onHub, entity, toB) as string)).toEqual(atB);
  });

  it.each([
    ['a record B never received keeps its hub name', { shipmentId: 99 }, { shipmentId: [A, 'shipments:99'] }],
    ['null and zero are not ids', { shipmentId: null, pickupId: 0 }, { shipmentId: null, pickupId: 0 }],
    ['words and decimals are not ids', { scanId: 'none', sessionId: 1.5 }, { scanId: 'none', sessionId: 1.5 }],
  ])('%s', (_what, written, atB) => {
    const onHub = translateAuditIds(JSON.stringify(written), 'returns', toHub);
    expect(JSON.parse(translateAuditIds(onHub, 'returns', toB) as string)).toEqual(atB);
  });

  it.each([
    ['text that is not JSON', 'resolved by hand'],
    ['a number written as text', '42'],
    ['broken JSON', '{"shipmentId": 7'],
    ['nothing', null],
  ])('leaves %s as it was', (_what, text) => expect(translateAuditIds(text, 'returns', toHub)).toBe(text));

  it('leaves an entry about a table without ids (a setting) alone for its own id and key', () => {
    const text = JSON.stringify({ key: '12', id: 3 });
    expect(translateAuditIds(text, null, toHub)).toBe(text);
  });
});
