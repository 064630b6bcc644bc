/**
 * Reports as flat tables for CSV and spreadsheets, and the CLI's JSON shapes (FORMATS.md). Pure: the same
 * functions feed `waybill report`, the export buttons and the scheduled files.
 */
import type { CarrierPerformanceReport, DailyHealthReport, WeeklyCarriersReport } from '../../src-shared/api/reports';
import { flatMetricColumns, flattenMetrics, type PerformanceMetrics } from '../../src-shared/domain/kpi/performance';

import type { Cell } from '../file-writers/cell';

export type { Cell };

export interface Table {
  /** Sheet name in a workbook. */
  name: string;
  columns: string[];
  rows: Cell[][];
}

const metricCells = (columns: readonly string[], metrics: PerformanceMetrics): Cell[] => {
  const flat = flattenMetrics(metrics);
  // A reason no shipment of this row had is a count of 0, not a missing figure.
  return columns.map((c) => flat[c] ?? (c.startsWith('exceptionsByReason.') ? 0 : null));
};

export function performanceTable(report: CarrierPerformanceReport): Table {
  const metricColumns = flatMetricColumns(report.groups);
  return {
    name: 'Carrier performance',
    columns: [...report.groupBy, ...metricColumns],
    rows: report.groups.map((g) => [...report.groupBy.map((k) => g[k] ?? null), ...metricCells(metricColumns, g)]),
  };
}

/** FORMATS.md's JSON: groups carry their grouping values and figures; the hover texts stay in the API. */
export function performanceJson(report: CarrierPerformanceReport) {
  return {
    from: report.from,
    to: report.to,
    groupBy: report.groupBy,
    groups: report.groups.map(({ populations: _populations, ...group }) => group),
  };
}

export function weeklyTable(report: WeeklyCarriersReport): Table {
  const metricColumns = flatMetricColumns(report.carriers.flatMap((c) => (c.previous ? [c.current, c.previous] : [c.current])));
  const rows: Cell[][] = [];
  for (const { carrier, current, previous, change } of [...report.carriers, { carrier: 'all', ...report.total }]) {
    rows.push([carrier, report.week, ...metricCells(metricColumns, current)]);
    rows.push([carrier, report.previousWeek, ...(previous ? metricCells(metricColumns, previous) : metricColumns.map(() => null))]);
    rows.push([carrier, 'change', ...metricColumns.map((c) => change[c] ?? null)]);
  }
  return { name: `Carriers ${report.week}`, columns: ['carrier', 'period', ...metricColumns], rows };
}

export const weeklyJson = ({ definitions: _definitions, ...report }: WeeklyCarriersReport) => report;

/** Daily health in long form (section, key, measure, value): its sections have different shapes. */
export function dailyHealthTable(report: DailyHealthReport): Table {
  const rows: Cell[][] = [];
  for (const r of report.exceptions.byReason) {
    rows.push(['exceptions', r.reason, 'opened', r.opened], ['exceptions', r.reason, 'resolved', r.resolved]);
    rows.push(['exceptions', r.reason, 'autoResolved', r.autoResolved], ['exceptions', r.reason, 'stillOpen', r.stillOpen]);
  }
  for (const [measure, n] of Object.entries(report.exceptions.total)) rows.push(['exceptions', 'all', measure, n]);
  for (const section of ['late', 'stalled', 'unreconciledLabels', 'returnsPendingPickup'] as const) {
    const counts = report[section];
    for (const [carrier, n] of Object.entries(counts.byCarrier).sort()) rows.push([section, carrier, 'shipments', n]);
    rows.push([section, 'all', 'shipments', counts.total]);
  }
  rows.push(['returnsPendingPickup', 'all', 'overdue', report.returnsPendingPickup.overdue]);
  for (const s of report.sync) {
    for (const measure of ['lastStartedAt', 'lastFinishedAt', 'lastError', 'runsOnDay', 'failedRunsOnDay', 'rejectedOnDay'] as const) {
      rows.push(['sync', s.source, measure, s[measure]]);
    }
  }
  for (const c of report.carriers) {
    for (const measure of ['enabled', 'circuitState', 'lastSuccessAt', 'lastFailureAt', 'lastFailure'] as const)
      rows.push(['carriers', c.carrier, measure, c[measure]]);
  }
  for (const st of report.byStation)
    for (const measure of ['scans', 'exceptionsResolved', 'returnsReceived'] as const) rows.push(['station', st.station, measure, st[measure]]);
  return { name: `Daily health ${report.date}`, columns: ['section', 'key', 'measure', 'value'], rows };
}
