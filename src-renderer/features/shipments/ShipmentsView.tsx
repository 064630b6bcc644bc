import { AgGridReact } from 'ag-grid-react';
import type {
  GridApi,
  GridReadyEvent,
  RowSelectionOptions,
  SelectionChangedEvent,
  SelectionColumnDef,
  SortChangedEvent,
  SortModelItem,
} from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ShipmentRow, ShipmentSortColumn } from '../../../src-shared/api';
import { TRACKING_STATUSES, type Carrier, type TrackingStatus } from '../../../src-shared/domain/tracking/status';
import { pagedDatasource } from '../../grid/paged-datasource';
import { PAGED_GRID } from '../../grid/paged-grid';
import { ExportBar, ExportProgress } from '../exports/ExportBar';
import { useAppStore } from '../../stores';
import { DropZone } from '../sync/DropZone';
import { ImportControls } from '../sync/ImportControls';
import { SyncProgressPanel } from '../sync/SyncProgressPanel';
import { SyncSettingsPanel } from '../sync/SyncSettingsPanel';
import { SHIPMENT_COLUMNS, SORTABLE } from './columns';
import { MoreFilters } from './MoreFilters';
import { refreshMessage } from '../../stores/refresh-messages';
import { ShipmentDetailDrawer } from './ShipmentDetailDrawer';
import { CarrierOptions } from '../../app/CarrierOptions';

// Checkboxes pick parcels; a click on the row itself still opens its detail. No select-all: the view can hold a million rows.
const ROW_SELECTION: RowSelectionOptions = { mode: 'multiRow', enableClickSelection: false, headerCheckbox: false };
const SELECTION_COLUMN: SelectionColumnDef = { pinned: 'left', width: 44 };
const toSort = (model: SortModelItem[]) =>
  model.filter((m) => SORTABLE.has(m.colId)).map((m) => ({ column: m.colId as ShipmentSortColumn, direction: m.sort }));

export function ShipmentsView() {
  const filter = useAppStore((s) => s.shipmentFilter);
  const setFilter = useAppStore((s) => s.setShipmentFilter);
  const fetchBlock = useAppStore((s) => s.fetchShipmentBlock);
  const count = useAppStore((s) => s.shipmentCount);
  const error = useAppStore((s) => s.shipmentError);
  const version = useAppStore((s) => s.shipmentsVersion);
  const refreshCount = useAppStore((s) => s.refreshShipmentCount);
  const loadSample = useAppStore((s) => s.loadSampleData);
  const loadingSample = useAppStore((s) => s.loadingSample);
  const openDetail = useAppStore((s) => s.openShipmentDetail);
  const refreshTracking = useAppStore((s) => s.refreshShipmentTracking);
  const gridApi = useRef<GridApi<ShipmentRow> | null>(null);
  const [sort, setSort] = useState<ReturnType<typeof toSort>>([]);
  const [selected, setSelected] = useState<number[]>([]);
  const [refreshNote, setRefreshNote] = useState<string | null>(null);
  /** The row whose detail is open: the drawer gives focus back to it when it closes. */
  const detailRow = useRef<number | null>(null);
  const returnToRow = useCallback(() => {
    const index = detailRow.current;
    if (index === null || !gridApi.current) return;
    gridApi.current.ensureIndexVisible(index);
    gridApi.current.setFocusedCell(index, 'trackingNumber');
  }, []);

  const datasource = useMemo(
    () => pagedDatasource((params) => fetchBlock({ startRow: params.startRow, endRow: params.endRow, sort: toSort(params.sortModel) })),
    [fetchBlock],
  );

  useEffect(() => void refreshCount(), [refreshCount]);
  // A new filter or new data in the core: drop cached blocks, keep columns, sort and scroll position.
  useEffect(() => gridApi.current?.purgeInfiniteCache(), [filter, version]);

  const onGridReady = useCallback((e: GridReadyEvent<ShipmentRow>) => {
    gridApi.current = e.api;
  }, []);
  // Kept here too so an export writes the rows in the order on screen.
  const onSortChanged = useCallback((e: SortChangedEvent<ShipmentRow>) => {
    const sorted = e.api
      .getColumnState()
      .filter((c) => c.sort)
      .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0));
    setSort(toSort(sorted.map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }))));
  }, []);

  const onSelectionChanged = useCallback((e: SelectionChangedEvent<ShipmentRow>) => setSelected(e.api.getSelectedRows().map((r) => r.id)), []);
  const refreshSelected = async () => {
    try {
      setRefreshNote(refreshMessage(await refreshTracking(selected)));
    } catch (error) {
      setRefreshNote((error as Error).message);
    }
  };

  return (
    <DropZone>
      <section className="view shipments-view">
        <header className="toolbar">
          <h1>Shipments</h1>
          <input
            className="search"
            type="search"
            placeholder="Search tracking or order number"
            aria-label="Search tracking or order number"
            defaultValue={filter.search ?? ''}
            onKeyDown={(e) => e.key === 'Enter' && setFilter({ search: e.currentTarget.value.trim() || undefined })}
            onBlur={(e) => setFilter({ search: e.currentTarget.value.trim() || undefined })}
          />
          <select
            aria-label="Carrier"
            value={filter.carrier?.[0] ?? ''}
            onChange={(e) => setFilter({ carrier: e.target.value ? [e.target.value as Carrier] : undefined })}
          >
            <option value="">All carriers</option>
            <CarrierOptions />
          </select>
          <select
            aria-label="Status"
            value={filter.status?.[0] ?? ''}
            onChange={(e) => setFilter({ status: e.target.value ? [e.target.value as TrackingStatus] : undefined })}
          >
            <option value="">All statuses</option>
            {TRACKING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          <MoreFilters />
          <span className="count" data-testid="shipment-count">
            {count === null ? '' : `${count.toLocaleString()} shipment${count === 1 ? '' : 's'}`}
          </span>
          <button
            type="button"
            disabled={!selected.length}
            onClick={() => void refreshSelected()}
            title="Ask the carriers about the ticked parcels now instead of at their next scheduled poll"
          >
            Refresh tracking{selected.length ? ` (${selected.length.toLocaleString()})` : ''}
          </button>
          <ExportBar label="these shipments" subject={count ? { kind: 'shipments', filter, sort } : null} print={false} />
        </header>
        <ExportProgress />
        <ImportControls />
        <SyncProgressPanel />
        {error && (
          <p className="error-banner" role="alert">
            {error}
          </p>
        )}
        {refreshNote && (
          <p role="status" data-testid="refresh-message">
            {refreshNote}
          </p>
        )}
        {count === 0 && Object.keys(filter).length === 0 && (
          <div className="empty-state">
            <p>No shipments yet. Connect a shipping platform (Sync settings), import or drop a CSV/XLSX file here — or look around with sample data.</p>
            <button onClick={() => void loadSample()} disabled={loadingSample}>
              {loadingSample ? 'Loading sample data…' : 'Load sample data'}
            </button>
          </div>
        )}
        <div className="grid">
          <AgGridReact<ShipmentRow>
            columnDefs={SHIPMENT_COLUMNS}
            {...PAGED_GRID}
            datasource={datasource}
            getRowId={(p) => String(p.data.id)}
            onGridReady={onGridReady}
            onSortChanged={onSortChanged}
            rowSelection={ROW_SELECTION}
            selectionColumnDef={SELECTION_COLUMN}
            onSelectionChanged={onSelectionChanged}
            defaultColDef={{ resizable: true }}
            onRowClicked={(e) => {
              detailRow.current = e.rowIndex;
              if (e.data) void openDetail(e.data.id);
            }}
            // Enter opens the row's detail from the keyboard; Esc in the drawer brings the keys back here.
            onCellKeyDown={(e) => {
              if ((e.event as KeyboardEvent | null)?.key !== 'Enter' || !e.data) return;
              detailRow.current = e.rowIndex;
              void openDetail(e.data.id);
            }}
          />
        </div>
        <ShipmentDetailDrawer onClosed={returnToRow} />
        <SyncSettingsPanel />
      </section>
    </DropZone>
  );
}
