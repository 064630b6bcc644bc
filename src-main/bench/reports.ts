import Database from 'better-sqlite3';
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CarrierPerformanceReport } from '../../src-shared/api/reports';
import type { Core } from '../core';
import { FACT, ITEM, scopeSql } from '../reports/facts';
import { compileShipmentPage } from '../shipments/repo';
import { result, round, type BenchResult } from './measure';

/** A few runs of a job that takes seconds: one warm-up, then the median of `runs`. */
async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Type 7 quantile of a partition in SQL: x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]), h = (n − 1)p, with i 0-based. */
const quantileSql = (p: number) => {
  const h = `((n - 1) * ${p})`;
  const lo = `CAST(${h} AS INTEGER)`;
  const at = (index: string) => `max(CASE WHEN i = ${index} THEN v END)`;
  return `${at(lo)} + (max(${h}) - max(${lo})) * (coalesce(${at(`${lo} + 1`)}, ${at(lo)}) - ${at(lo)})`;
};

/** Business days in SQL: weekdays W(x) before day x (day 0 a Thursday), bd = W(end + 1) − W(start + 1). */
const weekdaysBefore = (x: string) => `(((${x}) + 3) / 7 * 5 + min(((${x}) + 3) % 7, 5) - 3)`;

/**
 * The baseline: the same figures from ONE statement, written the way a SQL hand would — the per-shipment
 * facts (the very same expressions as the report, so the definitions cannot drift), GROUP BY for the counts,
 * window functions for median and p90, json_group_object for the reason breakdown.
 */
function baselineSql(from: string, to: string): { sql: string; params: unknown[] } {
  const scope = scopeSql({ from, to, filter: {} });
  const distribution = (name: string, source: string) =>
    `${name} AS (SELECT g, avg(v) AS mean, ${quantileSql(0.5)} AS median, ${quantileSql(0.9)} AS p90 FROM (
       SELECT g, v, row_number() OVER (PARTITION BY g ORDER BY v) - 1 AS i, count(*) OVER (PARTITION BY g) AS n FROM (${source})) GROUP BY g)`;
  const sql = `WITH f AS MATERIALIZED (
  SELECT s.id AS id, s.carrier AS g, (${FACT.delivered}) AS d, (${FACT.terminal}) AS t,
    CASE WHEN ${FACT.delivered} THEN ${FACT.noFailedAttempt} ELSE 0 END AS fa, (${FACT.hadException}) AS x, (${FACT.everStalled}) AS st,
    ${FACT.deliveredDay} AS dd, ${FACT.expectedDay} AS ed, ${FACT.firstScanDay} AS fd, ${FACT.latencyHours} AS lat, ${FACT.transitHours} AS tr
  FROM shipments s WHERE ${scope.sql}),
${distribution('lat', 'SELECT g, lat AS v FROM f WHERE lat IS NOT NULL')},
${distribution('tr', 'SELECT g, tr AS v FROM f WHERE tr IS NOT NULL')},
${distribution('bd', `SELECT g, ${weekdaysBefore('dd + 1')} - ${weekdaysBefore('fd + 1')} AS v FROM f WHERE dd IS NOT NULL AND fd IS NOT NULL`)},
a AS (SELECT g, count(*) AS shipped, sum(d) AS delivered, sum(t) AS terminal, sum(d AND fa) AS fa,
  sum(dd IS NOT NULL AND ed IS NOT NULL) AS we, sum(dd <= ed) AS onTime, sum(dd - ed) AS varianceSum, sum(x) AS exceptions, sum(st) AS stalled
  FROM f GROUP BY g),
r AS (SELECT g, json_group_object(reason, n) AS reasons FROM (
  SELECT f.g AS g, x.reason AS reason, count(*) AS n FROM (
    SELECT shipment_id AS id, coalesce(substatus, 'other') AS reason FROM tracking_events WHERE status = 'exception'
    UNION SELECT id, coalesce(substatus, 'other') FROM shipments WHERE status = 'exception') x
  JOIN f ON f.id = x.id GROUP BY f.g, x.reason ORDER BY x.reason) GROUP BY g),
c AS (SELECT f.g AS g, count(*) AS closed, sum(${ITEM.proactive}) AS proactive, sum(${ITEM.selfRecovered}) AS selfRecovered
  FROM exceptions x JOIN shipments s ON s.id = x.shipment_id JOIN f ON f.id = s.id WHERE ${ITEM.closed} GROUP BY f.g)
SELECT a.g AS carrier, shipped, delivered, terminal,
  CAST(delivered AS REAL) / nullif(terminal, 0) AS deliverySuccessRate, CAST(fa AS REAL) / nullif(delivered, 0) AS firstAttemptSuccessRate,
  CAST(onTime AS REAL) / nullif(we, 0) AS onTimeRate, CAST(we AS REAL) / nullif(delivered, 0) AS expectedDateCoverage,
  CAST(varianceSum AS REAL) / nullif(we, 0) AS avgDeliveryVarianceDays,
  lat.mean AS latMean, lat.median AS latMedian, lat.p90 AS latP90, tr.mean AS trMean, tr.median AS trMedian, tr.p90 AS trP90,
  CAST(exceptions AS REAL) / shipped AS exceptionRate, CAST(stalled AS REAL) / shipped AS stalledRate,
  coalesce(r.reasons, '{}') AS reasons, bd.mean AS bdMean, bd.median AS bdMedian, bd.p90 AS bdP90,
  CAST(c.proactive AS REAL) / nullif(c.closed, 0) AS proactiveResolutionRate, CAST(c.selfRecovered AS REAL) / nullif(c.closed, 0) AS selfRecoveryRate
FROM a LEFT JOIN lat ON lat.g = a.g LEFT JOIN tr ON tr.g = a.g LEFT JOIN bd ON bd.g = a.g LEFT JOIN r ON r.g = a.g LEFT JOIN c ON c.g = a.g ORDER BY a.g`;
  return { sql, params: scope.params };
}

type BaselineRow = Record<string, number | string | null>;

/** Whether the report and the baseline agree on every figure, at the report's own rounding. */
function sameFigures(report: CarrierPerformanceReport, rows: BaselineRow[]): boolean {
  const close = (a: number | null, b: unknown, digits: number) => (a === null ? b === null : typeof b === 'number' && Math.abs(a - b) <= 10 ** -digits);
  return (
    rows.length === report.groups.length &&
    report.groups.every((g, i) => {
      const r = rows[i];
      return (
        g.carrier === r.carrier &&
        g.shipped === r.shipped &&
        g.delivered === r.delivered &&
        g.terminal === r.terminal &&
        close(g.deliverySuccessRate, r.deliverySuccessRate, 4) &&
        close(g.firstAttemptSuccessRate, r.firstAttemptSuccessRate, 4) &&
        close(g.onTimeRate, r.onTimeRate, 4) &&
        close(g.expectedDateCoverage, r.expectedDateCoverage, 4) &&
        close(g.avgDeliveryVarianceDays, r.avgDeliveryVarianceDays, 2) &&
        close(g.firstScanLatencyHours.mean, r.latMean, 2) &&
        close(g.firstScanLatencyHours.median, r.latMedian, 2) &&
        close(g.firstScanLatencyHours.p90, r.latP90, 2) &&
        close(g.transitHours.mean, r.trMean, 2) &&
        close(g.transitHours.median, r.trMedian, 2) &&
        close(g.transitHours.p90, r.trP90, 2) &&
        close(g.transitBusinessDays.median, r.bdMedian, 2) &&
        close(g.transitBusinessDays.p90, r.bdP90, 2) &&
        close(g.exceptionRate, r.exceptionRate, 4) &&
        close(g.stalledRate, r.stalledRate, 4) &&
        close(g.proactiveResolutionRate, r.proactiveResolutionRate, 4) &&
        close(g.selfRecoveryRate, r.selfRecoveryRate, 4) &&
        JSON.stringify(g.exceptionsByReason) === JSON.stringify(JSON.parse(r.reasons as string))
      );
    })
  );
}

/** Carrier performance over every shipment of the store through dispatch vs one hand-written SQL statement. */
export async function benchReportCarriers(core: Core): Promise<BenchResult> {
  const { db } = core.services;
  const span = db
    .prepare(
      'SELECT min(coalesce(ship_date, substr(label_created_at, 1, 10))) AS first, max(coalesce(ship_date, substr(label_created_at, 1, 10))) AS last FROM shipments',
    )
    .get() as { first: string; last: string };
  const args = { from: span.first, to: span.last, groupBy: ['carrier' as const] };
  let report: CarrierPerformanceReport | null = null;
  const value = await medianMs(3, async () => {
    const envelope = await core.dispatch('reports.carrierPerformance', args);
    if (!envelope.ok) throw new Error(envelope.error.message);
    report = envelope.value;
  });
  const baseline = baselineSql(span.first, span.last);
  const statement = db.raw.prepare(baseline.sql);
  let rows: BaselineRow[] = [];
  const baselineMs = await medianMs(3, () => (rows = statement.all(...baseline.params) as BaselineRow[]));
  return result('report.carriers', 'ms', value, baselineMs, {
    shipments: (report as CarrierPerformanceReport | null)?.total.shipped ?? 0,
    sameFigures: report !== null && sameFigures(report, rows),
  });
}

/** Peak resident memory while `fn` runs, sampled every 20 ms (the export yields often enough for timers to fire). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number; startMb: number }> {
  const startMb = process.memoryUsage().rss / 2 ** 20;
  let peakMb = startMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, process.memoryUsage().rss / 2 ** 20)), 20);
  try {
    const value = await fn();
    return { value, peakMb: Math.max(peakMb, process.memoryUsage().rss / 2 ** 20), startMb };
  } finally {
    clearInterval(timer);
  }
}

/** Every shipment to CSV through the real export (rows/s) vs iterate + naive join written to a file. */
export async function benchExportCsv(core: Core, dir: string): Promise<BenchResult> {
  const { db } = core.services;
  const subject = { kind: 'shipments' as const, filter: {}, sort: [] };
  const started = process.hrtime.bigint();
  const { value: finished, peakMb, startMb } = await withPeakRss(() => core.services.reports.exports.runToEnd(subject, 'csv'));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (finished.outcome !== 'done') throw new Error(`export ${finished.outcome}: ${finished.message}`);
  const exported = join(dir, 'exports', finished.fileName);
  const bytes = statSync(exported).size;
  rmSync(exported);

  // Baseline: the same rows in the same order from a fresh read-only connection like the export's, values joined
  // with commas (no quoting, no mapping), 10k lines a write.
  const query = compileShipmentPage(db, { startRow: 0, endRow: Number.MAX_SAFE_INTEGER, sort: [], filter: {} });
  const naive = join(dir, 'naive.csv');
  const reader = new Database(db.raw.name, { readonly: true, fileMustExist: true });
  const baselineStarted = process.hrtime.bigint();
  const fd = openSync(naive, 'w');
  let lines: string[] = [];
  let count = 0;
  for (const row of reader
    .prepare(query.sql)
    .raw(true)
    .iterate(...(query.parameters as unknown[]))) {
    lines.push((row as unknown[]).join(','));
    if (++count % 10_000 === 0) {
      writeSync(fd, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  writeSync(fd, lines.join('\n'));
  closeSync(fd);
  reader.close();
  const baselineSeconds = Number(process.hrtime.bigint() - baselineStarted) / 1e9;
  rmSync(naive);
  return result('export.csv', 'rows/s', finished.rows / seconds, count / baselineSeconds, {
    rows: finished.rows,
    fileMb: round(bytes / 2 ** 20, 1),
    startRssMb: round(startMb, 1),
    peakRssMb: round(peakMb, 1),
  });
}
