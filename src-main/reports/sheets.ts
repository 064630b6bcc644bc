/**
 * Reports as people open them in a spreadsheet: headers in words with their units, carriers and services by
 * name, rates as percentages, a total row, and the daily health as tables. The export buttons write these;
 * the CLI keeps FORMATS.md's machine columns (tables.ts).
 */
import type { CarrierPerformanceReport, DailyHealthReport, WeeklyCarriersReport } from '../../src-shared/api/reports';
import { METRIC_DEFINITIONS, metricHeader } from '../../src-shared/domain/kpi/definitions';
import { flatMetricColumns, flattenMetrics, type GroupKey, type MetricName, type PerformanceMetrics } from '../../src-shared/domain/kpi/performance';
import { carrierLabel } from '../../src-shared/domain/tracking/carriers';
import { serviceLabel } from '../../src-shared/domain/tracking/services';
import type { Cell } from '../file-writers/cell';
import type { ColumnFormat, SheetColumn } from '../file-writers/row-writer';

export interface Sheet {
  name: string;
  columns: SheetColumn[];
  rows: Cell[][];
}

const words = (text: string) => text.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const GROUP_HEADERS: Record<GroupKey, string> = { carrier: 'Carrier', service: 'Service', warehouse: 'Warehouse', week: 'Ship week' };
const PARTS: Record<string, string> = { mean: 'mean', median: 'median', p90: '90th percentile' };

const groupValue = (key: GroupKey, value: string | null | undefined): string =>
  value === null || value === undefined ? '(none)' : key === 'carrier' ? carrierLabel(value) : key === 'service' ? serviceLabel(value) : value;

/** `transitHours.p90` → "Transit time (h), 90th percentile"; `exceptionsByReason.address_issue` → "Exceptions: Address issue". */
function figureColumn(flat: string): SheetColumn {
  const [metric, part] = flat.split('.') as [MetricName, string | undefined];
  if (metric === 'exceptionsByReason') return { header: `Exceptions: ${words(part ?? '')}`, format: 'count', width: 16 };
  const unit = METRIC_DEFINITIONS[metric].unit;
  const format: ColumnFormat = unit === 'rate' ? 'percent' : unit === 'shipments' ? 'count' : 'decimal';
  const header = part ? `${metricHeader(metric)}, ${PARTS[part] ?? part}` : metricHeader(metric);
  return { header, format, width: Math.max(12, Math.min(34, header.length + 2)) };
}

const metricCells = (columns: readonly string[], metrics: PerformanceMetrics): Cell[] => {
  const flat = flattenMetrics(metrics);
  return columns.map((c) => flat[c] ?? (c.startsWith('exceptionsByReason.') ? 0 : null));
};

export function performanceSheet(report: CarrierPerformanceReport): Sheet {
  const flat = flatMetricColumns([...report.groups, report.total]);
  const columns: SheetColumn[] = [
    ...report.groupBy.map((k): SheetColumn => ({ header: GROUP_HEADERS[k], format: 'text', width: 18 })),
    ...flat.map(figureColumn),
  ];
  const rows = report.groups.map((g) => [...report.groupBy.map((k) => groupValue(k, g[k])), ...metricCells(flat, g)]);
  // The total row: every shipment in the range, whatever its group.
  rows.push([...report.groupBy.map((_, i) => (i === 0 ? 'All' : '')), ...metricCells(flat, report.total)]);
  return { name: `Carrier performance ${report.from} to ${report.to}`, columns, rows };
}

export function weeklySheet(report: WeeklyCarriersReport): Sheet {
  const flat = flatMetricColumns(report.carriers.flatMap((c) => (c.previous ? [c.current, c.previous] : [c.current])));
  const columns: SheetColumn[] = [{ header: 'Carrier', format: 'text', width: 14 }, { header: 'Week', format: 'text', width: 22 }, ...flat.map(figureColumn)];
  const rows: Cell[][] = [];
  for (const { carrier, current, previous, change } of [...report.carriers, { carrier: 'All', ...report.total }]) {
    const name = carrier === 'All' ? 'All' : carrierLabel(carrier);
    rows.push([name, report.week, ...metricCells(flat, current)]);
    rows.push([name, report.previousWeek, ...(previous ? metricCells(flat, previous) : flat.map(() => null))]);
    rows.push([name, `Change from ${report.previousWeek}`, ...flat.map((c) => change[c] ?? null)]);
  }
  return { name: `Carriers ${report.week}`, columns, rows };
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '');

/**
 * The daily health as tables a person reads down: one row per carrier with its counts and a total, then the
 * exceptions by reason, then each sync source, each under its own header row.
 */
export function dailyHealthSheet(report: DailyHealthReport): Sheet {
  const columns: SheetColumn[] = [
    { header: 'Carrier', format: 'text', width: 22 },
    { header: 'Late (shipments)', format: 'count', width: 16 },
    { header: 'Stalled (shipments)', format: 'count', width: 18 },
    { header: 'Labels not handed over, 7 days', format: 'count', width: 28 },
    { header: 'Returns awaiting pickup', format: 'count', width: 22 },
    { header: 'Carrier connection', format: 'text', width: 22 },
    { header: 'Last successful poll', format: 'text', width: 22 },
  ];
  const carriers = [
    ...new Set([
      ...report.carriers.map((c) => c.carrier),
      ...[report.late, report.stalled, report.unreconciledLabels, report.returnsPendingPickup].flatMap((c) => Object.keys(c.byCarrier)),
    ]),
  ].sort();
  const account = new Map(report.carriers.map((c) => [c.carrier, c]));
  const rows: Cell[][] = carriers.map((carrier) => {
    const a = account.get(carrier);
    return [
      carrierLabel(carrier),
      report.late.byCarrier[carrier] ?? 0,
      report.stalled.byCarrier[carrier] ?? 0,
      report.unreconciledLabels.byCarrier[carrier] ?? 0,
      report.returnsPendingPickup.byCarrier[carrier] ?? 0,
      a ? (a.enabled ? (a.circuitState === 'closed' ? 'Working' : `Paused (${words(a.circuitState)})`) : 'Switched off') : 'Not set up',
      when(a?.lastSuccessAt ?? null),
    ];
  });
  rows.push([
    'All carriers',
    report.late.total,
    report.stalled.total,
    report.unreconciledLabels.total,
    report.returnsPendingPickup.total,
    `${report.returnsPendingPickup.overdue} pickups overdue`,
    '',
  ]);
  rows.push([], ['Exception reason', 'Opened', 'Resolved by staff', 'Resolved by the carrier', 'Still open']);
  for (const r of report.exceptions.byReason) rows.push([words(r.reason), r.opened, r.resolved, r.autoResolved, r.stillOpen]);
  const t = report.exceptions.total;
  rows.push(['All reasons', t.opened, t.resolved, t.autoResolved, t.stillOpen]);
  if (report.sync.length) {
    rows.push([], ['Sync source', 'Runs', 'Failed runs', 'Rows rejected', 'Last finished', 'Last error']);
    for (const s of report.sync) rows.push([s.source, s.runsOnDay, s.failedRunsOnDay, s.rejectedOnDay, when(s.lastFinishedAt), s.lastError ?? '']);
  }
  return { name: `Daily health ${report.date}`, columns, rows };
}
