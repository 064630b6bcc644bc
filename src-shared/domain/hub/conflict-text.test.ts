import { describe, expect, it } from 'vitest';
import type { HubConflict } from '../../api/hub';
import { ago, conflictText, presenceText } from './conflict-text';

const NOW = Date.parse('2026-11-20T14:00:00Z');
const base: HubConflict = {
  auditId: 1,
  entity: 'exception',
  entityId: 7,
  lostBy: 'Returns desk',
  lostAt: '2026-11-20T13:59:21Z',
  wonBy: 'Pack 3',
  wonOperator: 'Ana',
  wonAction: 'resolved',
  wonAt: '2026-11-20T13:59:20Z',
  keptState: 'resolved',
  lostState: 'resolved',
  trackingNumber: '1Z999',
};

describe('conflicts and presence in words', () => {
  it.each<[string, HubConflict, string]>([
    ['the usual case', base, 'resolved by Ana at Pack 3, 40 s ago'],
    ['no person known yet', { ...base, wonOperator: null }, 'resolved at Pack 3, 40 s ago'],
    ['no audit entry yet', { ...base, wonAction: null, keptState: 'in_progress' }, 'set to in progress by Ana at Pack 3, 40 s ago'],
    ['a snake-case action', { ...base, wonAction: 'pickup_confirmed', wonAt: '2026-11-20T13:55:00Z' }, 'pickup confirmed by Ana at Pack 3, 5 min ago'],
  ])('%s', (_name, conflict, text) => expect(conflictText(conflict, NOW)).toBe(text));

  it.each([
    ['2026-11-20T14:00:00Z', '0 s ago'],
    ['2026-11-20T13:58:31Z', '89 s ago'],
    ['2026-11-20T13:58:00Z', '2 min ago'],
    ['2026-11-20T11:00:00Z', '3 h ago'],
    // A station clock a little ahead of this one: never "in the future".
    ['2026-11-20T14:00:05Z', '0 s ago'],
  ])('%s is %s', (iso, text) => expect(ago(iso, NOW)).toBe(text));

  it('names who has a record open, or says someone does', () => {
    expect(presenceText({ operator: 'Ana', station: 'Pack 3' })).toBe('Ana has this open at Pack 3');
    expect(presenceText({ operator: null, station: 'Pack 3' })).toBe('Someone has this open at Pack 3');
  });
});
