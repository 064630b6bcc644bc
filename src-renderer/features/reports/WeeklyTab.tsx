import { useEffect } from 'react';
import { METRIC_DEFINITIONS } from '../../../src-shared/domain/kpi/definitions';
import type { MetricName } from '../../../src-shared/domain/kpi/performance';
import { flattenMetrics } from '../../../src-shared/domain/kpi/performance';
import { useAppStore } from '../../stores';
import { formatChange, formatFigure, groupText } from './format';

/** The figures a weekly review reads, in flattened names. */
const ROWS: [string, MetricName, string][] = [
  ['shipped', 'shipped', 'Shipped'],
  ['delivered', 'delivered', 'Delivered'],
  ['deliverySuccessRate', 'deliverySuccessRate', 'Delivery success'],
  ['firstAttemptSuccessRate', 'firstAttemptSuccessRate', 'First attempt'],
  ['onTimeRate', 'onTimeRate', 'On time'],
  ['avgDeliveryVarianceDays', 'avgDeliveryVarianceDays', 'Avg variance (days)'],
  ['transitHours.median', 'transitHours', 'Transit median (h)'],
  ['transitHours.p90', 'transitHours', 'Transit p90 (h)'],
  ['firstScanLatencyHours.median', 'firstScanLatencyHours', 'First-scan median (h)'],
  ['exceptionRate', 'exceptionRate', 'Exception rate'],
  ['stalledRate', 'stalledRate', 'Stalled rate'],
  ['proactiveResolutionRate', 'proactiveResolutionRate', 'Proactively resolved'],
];

/** Whether a rise is good news, to colour the change. */
const HIGHER_IS_BETTER = new Set(['shipped', 'delivered', 'deliverySuccessRate', 'firstAttemptSuccessRate', 'onTimeRate', 'proactiveResolutionRate']);

export function WeeklyTab() {
  const report = useAppStore((s) => s.weekly);
  const week = useAppStore((s) => s.weeklyWeek);
  const load = useAppStore((s) => s.loadWeekly);
  useEffect(() => void load(), [load]);
  const rows = report ? [...report.carriers, { carrier: 'all', ...report.total }] : [];
  return (
    <div className="weekly" data-testid="weekly">
      <div className="toolbar">
        <label>
          Week <input type="week" aria-label="Week" value={week ?? report?.week ?? ''} onChange={(e) => e.target.value && void load(e.target.value)} />
        </label>
        {report && (
          <span className="muted-text">
            {report.from} to {report.to}, compared with {report.previousWeek}
          </span>
        )}
      </div>
      {report && (
        <table className="report-table weekly-table">
          <thead>
            <tr>
              <th>Figure</th>
              {rows.map((r) => (
                <th key={r.carrier} colSpan={2}>
                  {r.carrier === 'all' ? 'All carriers' : groupText('carrier', r.carrier)}
                </th>
              ))}
            </tr>
            <tr>
              <th />
              {rows.map((r) => [<th key={`${r.carrier}-now`}>{report.week}</th>, <th key={`${r.carrier}-change`}>vs {report.previousWeek}</th>])}
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([key, metric, label]) => (
              <tr key={key}>
                <th scope="row" title={`${METRIC_DEFINITIONS[metric].formula}. Population: ${METRIC_DEFINITIONS[metric].population}.`}>
                  {label}
                </th>
                {rows.map((r) => {
                  const now = flattenMetrics(r.current)[key];
                  const change = r.change[key];
                  const good = change === null || change === 0 ? '' : change > 0 === HIGHER_IS_BETTER.has(key) ? 'better' : 'worse';
                  return [
                    <td key={`${r.carrier}-now`}>{formatFigure(now, METRIC_DEFINITIONS[metric].unit)}</td>,
                    <td key={`${r.carrier}-change`} className={`change ${good}`}>
                      {formatChange(change, METRIC_DEFINITIONS[metric].unit)}
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
