import { AgGridReact } from 'ag-grid-react';
import type { GridApi } from 'ag-grid-community';
import { useEffect, useMemo, useRef } from 'react';
import type { DrillPart, ShipmentRow } from '../../../src-shared/api';
import { METRIC_DEFINITIONS } from '../../../src-shared/domain/kpi/definitions';
import type { MetricName } from '../../../src-shared/domain/kpi/performance';
import { pagedDatasource } from '../../grid/paged-datasource';
import { PAGED_GRID } from '../../grid/paged-grid';
import { useAppStore } from '../../stores';
import { SHIPMENT_COLUMNS } from '../shipments/columns';
import { ExportBar } from '../exports/ExportBar';

/** How each side of a rate reads, so "not counted" becomes "Late" for the on-time rate. */
const PART_LABELS: Partial<Record<MetricName, [string, string]>> = {
  deliverySuccessRate: ['Delivered', 'Returned, lost or disposed'],
  firstAttemptSuccessRate: ['First attempt', 'After a failed attempt'],
  onTimeRate: ['On time', 'Late'],
  expectedDateCoverage: ['With expected date', 'Without'],
  exceptionRate: ['With an exception', 'Without'],
  stalledRate: ['Ever stalled', 'Never stalled'],
  proactiveResolutionRate: ['Resolved in time by staff', 'Others closed'],
  selfRecoveryRate: ['Carrier recovered', 'Others closed'],
};

/** The shipments behind the figure the manager clicked, paged from the core like the Shipments grid. */
export function DrilldownPanel() {
  const drill = useAppStore((s) => s.drill);
  const version = useAppStore((s) => s.drillVersion);
  const fetchBlock = useAppStore((s) => s.fetchDrillBlock);
  const setPart = useAppStore((s) => s.setDrillPart);
  const close = useAppStore((s) => s.openDrill);
  const range = useAppStore((s) => s.reportRange);
  const filter = useAppStore((s) => s.reportFilter);
  const api = useRef<GridApi<ShipmentRow> | null>(null);

  const datasource = useMemo(() => pagedDatasource((params) => fetchBlock(params.startRow, params.endRow)), [fetchBlock]);
  useEffect(() => api.current?.purgeInfiniteCache(), [version]);

  if (!drill) return null;
  const parts = PART_LABELS[drill.metric];
  const choices: [DrillPart, string][] = parts
    ? [
        ['population', 'All'],
        ['counted', parts[0]],
        ['notCounted', parts[1]],
      ]
    : [];
  return (
    <section className="drilldown" aria-label="Shipments behind the figure">
      <header className="toolbar">
        <h2 data-testid="drill-title">{drill.label}</h2>
        <span className="muted-text">{METRIC_DEFINITIONS[drill.metric].population}</span>
        {choices.length > 0 && (
          <div className="segmented" role="group" aria-label="Which shipments">
            {choices.map(([part, label]) => (
              <button key={part} aria-pressed={drill.part === part} onClick={() => setPart(part)}>
                {label}
              </button>
            ))}
          </div>
        )}
        <ExportBar
          label="these shipments"
          subject={{ kind: 'drilldown', query: { ...range, filter, group: drill.group, metric: drill.metric, reason: drill.reason, part: drill.part } }}
        />
        <button className="link" onClick={() => close(null)}>
          Close
        </button>
      </header>
      <div className="grid drill-grid" data-testid="drill-grid">
        <AgGridReact<ShipmentRow>
          columnDefs={SHIPMENT_COLUMNS.map((c) => ({ ...c, sortable: false }))}
          {...PAGED_GRID}
          datasource={datasource}
          getRowId={(p) => String(p.data.id)}
          onGridReady={(e) => (api.current = e.api)}
          defaultColDef={{ resizable: true }}
        />
      </div>
    </section>
  );
}
