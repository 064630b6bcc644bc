import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScan } from '../../src-shared/domain/scan';
import { call } from '../dispatch/client';
import { createTempCore, type TempCore } from '../testing/temp-core';
import { addBusinessDays, seedShipments } from './seed';

const NOW = Date.parse('2026-11-20T12:00:00Z');
let core: TempCore;
beforeAll(() => {
  core = createTempCore(NOW);
  seedShipments(core.services.db, { shipments: 3000, now: NOW, withEvents: true });
});
afterAll(() => core.dispose());

describe('demo data a manager would believe', () => {
  it('counts working days only', () => {
    const friday = Date.parse('2026-11-20T18:00:00Z');
    expect([0, 1, 2, 5].map((days) => addBusinessDays(friday, days))).toEqual(['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-27']);
  });

  it('delivers most parcels on time, in days not weeks, for every carrier', async () => {
    const report = await call(core.dispatch, 'reports.carrierPerformance', { from: '2026-10-20', to: '2026-11-20', groupBy: ['carrier'], withCharts: true });
    expect(report.groups.map((g) => g.carrier).sort()).toEqual(['dhl', 'fedex', 'ups', 'usps']);
    for (const g of report.groups) {
      expect(g.onTimeRate, `${g.carrier} on time`).toBeGreaterThanOrEqual(0.85);
      expect(g.onTimeRate, `${g.carrier} on time`).toBeLessThanOrEqual(0.97);
      expect(g.transitBusinessDays.mean, `${g.carrier} transit`).toBeLessThan(6);
      expect(g.transitHours.mean, `${g.carrier} transit hours`).toBeLessThan(150);
    }
    // The week-by-week trend stays in the same band, not 0% one week and 100% the next.
    const weeks = report.charts!.weekly.filter((w) => w.delivered >= 20).map((w) => w.onTimeRate ?? 0);
    expect(weeks.length).toBeGreaterThanOrEqual(12);
    expect(Math.min(...weeks)).toBeGreaterThan(0.6);
  });

  it('prints tracking numbers a scanner reads back as the same carrier (valid check digits)', () => {
    const rows = core.services.db.raw.prepare('SELECT tracking_number AS t, carrier FROM shipments').all() as { t: string; carrier: string }[];
    for (const { t, carrier } of rows)
      expect(
        parseScan(t).candidates.map((c) => `${c.carrier} ${c.trackingNumber}`),
        t,
      ).toContain(`${carrier} ${t}`);
  });

  it('makes every live return label an expected return the desk lists', async () => {
    const labels = core.services.db.raw.prepare("SELECT count(*) AS n FROM shipments WHERE is_return = 1 AND status <> 'cancelled'").get() as { n: number };
    expect(labels.n).toBeGreaterThan(50);
    const listed = async (view: 'pending_pickup' | 'inbound') => (await call(core.dispatch, 'returns.list', { view, limit: 5000 })).rows;
    const pending = await listed('pending_pickup');
    const inbound = await listed('inbound');
    expect(pending.length).toBeGreaterThan(0);
    expect(inbound.some((r) => r.state === 'arrived')).toBe(true);
    expect(inbound.some((r) => r.state === 'in_transit')).toBe(true);
    expect(pending.every((r) => r.rmaNumber && r.reason && r.trackingNumber)).toBe(true);
  });
});
