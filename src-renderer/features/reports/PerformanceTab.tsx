import { AgGridReact } from 'ag-grid-react';
import type { CellClickedEvent } from 'ag-grid-community';
import { useEffect, useMemo } from 'react';
import type { PerformanceGroup } from '../../../src-shared/api';
import { METRIC_DEFINITIONS } from '../../../src-shared/domain/kpi/definitions';
import { GROUP_KEYS, type GroupKey, type GroupValues } from '../../../src-shared/domain/kpi/performance';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { TransitHistogram } from './charts/TransitHistogram';
import { TrendChart } from './charts/TrendChart';
import { performanceColumns, type FigureContext } from './columns';
import { DrilldownPanel } from './DrilldownPanel';
import { GROUP_LABELS, groupText, words } from './format';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';
import { CarrierOptions } from '../../app/CarrierOptions';

export function PerformanceControls() {
  const range = useAppStore((s) => s.reportRange);
  const setRange = useAppStore((s) => s.setReportRange);
  const groupBy = useAppStore((s) => s.reportGroupBy);
  const setGroupBy = useAppStore((s) => s.setReportGroupBy);
  const filter = useAppStore((s) => s.reportFilter);
  const setCarriers = useAppStore((s) => s.setReportCarriers);
  const toggle = (key: GroupKey) => {
    const next = groupBy.includes(key) ? groupBy.filter((k) => k !== key) : GROUP_KEYS.filter((k) => k === key || groupBy.includes(k));
    setGroupBy(next.length ? next : ['carrier']);
  };
  return (
    <div className="toolbar report-controls">
      <label>
        From <input type="date" aria-label="From" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange({ from: e.target.value })} />
      </label>
      <label>
        To <input type="date" aria-label="To" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange({ to: e.target.value })} />
      </label>
      <fieldset className="group-by">
        <legend>Group by</legend>
        {GROUP_KEYS.map((key) => (
          <label key={key}>
            <input type="checkbox" checked={groupBy.includes(key)} onChange={() => toggle(key)} /> {GROUP_LABELS[key]}
          </label>
        ))}
      </fieldset>
      <select aria-label="Carrier" value={filter.carrier?.[0] ?? ''} onChange={(e) => setCarriers(e.target.value ? [e.target.value as Carrier] : undefined)}>
        <option value="">All carriers</option>
        <CarrierOptions />
      </select>
    </div>
  );
}

function Charts() {
  const charts = useAppStore((s) => s.performance?.charts);
  const data = useMemo(() => {
    if (!charts) return null;
    const weeks = [...new Set(charts.weekly.map((p) => p.week))].sort();
    const carriers = [...new Set(charts.weekly.map((p) => p.carrier))].sort();
    const series = (metric: 'onTimeRate' | 'exceptionRate') =>
      carriers.map((carrier) => ({
        name: carrierLabel(carrier),
        values: weeks.map((week) => charts.weekly.find((p) => p.carrier === carrier && p.week === week)?.[metric] ?? null),
      }));
    return { weeks, onTime: series('onTimeRate'), exceptions: series('exceptionRate') };
  }, [charts]);
  if (!charts || !data || data.weeks.length === 0) return null;
  return (
    <div className="charts">
      <TrendChart testId="on-time-trend" title="On-time rate by ship week" xLabels={data.weeks} series={data.onTime} yMax={1} />
      <TrendChart testId="exception-trend" title="Exception rate by ship week" xLabels={data.weeks} series={data.exceptions} yMax={0.1} />
      <TransitHistogram data={charts.transit} />
    </div>
  );
}

export function PerformanceTab() {
  const report = useAppStore((s) => s.performance);
  const loading = useAppStore((s) => s.reportLoading);
  const load = useAppStore((s) => s.loadPerformance);
  const openDrill = useAppStore((s) => s.openDrill);
  const drill = useAppStore((s) => s.drill);

  useEffect(() => {
    if (!report) void load();
  }, [report, load]);

  const reasons = useMemo(() => [...new Set((report?.groups ?? []).flatMap((g) => Object.keys(g.exceptionsByReason)))].sort(), [report]);
  const columns = useMemo(() => performanceColumns(report?.groupBy ?? ['carrier'], reasons), [report, reasons]);
  const total = useMemo(() => (report ? [{ ...report.total } as PerformanceGroup] : []), [report]);

  const onCellClicked = (e: CellClickedEvent<PerformanceGroup>) => {
    const figure = e.colDef.context as FigureContext | undefined;
    if (!figure || !e.data || !report) return;
    const group: GroupValues = e.node.rowPinned ? {} : Object.fromEntries(report.groupBy.map((k) => [k, e.data?.[k] ?? null]));
    const who = e.node.rowPinned ? 'All' : report.groupBy.map((k) => groupText(k, group[k])).join(' · ');
    const what = figure.reason ? `${METRIC_DEFINITIONS.exceptionsByReason.label}: ${words(figure.reason)}` : METRIC_DEFINITIONS[figure.metric].label;
    openDrill({ group, metric: figure.metric, reason: figure.reason, part: 'population', label: `${who} · ${what}` });
  };

  return (
    <div className="performance">
      {report && (
        <p className="muted-text scope" data-testid="report-scope">
          {report.total.shipped.toLocaleString('en-US')} shipments, {report.from} to {report.to}. {report.scope}{' '}
          <span className="screen-hint">Hover a figure for its formula; click it for the shipments.</span>
        </p>
      )}
      <div className={drill ? 'grid performance-grid short' : 'grid performance-grid'} data-testid="performance-grid" aria-busy={loading}>
        <AgGridReact<PerformanceGroup>
          columnDefs={columns}
          rowData={report?.groups ?? []}
          pinnedBottomRowData={total}
          getRowId={(p) => (p.rowPinned ? 'total' : (report?.groupBy ?? []).map((k) => String(p.data[k] ?? '∅')).join('|'))}
          onCellClicked={onCellClicked}
          tooltipShowDelay={300}
          loading={loading && !report}
          overlayNoRowsTemplate="No shipments in this range."
          defaultColDef={{ resizable: true }}
        />
      </div>
      <DrilldownPanel />
      {!drill && <Charts />}
    </div>
  );
}
