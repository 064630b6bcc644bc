import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent, ValueFormatterParams } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { BOARD_BUCKETS, type BucketRow } from '../../../src-shared/api';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import { pagedDatasource } from '../../grid/paged-datasource';
import { PAGED_GRID } from '../../grid/paged-grid';
import { useAppStore } from '../../stores';
import { BUCKET_LABEL, carrierLabel, VERDICT_LABEL } from './labels';
import { CarrierOptions } from '../../app/CarrierOptions';

const dateTime = (p: ValueFormatterParams<BucketRow, string | null>) =>
  p.value ? new Date(p.value).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '';

const COLUMNS: ColDef<BucketRow>[] = [
  { field: 'trackingNumber', headerName: 'Tracking number', width: 220, pinned: 'left' },
  { field: 'carrier', headerName: 'Carrier', width: 95, valueFormatter: (p) => (p.value ? carrierLabel(p.value) : '') },
  { field: 'verdict', headerName: 'Verdict', width: 160, valueFormatter: (p) => (p.value ? VERDICT_LABEL[p.value as keyof typeof VERDICT_LABEL] : '') },
  { field: 'status', headerName: 'Status', width: 130, valueFormatter: (p) => (p.value ?? '').replace(/_/g, ' ') },
  { field: 'warehouse', headerName: 'Warehouse', width: 110 },
  { field: 'orderNumber', headerName: 'Order', width: 105 },
  { field: 'labelCreatedAt', headerName: 'Label created', width: 160, valueFormatter: dateTime },
  { field: 'scannedAt', headerName: 'Scanned', width: 160, valueFormatter: dateTime },
  { field: 'station', headerName: 'Station', width: 110 },
  { field: 'operator', headerName: 'Operator', width: 110 },
  { field: 'raw', headerName: 'Raw scan', width: 240 },
];

/** Per day, carrier, warehouse and station: the four reconciliation buckets, each opening the parcels behind it. */
export function BoardView() {
  const filter = useAppStore((s) => s.boardFilter);
  const setFilter = useAppStore((s) => s.setBoardFilter);
  const board = useAppStore((s) => s.board);
  const bucket = useAppStore((s) => s.boardBucket);
  const openBucket = useAppStore((s) => s.openBucket);
  const loadBoard = useAppStore((s) => s.loadBoard);
  const fetchBlock = useAppStore((s) => s.fetchBucketBlock);
  const version = useAppStore((s) => s.boardVersion);
  const grid = useRef<GridApi<BucketRow> | null>(null);

  const datasource = useMemo(() => pagedDatasource((params) => fetchBlock(params.startRow, params.endRow)), [fetchBlock]);
  useEffect(() => void loadBoard(), [loadBoard]);
  useEffect(() => grid.current?.purgeInfiniteCache(), [bucket, version]);
  const onGridReady = useCallback((e: GridReadyEvent<BucketRow>) => {
    grid.current = e.api;
  }, []);

  return (
    <div className="board">
      <div className="toolbar board-filters">
        <label>
          Day <input type="date" value={filter.date} onChange={(e) => e.target.value && setFilter({ date: e.target.value })} aria-label="Board day" />
        </label>
        <select
          value={filter.carrier ?? ''}
          onChange={(e) => setFilter({ carrier: (e.target.value || undefined) as Carrier | undefined })}
          aria-label="Board carrier"
        >
          <option value="">All carriers</option>
          <CarrierOptions />
        </select>
        <input
          defaultValue={filter.warehouse ?? ''}
          placeholder="Warehouse"
          aria-label="Board warehouse"
          onBlur={(e) => setFilter({ warehouse: e.target.value.trim() || undefined })}
        />
        <select value={filter.station ?? ''} onChange={(e) => setFilter({ station: e.target.value || undefined })} aria-label="Board station">
          <option value="">All stations</option>
          {[...new Set([...(board?.stations ?? []), ...(filter.station ? [filter.station] : [])])].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label>
          No carrier scan after
          <input
            type="number"
            min={1}
            max={720}
            value={filter.noFirstScanHours ?? 24}
            onChange={(e) => Number(e.target.value) >= 1 && setFilter({ noFirstScanHours: Math.round(Number(e.target.value)) })}
            aria-label="Hours without first carrier scan"
            className="hours"
          />
          h
        </label>
        <button onClick={() => void loadBoard()}>Refresh</button>
      </div>
      <div className="buckets">
        {BOARD_BUCKETS.map((b) => (
          <button
            key={b}
            className={b === bucket ? 'bucket active' : 'bucket'}
            onClick={() => openBucket(b === bucket ? null : b)}
            title={BUCKET_LABEL[b].hint}
            data-testid={`bucket-${b}`}
          >
            <span className="bucket-count">{board ? board.counts[b].toLocaleString() : '…'}</span>
            <span className="bucket-title">{BUCKET_LABEL[b].title}</span>
          </button>
        ))}
      </div>
      {bucket ? (
        <div className="grid">
          <AgGridReact<BucketRow>
            columnDefs={COLUMNS}
            {...PAGED_GRID}
            datasource={datasource}
            getRowId={(p) => p.data.key}
            onGridReady={onGridReady}
            defaultColDef={{ resizable: true, sortable: false }}
          />
        </div>
      ) : (
        <p className="muted-cell">Choose a bucket to see the parcels behind it. {board && BUCKET_LABEL.created_not_scanned.hint}</p>
      )}
    </div>
  );
}
