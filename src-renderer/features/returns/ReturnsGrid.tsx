import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent, RowClassParams, SortModelItem } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { RETURN_SORT_COLUMNS, type ReturnRow, type ReturnSortColumn } from '../../../src-shared/api';
import { pagedDatasource } from '../../grid/paged-datasource';
import { PAGED_GRID } from '../../grid/paged-grid';
import { useAppStore } from '../../stores';
import type { ReturnBlockRequest } from '../../stores/returns-slice';
import { useLostRaces } from './LostRace';
import type { ReturnsGridContext } from './ReturnCells';

/** The grid theme's row and header heights. */
const ROW_PX = 42;
const HEADER_PX = 52;

/** A short list is shown whole; a long one fills the window below the toolbars and scrolls inside. */
export const gridHeight = (rows: number | null): string => `min(calc(100vh - 240px), ${ROW_PX * Math.max(rows ?? 0, 3) + HEADER_PX}px)`;

const SORTABLE = new Set<string>(RETURN_SORT_COLUMNS);

/** The grid's clicked column, as the core sorts it (one column at a time); none leaves the view's own order. */
const toSort = (model: SortModelItem[]) => {
  const first = model.find((m) => SORTABLE.has(m.colId));
  return first ? { column: first.colId as ReturnSortColumn, direction: first.sort } : undefined;
};

type ListRequest = Omit<ReturnBlockRequest, 'startRow' | 'endRow' | 'sort'>;

/** A returns list's first row and row count, read again whenever returns change (counts beside a grid, "all N parcels"). */
export function useReturnsHead(request: ListRequest): { count: number; first: ReturnRow | null } | null {
  const fetchBlock = useAppStore((s) => s.fetchReturnBlock);
  const version = useAppStore((s) => s.returnsVersion);
  const [head, setHead] = useState<{ count: number; first: ReturnRow | null } | null>(null);
  const key = JSON.stringify(request);
  useEffect(() => {
    let current = true;
    void fetchBlock({ ...(JSON.parse(key) as ListRequest), startRow: 0, endRow: 1 }).then(
      (page) => current && setHead({ count: page.rowCount ?? page.rows.length, first: page.rows[0] ?? null }),
      // The error is on the screen's banner already.
      () => undefined,
    );
    return () => void (current = false);
  }, [fetchBlock, key, version]);
  return head;
}

interface Props {
  testId: string;
  /** The view and filters; a new request reads the list again from the top. */
  request: ListRequest;
  columns: ColDef<ReturnRow>[];
  /** The list's true row count, known from the first block. */
  onCount?(count: number): void;
  rowClass?(row: ReturnRow): string | undefined;
}

/**
 * A returns list of any length (a year of returns is 200k): blocks of 100 read from the core's sorted view as
 * the person scrolls, sorted and filtered there (returns.list), the scrollbar sized by the row count from the
 * first block. Core news re-reads the blocks in place, so the scroll position and the rows ticked stay.
 */
export function ReturnsGrid({ testId, request, columns, onCount, rowClass }: Props) {
  const fetchBlock = useAppStore((s) => s.fetchReturnBlock);
  const version = useAppStore((s) => s.returnsVersion);
  const [count, setCount] = useState<number | null>(null);
  const lost = useLostRaces('return', version);
  const grid = useRef<GridApi<ReturnRow> | null>(null);
  // The datasource is made once; it reads the filters and the count callback as they are now.
  const current = useRef({ request, onCount });
  current.current = { request, onCount };
  const requestKey = JSON.stringify(request);

  const datasource = useMemo(
    () =>
      pagedDatasource(async (params) => {
        const page = await fetchBlock({ ...current.current.request, startRow: params.startRow, endRow: params.endRow, sort: toSort(params.sortModel) });
        if (page.rowCount !== undefined) {
          setCount(page.rowCount);
          current.current.onCount?.(page.rowCount);
        }
        return page;
      }),
    [fetchBlock],
  );
  // New filters: the list from its first row.
  useEffect(() => {
    grid.current?.purgeInfiniteCache();
    grid.current?.ensureIndexVisible(0, 'top');
  }, [requestKey]);
  // Something changed in the core: the blocks held are read again, the old rows shown until the new ones come.
  useEffect(() => grid.current?.refreshInfiniteCache(), [version]);
  useEffect(() => grid.current?.refreshCells({ columns: ['state'], force: true }), [lost]);
  const onGridReady = useCallback((e: GridReadyEvent<ReturnRow>) => {
    grid.current = e.api;
  }, []);
  // One context object for the grid's life, its map replaced: the state cells are redrawn when it changes.
  const context = useRef<ReturnsGridContext>({ lost }).current;
  context.lost = lost;
  const getRowClass = useCallback((p: RowClassParams<ReturnRow>) => (p.data && rowClass ? rowClass(p.data) : undefined), [rowClass]);

  return (
    <div className="returns-grid" data-testid={testId} style={{ height: gridHeight(count) }}>
      <AgGridReact<ReturnRow>
        columnDefs={columns}
        {...PAGED_GRID}
        datasource={datasource}
        getRowId={(p) => String(p.data.id)}
        getRowClass={getRowClass}
        context={context}
        onGridReady={onGridReady}
        defaultColDef={{ resizable: true, sortable: true }}
      />
    </div>
  );
}
