import type { ColDef, ColGroupDef, ITooltipParams, ValueFormatterParams } from 'ag-grid-community';
import type { PerformanceGroup } from '../../../src-shared/api';
import { METRIC_DEFINITIONS, metricHeader } from '../../../src-shared/domain/kpi/definitions';
import { DISTRIBUTION_METRICS, type DistributionMetric, type GroupKey, type MetricName } from '../../../src-shared/domain/kpi/performance';
import { formatFigure, GROUP_LABELS, groupText, words } from './format';

/** What a clicked cell drills into; stored on the column so the click handler needs no lookup table. */
export interface FigureContext {
  metric: MetricName;
  reason?: string;
}

const SCALARS: Exclude<MetricName, DistributionMetric | 'exceptionsByReason'>[] = [
  'shipped',
  'delivered',
  'terminal',
  'deliverySuccessRate',
  'firstAttemptSuccessRate',
  'onTimeRate',
  'expectedDateCoverage',
  'avgDeliveryVarianceDays',
  'exceptionRate',
  'stalledRate',
  'proactiveResolutionRate',
  'selfRecoveryRate',
];

/** Hover text: formula, population in words, and how many shipments (or exception items) this very figure counts. */
export function figureTooltip(metric: MetricName, row: PerformanceGroup | undefined, reason?: string): string {
  const def = METRIC_DEFINITIONS[metric];
  const population = metric === 'exceptionsByReason' ? row?.populations.exceptionRate : row?.populations[metric];
  const head = reason ? `${def.label} — ${words(reason)}` : def.label;
  return `${head}\n${def.formula}\nPopulation: ${def.population}${population === undefined ? '' : ` (${population.toLocaleString('en-US')} ${def.populationUnit ?? 'shipments'})`}\nClick to list the shipments.`;
}

const figureColumn = (metric: MetricName, field: string, headerName: string, width: number): ColDef<PerformanceGroup> => ({
  colId: field,
  field: field as ColDef<PerformanceGroup>['field'],
  headerName,
  width,
  type: 'rightAligned',
  sortable: true,
  headerTooltip: `${METRIC_DEFINITIONS[metric].formula}. Population: ${METRIC_DEFINITIONS[metric].population}.`,
  valueFormatter: (p: ValueFormatterParams<PerformanceGroup, number | null>) => formatFigure(p.value, METRIC_DEFINITIONS[metric].unit),
  tooltipValueGetter: (p: ITooltipParams<PerformanceGroup>) => figureTooltip(metric, p.data),
  cellClass: 'figure',
  context: { metric } satisfies FigureContext,
});

const SHORT: Partial<Record<MetricName, string>> = {
  deliverySuccessRate: 'Delivery success',
  firstAttemptSuccessRate: 'First attempt',
  expectedDateCoverage: 'Expected-date coverage',
  avgDeliveryVarianceDays: 'Avg variance (days)',
  proactiveResolutionRate: 'Proactive',
  selfRecoveryRate: 'Self-recovered',
};

export function performanceColumns(groupBy: readonly GroupKey[], reasons: readonly string[]): (ColDef<PerformanceGroup> | ColGroupDef<PerformanceGroup>)[] {
  const groups: ColDef<PerformanceGroup>[] = groupBy.map((key) => ({
    colId: key,
    field: key,
    headerName: GROUP_LABELS[key],
    width: key === 'week' ? 110 : 130,
    pinned: 'left',
    sortable: true,
    valueFormatter: (p) => (p.node?.rowPinned ? 'All' : groupText(key, p.value as string | null)),
  }));
  const scalar = (metric: (typeof SCALARS)[number]) =>
    figureColumn(
      metric,
      metric,
      SHORT[metric] ?? METRIC_DEFINITIONS[metric].label,
      metric === 'shipped' || metric === 'delivered' || metric === 'terminal' ? 95 : 115,
    );
  const distribution = (metric: DistributionMetric): ColGroupDef<PerformanceGroup> => ({
    headerName: metricHeader(metric),
    children: (['mean', 'median', 'p90'] as const).map((part) => figureColumn(metric, `${metric}.${part}`, part, 82)),
  });
  const byReason: ColGroupDef<PerformanceGroup> = {
    headerName: 'Exceptions by reason',
    children: reasons.map((reason) => ({
      ...figureColumn('exceptionsByReason', `exceptionsByReason.${reason}`, words(reason), 110),
      // A reason no shipment of this row had is a count of 0, not a missing figure.
      valueGetter: (p) => p.data?.exceptionsByReason[reason] ?? 0,
      tooltipValueGetter: (p: ITooltipParams<PerformanceGroup>) => figureTooltip('exceptionsByReason', p.data, reason),
      context: { metric: 'exceptionsByReason', reason } satisfies FigureContext,
    })),
  };
  return [
    ...groups,
    ...SCALARS.slice(0, 8).map(scalar),
    ...DISTRIBUTION_METRICS.map(distribution),
    scalar('exceptionRate'),
    scalar('stalledRate'),
    scalar('proactiveResolutionRate'),
    scalar('selfRecoveryRate'),
    ...(reasons.length ? [byReason] : []),
  ];
}
