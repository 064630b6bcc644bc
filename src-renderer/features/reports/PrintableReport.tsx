import { METRIC_DEFINITIONS, metricHeader } from '../../../src-shared/domain/kpi/definitions';
import { flatMetricColumns, flattenMetrics, type MetricName } from '../../../src-shared/domain/kpi/performance';
import { useAppStore } from '../../stores';
import { formatFigure, GROUP_LABELS, groupText } from './format';

/** `transitHours.p90` → "Transit time (h) p90": the header people read, with the unit once. */
const header = (flat: string) => {
  const [metric, part] = flat.split('.') as [MetricName, string | undefined];
  return part ? `${metricHeader(metric)} ${part}` : metricHeader(metric);
};
const unitOf = (flat: string) => METRIC_DEFINITIONS[flat.split('.')[0] as MetricName].unit;

/** What "Print / PDF" puts on paper: the performance table as a plain table (the grid is virtual and wide); the charts follow it. */
export function PrintablePerformance() {
  const report = useAppStore((s) => s.performance);
  if (!report) return null;
  const columns = flatMetricColumns([...report.groups, report.total]).filter((c) => !c.startsWith('exceptionsByReason.') && !c.endsWith('.mean'));
  const rows = [
    ...report.groups.map((g) => ({ label: report.groupBy.map((k) => groupText(k, g[k])).join(' · '), metrics: g })),
    { label: 'All', metrics: report.total },
  ];
  return (
    <section className="print-only">
      <h1>
        Carrier performance {report.from} to {report.to}
      </h1>
      <p>{report.scope}</p>
      <table className="report-table print-table">
        <thead>
          <tr>
            <th>{report.groupBy.map((k) => GROUP_LABELS[k]).join(' · ')}</th>
            {columns.map((c) => (
              <th key={c}>{header(c)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const flat = flattenMetrics(r.metrics);
            return (
              <tr key={r.label}>
                <td>{r.label}</td>
                {columns.map((c) => (
                  <td key={c}>{formatFigure(flat[c], unitOf(c))}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
