import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent, ICellRendererParams } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReturnRow, TriageItem } from '../../../src-shared/api';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { downloadText } from '../reconcile/download';
import { plural } from '../reconcile/labels';
import { RETURN_COLUMNS } from './ReturnCells';
import { pagedDatasource } from '../../grid/paged-datasource';
import { PAGED_GRID } from '../../grid/paged-grid';
import { gridHeight, ReturnsGrid, useReturnsHead } from './ReturnsGrid';
import { carrierName, CONDITION_HINTS, CONDITION_LABEL, formatArrival, formatTime, formatWhen, STATE_LABEL } from './labels';
import { CarrierOptions } from '../../app/CarrierOptions';

const RECEIVED_TODAY = { view: 'received_today' } as const;
const INBOUND = { view: 'inbound' } as const;

const rmaOrTracking = (r: ReturnRow) => r.rmaNumber ?? r.trackingNumber ?? r.externalId;

/** Typing settles before the core is asked: one read per pause, not per key. */
function useSettled(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const INBOUND_COLUMNS: ColDef<ReturnRow>[] = [
  ...RETURN_COLUMNS,
  { field: 'shipmentStatus', headerName: 'Carrier status', width: 150, valueFormatter: (p) => p.value?.replace(/_/g, ' ') ?? '—' },
  {
    field: 'expectedArrival',
    headerName: 'Expected arrival',
    width: 160,
    valueFormatter: (p) => (p.data?.state === 'arrived' ? 'In the building' : formatArrival(p.value ?? null)),
  },
  { field: 'reason', headerName: 'Reason', flex: 1, minWidth: 160 },
];
const arrivedFirst = (r: ReturnRow) => (r.state === 'arrived' ? 'arrived' : undefined);

/** In transit back to us, and arrived (carrier says delivered) but not yet scanned at the dock: those first. */
export function InboundTab() {
  const [search, setSearch] = useState('');
  const [carrier, setCarrier] = useState<Carrier | ''>('');
  const [state, setState] = useState<'in_transit' | 'arrived' | ''>('');
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const [shown, setShown] = useState<number | null>(null);
  const total = useReturnsHead(INBOUND)?.count ?? null;
  const typed = useSettled(search.trim());
  const request = useMemo(
    () => ({
      view: 'inbound' as const,
      ...(typed && { search: typed }),
      ...(carrier && { carrier }),
      ...(state && { state }),
      // A range typed backwards is read the right way round.
      ...(dateFrom && { dateFrom: dateTo && dateTo < dateFrom ? dateTo : dateFrom }),
      ...(dateTo && { dateTo: dateFrom && dateTo < dateFrom ? dateFrom : dateTo }),
    }),
    [typed, carrier, state, dateFrom, dateTo],
  );
  const filtered = Object.keys(request).length > 1;
  if (total === 0) return <p className="empty-state">Nothing is on its way back right now.</p>;
  return (
    <div className="inbound">
      <div className="toolbar inbound-filters">
        <span data-testid="inbound-count">
          {total === null || shown === null
            ? ''
            : filtered
              ? `${shown.toLocaleString()} of ${plural(total, 'return')} on the way`
              : `${plural(shown, 'return')} on the way`}
        </span>
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="RMA, order or tracking number"
          aria-label="Search inbound"
        />
        <select value={carrier} onChange={(e) => setCarrier(e.target.value as Carrier | '')} aria-label="Carrier filter">
          <option value="">All carriers</option>
          <CarrierOptions />
        </select>
        <select value={state} onChange={(e) => setState(e.target.value as typeof state)} aria-label="State filter">
          <option value="">In transit and arrived</option>
          <option value="in_transit">{STATE_LABEL.in_transit}</option>
          <option value="arrived">{STATE_LABEL.arrived}</option>
        </select>
        <label>
          Expected from <input type="date" value={dateFrom} onChange={(e) => setDateFrom(e.target.value)} aria-label="Expected from" />
        </label>
        <label>
          to <input type="date" value={dateTo} onChange={(e) => setDateTo(e.target.value)} aria-label="Expected to" />
        </label>
      </div>
      <ReturnsGrid testId="inbound-grid" request={request} columns={INBOUND_COLUMNS} onCount={setShown} rowClass={arrivedFirst} />
    </div>
  );
}

function Description({ id, initial }: { id: number; initial: string }) {
  const update = useAppStore((s) => s.updateTriageItem);
  const [text, setText] = useState(initial);
  return (
    <input
      aria-label="Description"
      className="triage-description"
      value={text}
      maxLength={1000}
      placeholder="What is in the box, labels, paperwork…"
      onChange={(e) => setText(e.target.value)}
      onBlur={() => text.trim() !== initial && void update(id, { description: text.trim() })}
    />
  );
}

function TriageActions({ data }: ICellRendererParams<TriageItem>) {
  const update = useAppStore((s) => s.updateTriageItem);
  if (!data) return null;
  return (
    <>
      <button className="small" onClick={() => void update(data.id, { action: 'accept' })} title="Keep it: it becomes a received return, ready for inspection">
        Accept
      </button>
      <button className="small" onClick={() => void update(data.id, { action: 'reject' })} title="Not ours to keep">
        Reject
      </button>
    </>
  );
}

const TRIAGE_COLUMNS: ColDef<TriageItem>[] = [
  { field: 'scannedAt', headerName: 'Scanned', width: 140, valueFormatter: (p) => formatWhen(p.value ?? null) },
  { field: 'raw', headerName: 'Raw scan', width: 230, cellClass: 'mono' },
  {
    colId: 'readsAs',
    headerName: 'Reads as',
    width: 260,
    cellClass: 'mono',
    valueGetter: (p) => (p.data?.trackingNumber ? `${carrierName(p.data.carrier)} ${p.data.trackingNumber}` : '—'),
  },
  { colId: 'station', headerName: 'Station', width: 180, valueGetter: (p) => (p.data ? `${p.data.station} · ${p.data.operator}` : '') },
  {
    field: 'description',
    headerName: 'Description',
    flex: 1,
    minWidth: 260,
    // Keys typed in the field are the clerk's text, not the grid's navigation.
    suppressKeyboardEvent: () => true,
    cellRenderer: (p: ICellRendererParams<TriageItem>) =>
      p.data ? <Description key={`${p.data.id}:${p.data.description ?? ''}`} id={p.data.id} initial={p.data.description ?? ''} /> : null,
  },
  { colId: 'actions', headerName: '', width: 170, cellRenderer: TriageActions },
];

/** Parcels that matched nothing, newest first: the raw scan, where and when, and a description for whoever sorts it out. */
export function TriageTab() {
  const fetchBlock = useAppStore((s) => s.fetchTriageBlock);
  const version = useAppStore((s) => s.returnsVersion);
  const grid = useRef<GridApi<TriageItem> | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const datasource = useMemo(
    () =>
      pagedDatasource(async (params) => {
        const page = await fetchBlock(params.startRow, params.endRow);
        if (page.rowCount !== undefined) setCount(page.rowCount);
        return page;
      }),
    [fetchBlock],
  );
  // Something changed in the core: the blocks held are read again in place.
  useEffect(() => grid.current?.refreshInfiniteCache(), [version]);
  const onGridReady = useCallback((e: GridReadyEvent<TriageItem>) => {
    grid.current = e.api;
  }, []);
  return (
    <>
      {count === 0 && <p className="empty-state">No unexpected parcels waiting for triage.</p>}
      <div className="returns-grid" data-testid="triage-grid" hidden={count === 0} style={{ height: gridHeight(count) }}>
        <AgGridReact<TriageItem>
          columnDefs={TRIAGE_COLUMNS}
          {...PAGED_GRID}
          datasource={datasource}
          getRowId={(p) => String(p.data.id)}
          onGridReady={onGridReady}
          defaultColDef={{ resizable: true, sortable: false }}
        />
      </div>
    </>
  );
}

/** Not inspected yet: the condition can be given from the list. */
function ConditionCell({ data }: ICellRendererParams<ReturnRow, ReturnRow['condition']>) {
  const saveCondition = useAppStore((s) => s.recordReturnCondition);
  if (!data) return null;
  if (data.condition) return <>{CONDITION_LABEL[data.condition]}</>;
  if (data.state !== 'received') return null;
  return (
    <>
      {CONDITION_HINTS.map((h) => (
        <button key={h.key} className="small" onClick={() => void saveCondition(data.id, h.condition)}>
          {h.label}
        </button>
      ))}
    </>
  );
}

const RECEIVED_COLUMNS: ColDef<ReturnRow>[] = [
  { field: 'receivedAt', headerName: 'Received', width: 110, valueFormatter: (p) => formatTime(p.value ?? null) },
  { field: 'rmaNumber', headerName: 'RMA / label', width: 200, cellClass: 'mono', valueGetter: (p) => (p.data ? rmaOrTracking(p.data) : '') },
  ...RETURN_COLUMNS.filter((c) => c.field === 'orderNumber' || c.field === 'carrier' || c.field === 'state'),
  { field: 'condition', headerName: 'Condition', width: 420, cellRenderer: ConditionCell },
  { field: 'note', headerName: 'Note', flex: 1, minWidth: 160 },
];

/** Everything the dock received today, with its condition; a parcel not inspected yet can be inspected here. */
export function ReceivedTodayTab() {
  const exportCsv = useAppStore((s) => s.exportReceivedToday);
  const [count, setCount] = useState<number | null>(null);
  return (
    <div className="received-today">
      <div className="toolbar">
        <span data-testid="received-count">{count === null ? '' : `${plural(count, 'parcel')} received today`}</span>
        <button
          onClick={() =>
            void exportCsv().then((file) => {
              if (file) downloadText(file.filename, file.csv, 'text/csv;charset=utf-8');
            })
          }
        >
          Export CSV
        </button>
      </div>
      <ReturnsGrid testId="received-grid" request={RECEIVED_TODAY} columns={RECEIVED_COLUMNS} onCount={setCount} />
    </div>
  );
}
