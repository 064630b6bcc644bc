import { flatMetricColumns, flattenMetrics } from '../../../src-shared/domain/kpi/performance';
import { useAppStore } from '../../stores';
import { groupText, NONE } from './format';

/** What "Print / PDF" puts on paper: the performance table as a plain table (the grid is virtual and wide). */
export function PrintablePerformance() {
  const report = useAppStore((s) => s.performance);
  if (!report) return null;
  const columns = flatMetricColumns([...report.groups, report.total]).filter((c) => !c.startsWith('exceptionsByReason.') && !c.endsWith('.mean'));
  const rows = [
    ...report.groups.map((g) => ({ label: report.groupBy.map((k) => groupText(k, g[k])).join(' · '), metrics: g })),
    { label: 'All', metrics: report.total },
  ];
  const cell = (value: number | null | undefined) =>
    value === null || value === undefined ? NONE : Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(value < 1 && value > -1 ? 4 : 2);
  return (
    <section className="print-only">
      <h1>
        Carrier performance {report.from} to {report.to}
      </h1>
      <p>{report.scope}</p>
      <table className="report-table print-table">
        <thead>
          <tr>
            <th>{report.groupBy.join(' · ')}</th>
            {columns.map((c) => (
              <th key={c}>{c}</th>
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
                  <td key={c}>{cell(flat[c])}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
