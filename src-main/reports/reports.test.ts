import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, type MetricPopulations } from '../../src-shared/domain/kpi/performance';
import type { MethodArg, MethodName, MethodResult } from '../../src-shared/api';
import { createReportsTestCore, seedDataset, type ReportsTestCore } from './testing-dataset';

let core: ReportsTestCore;
let ids: Record<string, number>;
beforeAll(() => {
  core = createReportsTestCore();
  ids = seedDataset(core);
});
afterAll(() => core.dispose());

async function call<N extends MethodName>(method: N, arg: MethodArg<N>): Promise<MethodResult<N>> {
  const envelope = await core.dispatch(method, arg);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

const isMetric = (name: string): name is keyof MetricPopulations => (METRIC_NAMES as readonly string[]).includes(name) && name !== 'exceptionsByReason';
const WEEK = { from: '2026-11-02', to: '2026-11-08' };
const performance = (arg: object) => call('reports.carrierPerformance', { ...WEEK, ...arg });

async function drill(query: Omit<MethodArg<'reports.drilldown'>['query'], 'from' | 'to'>): Promise<number[]> {
  const page = await call('reports.drilldown', { query: { ...WEEK, ...query }, startRow: 0, endRow: 1000 });
  return page.rows.map((r) => r.id);
}
const keysOf = (rowIds: number[]) => rowIds.map((id) => Object.keys(ids).find((k) => ids[k] === id)).sort();

describe('carrier performance on a hand-computed week', () => {
  it('computes every figure for UPS as worked out by hand', async () => {
    const report = await performance({ groupBy: ['carrier'] });
    const ups = report.groups.find((g) => g.carrier === 'ups');
    // In scope: A B C D E F G K N. Out: H (voided), I (customer return), J (ships 9 Nov), Q (ships 1 Nov).
    expect(ups).toMatchObject({
      shipped: 9,
      delivered: 5, // A B C D E; C was delivered twice and counts once
      terminal: 6, // + G lost
      deliverySuccessRate: 0.8333,
      firstAttemptSuccessRate: 0.8, // B had a failed attempt
      expectedDateCoverage: 0.8, // E has no expected date
      onTimeRate: 0.75, // A, C, D on time (D by its local delivery date); B three days late
      avgDeliveryVarianceDays: 0.5, // (-1 + 3 + 0 + 0) / 4
      // A 4, B 24, C 4, D 6, F 10, G 24 hours; E's first scan is local-only and cannot be placed on the timeline.
      firstScanLatencyHours: { mean: 12, median: 8, p90: 24 },
      // A 48, B 144, C 72 (to its last delivery, the one delivered_at keeps), D 58.5.
      transitHours: { mean: 80.63, median: 65.25, p90: 122.4 },
      // A 2, B 4, C 3, D 2, E 2 weekdays.
      transitBusinessDays: { mean: 2.6, median: 2, p90: 3.6 },
      exceptionRate: 0.2222, // B (attempt failed), G (lost)
      stalledRate: 0.1111, // F
      exceptionsByReason: { attempt_failed: 1, lost: 1 },
      populations: { onTimeRate: 4, firstScanLatencyHours: 6, transitHours: 4, transitBusinessDays: 5, deliverySuccessRate: 6 },
    });
  });

  it('computes FedEx and leaves every rate of a carrier with no deliveries null, never 0', async () => {
    const report = await performance({ groupBy: ['carrier'] });
    expect(report.groups.map((g) => g.carrier)).toEqual(['dhl', 'fedex', 'ups']);
    expect(report.groups.find((g) => g.carrier === 'fedex')).toMatchObject({
      shipped: 2,
      delivered: 1,
      terminal: 2,
      deliverySuccessRate: 0.5,
      firstAttemptSuccessRate: 1,
      onTimeRate: 1,
      avgDeliveryVarianceDays: -1,
      firstScanLatencyHours: { mean: 1.5, median: 1.5, p90: 1.9 },
      transitHours: { mean: 24, median: 24, p90: 24 },
      exceptionRate: 0.5,
      stalledRate: 0.5,
      exceptionsByReason: { refused: 1 },
    });
    expect(report.groups.find((g) => g.carrier === 'dhl')).toMatchObject({
      shipped: 1,
      delivered: 0,
      deliverySuccessRate: null,
      firstAttemptSuccessRate: null,
      onTimeRate: null,
      expectedDateCoverage: null,
      avgDeliveryVarianceDays: null,
      firstScanLatencyHours: { mean: null, median: null, p90: null },
      transitHours: { mean: null, median: null, p90: null },
      exceptionRate: 0,
      stalledRate: 0,
      exceptionsByReason: {},
    });
  });

  it('takes medians over all shipments for the total, not an average of group medians', async () => {
    const { total } = await performance({ groupBy: ['carrier'] });
    // Latency: UPS 4 4 6 10 24 24 and FedEx 1 2 → median of all eight is (4 + 6) / 2.
    expect(total).toMatchObject({ shipped: 12, delivered: 6, terminal: 8, firstScanLatencyHours: { median: 5 } });
  });

  it('groups by service with the shipments that have none as their own row, last', async () => {
    const report = await performance({ groupBy: ['carrier', 'service'], filter: { carrier: ['ups'] } });
    expect(report.groups.map((g) => [g.carrier, g.service, g.shipped])).toEqual([
      ['ups', 'ground', 8],
      ['ups', null, 1],
    ]);
  });

  it('groups by ISO ship week, falling back to the label date when there is no ship date', async () => {
    const report = await performance({ from: '2026-10-26', to: '2026-11-08', groupBy: ['week'], filter: { carrier: ['ups'] } });
    expect(report.groups.map((g) => [g.week, g.shipped])).toEqual([
      ['2026-W44', 1],
      ['2026-W45', 9],
    ]);
  });

  it('filters by warehouse', async () => {
    const report = await performance({ groupBy: ['warehouse'], filter: { warehouse: ['west'] } });
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ warehouse: 'west', shipped: 2 });
  });

  it('computes the trend and transit charts in the same pass without changing the table', async () => {
    const plain = await performance({ groupBy: ['service'] });
    const withCharts = await performance({ groupBy: ['service'], withCharts: true });
    expect(withCharts.groups).toEqual(plain.groups);
    expect(withCharts.total).toEqual(plain.total);
    expect(withCharts.charts?.weekly.find((p) => p.carrier === 'ups' && p.week === '2026-W45')).toEqual({
      carrier: 'ups',
      week: '2026-W45',
      onTimeRate: 0.75,
      exceptionRate: 0.2222,
      delivered: 4,
      shipped: 9,
    });
    // UPS transit: A 48 h (day 2), D 58.5 h (day 2), C 72 h (day 3), B 144 h (day 6).
    expect(withCharts.charts?.transit.carriers.find((c) => c.carrier === 'ups')).toEqual({
      carrier: 'ups',
      counts: [0, 0, 2, 1, 0, 0, 1, 0, 0, 0, 0],
      total: 4,
    });
    expect(plain.charts).toBeUndefined();
  });

  it('explains every figure with its formula and population', async () => {
    const { definitions, scope } = await performance({});
    for (const name of METRIC_NAMES) {
      expect(definitions[name].formula.length).toBeGreaterThan(10);
      expect(definitions[name].population.length).toBeGreaterThan(5);
    }
    expect(scope).toContain('cancelled');
  });

  it('refuses a reversed range and a repeated grouping with a clear message', async () => {
    const reversed = await core.dispatch('reports.carrierPerformance', { from: '2026-11-08', to: '2026-11-02' });
    expect(reversed).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('from must be on or before to') } });
    const twice = await core.dispatch('reports.carrierPerformance', { ...WEEK, groupBy: ['carrier', 'carrier'] });
    expect(twice.ok).toBe(false);
    const notADate = await core.dispatch('reports.carrierPerformance', { from: '2026-02-30', to: '2026-03-01' });
    expect(notADate.ok).toBe(false);
  });
});

describe('drill-down lists exactly the shipments behind a figure', () => {
  it.each([
    ['shipped', 'population', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'K', 'N']],
    ['delivered', 'population', ['A', 'B', 'C', 'D', 'E']],
    ['deliverySuccessRate', 'notCounted', ['G']],
    ['firstAttemptSuccessRate', 'notCounted', ['B']],
    ['onTimeRate', 'population', ['A', 'B', 'C', 'D']],
    ['onTimeRate', 'notCounted', ['B']],
    ['expectedDateCoverage', 'notCounted', ['E']],
    ['transitHours', 'population', ['A', 'B', 'C', 'D']],
    ['firstScanLatencyHours', 'population', ['A', 'B', 'C', 'D', 'F', 'G']],
    ['transitBusinessDays', 'population', ['A', 'B', 'C', 'D', 'E']],
    ['exceptionRate', 'counted', ['B', 'G']],
    ['stalledRate', 'counted', ['F']],
  ] as const)('%s (%s)', async (metric, part, expected) => {
    expect(keysOf(await drill({ group: { carrier: 'ups' }, metric, part }))).toEqual(expected);
  });

  it('lists the shipments of one exception reason', async () => {
    expect(keysOf(await drill({ group: { carrier: 'ups' }, metric: 'exceptionsByReason', reason: 'lost' }))).toEqual(['G']);
  });

  it('puts the longest transit first', async () => {
    expect(keysOf((await drill({ group: { carrier: 'ups' }, metric: 'transitHours' })).slice(0, 1))).toEqual(['B']);
  });

  it('matches the population count the report shows for every figure', async () => {
    const report = await performance({ groupBy: ['carrier', 'service'] });
    for (const group of report.groups) {
      for (const metric of Object.keys(group.populations).filter(isMetric)) {
        const count = group.populations[metric];
        // Figures over exception items list shipments instead; they have a test of their own below.
        if (report.definitions[metric].populationUnit) continue;
        const rows = await drill({ group: { carrier: group.carrier, service: group.service }, metric });
        expect([group.carrier, group.service, metric, rows.length]).toEqual([group.carrier, group.service, metric, count]);
      }
    }
  });

  it('pages with the same shape as the shipments grid', async () => {
    const first = await call('reports.drilldown', { query: { ...WEEK, metric: 'shipped' }, startRow: 0, endRow: 5 });
    const rest = await call('reports.drilldown', { query: { ...WEEK, metric: 'shipped' }, startRow: 5, endRow: 15 });
    expect(first.lastRow).toBeNull();
    expect(rest.lastRow).toBe(12);
    expect(new Set([...first.rows, ...rest.rows].map((r) => r.id)).size).toBe(12);
    expect(first.rows[0]).toHaveProperty('trackingNumber');
  });
});

describe('weekly carrier summary', () => {
  it('shows the week beside the week before with the change', async () => {
    const report = await call('reports.weeklyCarriers', { week: '2026-W45' });
    expect(report).toMatchObject({ week: '2026-W45', from: '2026-11-02', to: '2026-11-08', previousWeek: '2026-W44' });
    const ups = report.carriers.find((c) => c.carrier === 'ups');
    expect(ups?.current).toMatchObject({ shipped: 9, onTimeRate: 0.75 });
    expect(ups?.previous).toMatchObject({ shipped: 1, onTimeRate: 1 });
    expect(ups?.change).toMatchObject({ shipped: 8, onTimeRate: -0.25 });
    const fedex = report.carriers.find((c) => c.carrier === 'fedex');
    expect(fedex?.previous).toBeNull();
    expect(fedex?.change.onTimeRate).toBeNull();
  });

  it('defaults to the last complete week', async () => {
    const report = await call('reports.weeklyCarriers', {});
    // The clock says Friday 20 November 2026 (week 47).
    expect(report.week).toBe('2026-W46');
  });
});

describe('daily health', () => {
  beforeAll(() => {
    const { raw } = core.services.db;
    const exception = raw.prepare('INSERT INTO exceptions (shipment_id, reason, state, opened_at, updated_at, closed_at) VALUES (?, ?, ?, ?, ?, ?)');
    exception.run(ids.B, 'attempt_failed', 'resolved', '2026-11-19T10:00:00.000Z', '2026-11-20T09:00:00.000Z', '2026-11-20T09:00:00.000Z');
    exception.run(ids.G, 'lost', 'open', '2026-11-20T08:00:00.000Z', '2026-11-20T08:00:00.000Z', null);
    exception.run(ids.F, 'stalled', 'snoozed', '2026-11-18T08:00:00.000Z', '2026-11-18T08:00:00.000Z', null);
    exception.run(ids.D, 'late', 'auto_resolved', '2026-11-20T01:00:00.000Z', '2026-11-20T02:00:00.000Z', '2026-11-20T02:00:00.000Z');
    raw.prepare('UPDATE shipments SET flags = 1 WHERE id = ?').run(ids.F);
    raw.prepare('UPDATE shipments SET flags = 4 WHERE id IN (?, ?)').run(ids.G, ids.M);
    // Labels from this week: one handed over and matched, one never scanned.
    const insert = raw.prepare(`INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, created_at, updated_at)
      VALUES ('test', ?, ?, ?, ?, 'created', 'x', 'x')`);
    const handed = Number(insert.run('T-R1', 'TRACKR1', 'ups', '2026-11-19T10:00:00.000Z').lastInsertRowid);
    insert.run('T-R2', 'TRACKR2', 'usps', '2026-11-20T10:00:00.000Z');
    const session = Number(
      raw
        .prepare(
          "INSERT INTO scan_sessions (station, operator, carrier, purpose, opened_at) VALUES ('dock-1', 'ana', 'ups', 'carrier_handoff', '2026-11-19T16:00:00.000Z')",
        )
        .run().lastInsertRowid,
    );
    raw
      .prepare(
        "INSERT INTO scans (session_id, raw, carrier, tracking_number, shipment_id, verdict, scanned_at) VALUES (?, 'TRACKR1', 'ups', 'TRACKR1', ?, 'matched', '2026-11-19T16:01:00.000Z')",
      )
      .run(session, handed);
    const pickup = Number(
      raw
        .prepare(
          "INSERT INTO pickups (carrier, window_start, window_end, state, created_at, updated_at) VALUES ('ups', '2026-11-19T09:00:00.000Z', '2026-11-19T17:00:00.000Z', 'scheduled', 'x', 'x')",
        )
        .run().lastInsertRowid,
    );
    const ret = raw.prepare(
      "INSERT INTO returns (source, external_id, carrier, state, pickup_id, created_at, updated_at) VALUES ('test', ?, 'ups', 'awaiting_pickup', ?, 'x', 'x')",
    );
    ret.run('RMA-1', pickup);
    ret.run('RMA-2', null);
    raw
      .prepare(
        "INSERT INTO sync_runs (source, started_at, finished_at, rejected, error) VALUES ('shipstation', '2026-11-20T06:00:00.000Z', '2026-11-20T06:01:00.000Z', 2, NULL), ('shipstation', '2026-11-20T07:00:00.000Z', '2026-11-20T07:00:05.000Z', 0, 'upstream unreachable')",
      )
      .run();
    raw
      .prepare(
        "INSERT INTO carrier_accounts (carrier, secret_ref, circuit_state, last_failure, last_failure_at) VALUES ('fedex', 'secret-ref-never-shown', 'open', 'auth failed', '2026-11-20T05:00:00.000Z')",
      )
      .run();
  });

  it('reports the day in numbers a manager can act on', async () => {
    const report = await call('reports.dailyHealth', { date: '2026-11-20' });
    expect(report.exceptions.byReason).toEqual([
      { reason: 'attempt_failed', opened: 0, resolved: 1, autoResolved: 0, stillOpen: 0 },
      { reason: 'late', opened: 1, resolved: 0, autoResolved: 1, stillOpen: 0 },
      { reason: 'lost', opened: 1, resolved: 0, autoResolved: 0, stillOpen: 1 },
      { reason: 'stalled', opened: 0, resolved: 0, autoResolved: 0, stillOpen: 1 },
    ]);
    expect(report.exceptions.total).toEqual({ opened: 2, resolved: 1, autoResolved: 1, stillOpen: 2 });
    // G is late and lost (not terminal); M is late but delivered, so no longer a parcel to chase.
    expect(report.late).toEqual({ total: 1, byCarrier: { ups: 1 } });
    expect(report.stalled).toEqual({ total: 1, byCarrier: { ups: 1 } });
    expect(report.unreconciledLabels).toEqual({ total: 1, byCarrier: { usps: 1 }, windowFrom: '2026-11-14', windowTo: '2026-11-20' });
    expect(report.returnsPendingPickup).toEqual({ total: 2, byCarrier: { ups: 2 }, overdue: 1 });
    expect(report.sync).toEqual([
      {
        source: 'shipstation',
        lastStartedAt: '2026-11-20T07:00:00.000Z',
        lastFinishedAt: '2026-11-20T07:00:05.000Z',
        lastError: 'upstream unreachable',
        runsOnDay: 2,
        failedRunsOnDay: 1,
        rejectedOnDay: 2,
      },
    ]);
    expect(report.carriers).toEqual([
      { carrier: 'fedex', enabled: true, circuitState: 'open', lastSuccessAt: null, lastFailureAt: '2026-11-20T05:00:00.000Z', lastFailure: 'auth failed' },
    ]);
    expect(JSON.stringify(report)).not.toContain('secret-ref');
  });

  it('counts an item open at the end of a past day even if it was resolved later', async () => {
    const report = await call('reports.dailyHealth', { date: '2026-11-19' });
    expect(report.exceptions.byReason.find((r) => r.reason === 'attempt_failed')).toEqual({
      reason: 'attempt_failed',
      opened: 1,
      resolved: 0,
      autoResolved: 0,
      stillOpen: 1,
    });
  });

  it('uses the caller’s day: 01:00 UTC on the 20th is still the 19th in New York', async () => {
    const report = await call('reports.dailyHealth', { date: '2026-11-19', utcOffsetMinutes: -300 });
    expect(report.from).toBe('2026-11-19T05:00:00.000Z');
    expect(report.exceptions.byReason.find((r) => r.reason === 'late')?.opened).toBe(1);
  });
});

// After daily health, whose items (B attempt_failed resolved on the 20th, D late auto-resolved, G lost open) stay.
describe('resolution rates count closed exception items', () => {
  beforeAll(() => {
    const closed = core.services.db.raw.prepare(
      "INSERT INTO exceptions (shipment_id, reason, state, opened_at, updated_at, closed_at, closed_by) VALUES (?, ?, ?, '2026-11-02T00:00:00.000Z', ?, ?, ?)",
    );
    const add = (key: string, reason: string, state: 'resolved' | 'auto_resolved', at: string) =>
      closed.run(ids[key], reason, state, at, at, state === 'resolved' ? 'Ana' : 'system');
    add('A', 'stalled', 'resolved', '2026-11-03T12:00:00.000Z'); // delivered on time: never late
    add('B', 'late', 'resolved', '2026-11-08T10:00:00.000Z'); // late since the end of 6 Nov
    add('E', 'stalled', 'resolved', '2026-11-05T10:00:00.000Z'); // no promise: never late
    add('G', 'at_risk', 'resolved', '2026-11-09T23:00:00.000Z'); // an hour before the end of its 9 Nov promise
    add('F', 'at_risk', 'auto_resolved', '2026-11-06T08:00:00.000Z');
  });

  it('counts resolutions by staff before the shipment became late, and carrier recoveries apart', async () => {
    const report = await performance({ groupBy: ['carrier'] });
    // UPS closed items: B attempt_failed (late), D late (carrier), A, B late, E, G, F (carrier) = 7; in time by staff: A, E, G.
    expect(report.groups.find((g) => g.carrier === 'ups')).toMatchObject({
      proactiveResolutionRate: 0.4286,
      selfRecoveryRate: 0.2857,
      populations: { proactiveResolutionRate: 7, selfRecoveryRate: 7 },
    });
    expect(report.groups.find((g) => g.carrier === 'fedex')).toMatchObject({ proactiveResolutionRate: null, selfRecoveryRate: null });
    expect(report.definitions.proactiveResolutionRate.populationUnit).toBe('exceptions');
  });

  it.each([
    ['proactiveResolutionRate', 'population', ['A', 'B', 'D', 'E', 'F', 'G']],
    ['proactiveResolutionRate', 'counted', ['A', 'E', 'G']],
    ['proactiveResolutionRate', 'notCounted', ['B', 'D', 'F']],
    ['selfRecoveryRate', 'counted', ['D', 'F']],
  ] as const)('drills %s (%s) into the shipments those items belong to', async (metric, part, expected) => {
    expect(keysOf(await drill({ group: { carrier: 'ups' }, metric, part }))).toEqual(expected);
  });
});
