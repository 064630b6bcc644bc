import { describe, expect, it } from 'vitest';
import type { HubSummary } from '../../api/hub';
import { hubStatusText, hubStatusTone } from './status-text';

const base: HubSummary = {
  configured: true,
  connected: true,
  offlineSince: null,
  outbox: 0,
  pulled: 80_000,
  hubNewest: 80_000,
  lastError: null,
  joining: null,
  refused: 0,
  station: { id: 's', name: 'Pack 1', role: 'packing' },
  live: true,
  stationNamed: true,
};

describe('the hub status line', () => {
  it.each<[string, HubSummary | null, string, string]>([
    ['no answer yet', null, 'Hub: not set up', 'muted'],
    ['no hub', { ...base, configured: false, live: false, connected: false }, 'Hub: not set up', 'muted'],
    ['set up while running', { ...base, live: false, connected: false }, 'Hub: set up · starts when Waybill restarts', 'muted'],
    ['connected', base, 'Hub: connected · 0 waiting', 'ok'],
    ['connected, a few behind', { ...base, pulled: 79_600, outbox: 3 }, 'Hub: connected · 3 waiting', 'ok'],
    ['catching up', { ...base, pulled: 12_400 }, 'Hub: catching up 12,400 of 80,000', 'ok'],
    ['joining', { ...base, joining: { done: 12_400, total: 80_000, secondsLeft: null } }, 'Hub: catching up 12,400 of 80,000', 'ok'],
    [
      'joining, pace known',
      { ...base, joining: { done: 12_400, total: 80_000, secondsLeft: 190 } },
      'Hub: catching up 12,400 of 80,000 · about 3 min left',
      'ok',
    ],
    ['joining, nearly done', { ...base, joining: { done: 79_000, total: 80_000, secondsLeft: 4 } }, 'Hub: catching up 79,000 of 80,000 · about 4 s left', 'ok'],
    ['offline', { ...base, connected: false, offlineSince: '2026-11-20T14:02:31Z', outbox: 37 }, 'Hub: offline since 14:02 · 37 changes waiting', 'warn'],
    [
      'offline, one change',
      { ...base, connected: false, offlineSince: '2026-11-20T14:02:31Z', outbox: 1 },
      'Hub: offline since 14:02 · 1 change waiting',
      'warn',
    ],
    [
      'offline, many',
      { ...base, connected: false, offlineSince: '2026-11-20T09:05:00Z', outbox: 5_000 },
      'Hub: offline since 09:05 · 5,000 changes waiting',
      'warn',
    ],
    ['first round not done', { ...base, connected: false, hubNewest: null }, 'Hub: connecting · 0 changes waiting', 'warn'],
  ])('%s', (_, summary, text, tone) => {
    expect(hubStatusText(summary, 'UTC')).toBe(text);
    expect(hubStatusTone(summary)).toBe(tone);
  });
});
