import { AgGridReact } from 'ag-grid-react';
import type { GridApi, GridReadyEvent } from 'ag-grid-community';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ExceptionRow } from '../../../src-shared/api';
import { StoreContext, useAppStore } from '../../stores';
import { refreshMessage } from '../../stores/refresh-messages';
import type { ExceptionActionRequest } from '../../stores/exceptions-slice';
import { pagedDatasource } from '../../grid/paged-datasource';
import { PAGED_GRID } from '../../grid/paged-grid';
import { ActionDialog, type DialogMode } from './ActionDialog';
import { ExportProgress } from '../exports/ExportBar';
import { blockSort, EXCEPTION_COLUMNS, serverSort } from './columns';
import { DashboardTiles } from './DashboardTiles';
import { DetailPanel } from './DetailPanel';
import { FilterBar, MoreFilters, moreFiltersSet } from './FilterBar';
import { IdentityBar } from './IdentityBar';
import { RulesPanel } from './RulesPanel';
import { commandFor, keyLabel, SHORTCUTS, type QueueCommand } from './shortcuts';
import { createTypeahead } from './typeahead';
import './exceptions.css';

const DASHBOARD_PREF = 'waybill.exceptions.dashboard';

const ALL_OPEN = '';
/** How long a key typed after an action waits for the rows on screen to show the action. */
const SETTLE_LIMIT_MS = 5000;

/**
 * The exception queue, one row per parcel, at any length (after an outage it holds 100k+ parcels): AG Grid's
 * infinite row model reads blocks of 100 from the core (exceptions.list), sorted and filtered there, the scrollbar
 * sized by the row count from the first block. A change in the core re-reads the blocks held, in place: the
 * scroll position, the focused row and the ticked parcels (kept by shipment id) stay.
 */
export function ExceptionsView() {
  const filter = useAppStore((s) => s.exceptionFilter);
  const total = useAppStore((s) => s.exceptionTotal);
  const version = useAppStore((s) => s.exceptionsVersion);
  const error = useAppStore((s) => s.exceptionError);
  const operator = useAppStore((s) => s.operator);
  const operators = useAppStore((s) => s.operators);
  const views = useAppStore((s) => s.savedViews);
  const viewName = useAppStore((s) => s.exceptionViewName);
  const setFilter = useAppStore((s) => s.setExceptionFilter);
  const fetchBlock = useAppStore((s) => s.fetchExceptionBlock);
  const freshParcels = useAppStore((s) => s.freshExceptionParcels);
  const refreshDashboard = useAppStore((s) => s.refreshExceptionDashboard);
  const loadViews = useAppStore((s) => s.loadSavedViews);
  const saveView = useAppStore((s) => s.saveCurrentView);
  const deleteView = useAppStore((s) => s.deleteSavedView);
  const act = useAppStore((s) => s.exceptionAction);
  const loadTimeline = useAppStore((s) => s.loadExceptionTimeline);
  const startExport = useAppStore((s) => s.startExport);
  const refreshTracking = useAppStore((s) => s.refreshShipmentTracking);
  const startLive = useAppStore((s) => s.startExceptionsLive);
  const presence = useAppStore((s) => s.presence.exception);
  const watchPresence = useAppStore((s) => s.watchPresence);

  const store = useContext(StoreContext);
  const grid = useRef<GridApi<ExceptionRow> | null>(null);
  const refocusAt = useRef<number | null>(null);
  const [typeahead] = useState(createTypeahead);
  /** The last core change whose rows the grid shows: an action waits for its own before the next key. */
  const appliedVersion = useRef(0);
  /** Set by a new filter until its first block is on screen, which then takes the keys (see below). */
  const awaitingTop = useRef(true);
  const [topShown, setTopShown] = useState(0);
  const dialogOpen = useRef(false);
  const dialogSeq = useRef(0);
  const [current, setCurrent] = useState<ExceptionRow | null>(null);
  /** The parcel whose history the panel has asked for: a re-read of the same parcel needs no second read (the slice follows changes). */
  const timelineOf = useRef<number | null>(null);
  const [dialog, setDialog] = useState<{ mode: DialogMode; rows: ExceptionRow[]; seq: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [viewDraft, setViewDraft] = useState('');
  const [rulesOpen, setRulesOpen] = useState(false);
  const [moreFilters, setMoreFilters] = useState(false);
  // On a short screen the grid comes first: the dashboard starts folded, and the choice is remembered.
  const [dashboardOpen, setDashboardOpen] = useState(() => (localStorage.getItem(DASHBOARD_PREF) ?? String(window.innerHeight >= 800)) === 'true');
  const toggleDashboard = () => {
    localStorage.setItem(DASHBOARD_PREF, String(!dashboardOpen));
    setDashboardOpen(!dashboardOpen);
  };

  useEffect(() => typeahead.install(), [typeahead]);

  useEffect(() => {
    void refreshDashboard();
    void loadViews();
    return startLive();
  }, [refreshDashboard, loadViews, startLive]);
  useEffect(() => watchPresence('exception'), [watchPresence]);
  // The "Open at" column reads the grid's context: new presence repaints that column only.
  const presenceContext = useMemo(() => ({ presence: new Map((presence ?? []).map((p) => [p.id, p])) }), [presence]);
  useEffect(() => {
    grid.current?.setGridOption('context', presenceContext);
    grid.current?.refreshCells({ columns: ['openAt'], force: true });
  }, [presenceContext]);

  const datasource = useMemo(
    () =>
      pagedDatasource(async (params) => {
        const page = await fetchBlock({ startRow: params.startRow, endRow: params.endRow, sort: blockSort(params.sortModel) });
        if (params.startRow === 0 && awaitingTop.current) {
          awaitingTop.current = false;
          // After the grid has taken the block: the effect below focuses its first row.
          setTimeout(() => setTopShown((n) => n + 1), 0);
        }
        return page;
      }),
    [fetchBlock],
  );

  // A new filter: the list from its first parcel; parcels ticked before stay ticked only if they are in the new view.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    const api = grid.current;
    if (!api) return;
    awaitingTop.current = true;
    api.purgeInfiniteCache();
    api.ensureIndexVisible(0, 'top');
    void followSelection(api);
  }, [filterKey]);

  // Items changed in the core: the blocks held are read again, the old rows shown until the new ones come.
  useEffect(() => {
    const api = grid.current;
    if (!api || !version) return;
    api.refreshInfiniteCache();
    void Promise.all([blocksLoaded(api), followSelection(api)]).then(() => {
      appliedVersion.current = Math.max(appliedVersion.current, version);
      // The row the operator just acted on may have left the view: stay at the same place in the list.
      if (refocusAt.current === null) return;
      focusRow(api, refocusAt.current);
      refocusAt.current = null;
    });
  }, [version]);

  /**
   * Ticked parcels may lie outside the blocks the grid holds: they are read again by id, so a bulk action sends
   * their current versions, and a parcel that left the view (resolved here or at another station) is unticked.
   */
  const followSelection = useCallback(
    async (api: GridApi<ExceptionRow>) => {
      const ticked = api.getSelectedNodes().flatMap((node) => (node.data ? [{ node, row: node.data }] : []));
      if (!ticked.length) return;
      // Unread (the core refused or is gone): the ticks stay as they are; the error is on the screen's banner.
      const read = await freshParcels(ticked.map((t) => t.row)).catch(() => null);
      if (!read) return;
      const fresh = new Map(read.map((r) => [r.shipmentId, r]));
      for (const { node, row } of ticked) {
        const now = fresh.get(row.shipmentId);
        if (now) node.setData(now);
      }
      const gone = ticked.filter((t) => !fresh.has(t.row.shipmentId)).map((t) => t.node);
      if (gone.length) api.setNodesSelected({ nodes: gone, newValue: false });
    },
    [freshParcels],
  );

  // Opened, a new filter shown, or just signed in: the keys go to the grid (or, with nobody signed in, to the sign-in field).
  useEffect(() => {
    const api = grid.current;
    const active = document.activeElement;
    if (!api || !api.getDisplayedRowCount() || (active && active !== document.body && !active.closest('.identity-bar, nav'))) return;
    if (!operator) return document.querySelector<HTMLInputElement>('[aria-label="Operator name or badge"]')?.focus();
    focusRow(api, api.getFocusedCell()?.rowIndex ?? 0);
  }, [operator, topShown]);

  const onGridReady = useCallback((e: GridReadyEvent<ExceptionRow>) => {
    grid.current = e.api;
  }, []);

  /**
   * The detail panel shows the row the keys are on: a newly focused row, its fresh copy after a re-read, another
   * parcel moved into its place, or its block arriving after a jump.
   */
  const followFocusedRow = useCallback(() => {
    const api = grid.current;
    const index = api?.getFocusedCell()?.rowIndex;
    const row = index === undefined || index === null ? null : (api?.getDisplayedRowAtIndex(index)?.data ?? null);
    setCurrent(row);
    if ((row?.shipmentId ?? null) === timelineOf.current) return;
    timelineOf.current = row?.shipmentId ?? null;
    void loadTimeline(timelineOf.current);
  }, [loadTimeline]);

  const targets = useCallback((): ExceptionRow[] => {
    const selected = grid.current?.getSelectedRows() ?? [];
    if (selected.length) return selected;
    const index = grid.current?.getFocusedCell()?.rowIndex;
    const row = index === undefined || index === null ? null : grid.current?.getDisplayedRowAtIndex(index)?.data;
    return row ? [row] : [];
  }, []);

  const runAction = useCallback(
    async (rows: ExceptionRow[], request: ExceptionActionRequest): Promise<string | null> => {
      refocusAt.current = grid.current?.getFocusedCell()?.rowIndex ?? null;
      typeahead.hold();
      const refused = await act(rows, request);
      // Keys typed meanwhile act on the row that is current once the change is on screen.
      const seq = store?.getState().exceptionsVersion ?? 0;
      for (let waited = 0; appliedVersion.current < seq && waited < SETTLE_LIMIT_MS; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      setMessage(refused);
      // A dialog releases the keys itself, once it has closed or shown the refusal.
      if (!dialogOpen.current) typeahead.release();
      return refused;
    },
    [act, typeahead, store],
  );

  const command = useCallback(
    (name: QueueCommand) => {
      const api = grid.current;
      if (!api) return;
      const focused = api.getFocusedCell()?.rowIndex ?? -1;
      const count = api.getDisplayedRowCount();
      const chosen = targets();
      const needsItems = !['down', 'up', 'export', 'search'].includes(name);
      if (needsItems && !chosen.length) return setMessage('Move to an exception first (j / k).');
      // Selecting and asking the carrier again change no item, so they need nobody signed in.
      if (needsItems && name !== 'select' && name !== 'refresh' && !operator) return setMessage('Sign in first: type your name or scan your badge above.');
      switch (name) {
        case 'down':
        case 'up':
          if (count) focusRow(api, Math.max(0, Math.min(count - 1, focused + (name === 'down' ? 1 : -1))));
          return;
        case 'select': {
          const node = focused >= 0 ? api.getDisplayedRowAtIndex(focused) : undefined;
          node?.setSelected(!node.isSelected());
          return;
        }
        case 'assign':
          return void runAction(chosen, { type: 'assign', assignee: operator });
        case 'unassign':
          return void runAction(chosen, { type: 'assign', assignee: null });
        case 'reopen':
          return void runAction(chosen, { type: 'reopen' });
        case 'snooze':
        case 'resolve':
        case 'note':
          // Held until the dialog has focus: the keys that follow are meant for it.
          typeahead.hold();
          dialogOpen.current = true;
          return setDialog({ mode: name, rows: chosen, seq: ++dialogSeq.current });
        case 'refresh':
          return void refreshTracking([...new Set(chosen.map((r) => r.shipmentId))]).then(
            (result) => setMessage(refreshMessage(result)),
            (error: Error) => setMessage(error.message),
          );
        case 'export':
          // The core writes the whole view, not just the rows this window holds.
          return void startExport({ kind: 'exceptions', filter, sort: serverSort(api.getColumnState()) }, 'csv');
        case 'search':
          return document.getElementById('exception-search')?.focus();
      }
    },
    [operator, runAction, targets, startExport, filter, refreshTracking, typeahead],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The ref, not the state: a replayed key may come before the closed dialog has left the page.
      if (dialogOpen.current || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      if (target.closest('[role="dialog"]')) return;
      if (target.closest('input, textarea, select')) {
        // Escape leaves a filter field and hands the keys back to the queue.
        if (e.key === 'Escape') {
          target.blur();
          const index = grid.current?.getFocusedCell()?.rowIndex;
          if (grid.current && index !== undefined && index !== null) focusRow(grid.current, index);
        }
        return;
      }
      const name = commandFor(e.key);
      if (!name) return;
      // Inside the grid the arrow keys are the grid's own.
      if ((name === 'down' || name === 'up') && e.key.startsWith('Arrow') && target.closest('.ag-root')) return;
      e.preventDefault();
      command(name);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [command]);

  const closeDialog = () => {
    setDialog(null);
    dialogOpen.current = false;
    const index = grid.current?.getFocusedCell()?.rowIndex;
    if (grid.current && index !== undefined && index !== null) focusRow(grid.current, index);
    // Once the dialog has left the page, the keys typed ahead go to the queue.
    setTimeout(() => typeahead.release(), 0);
  };

  return (
    <section className="view exceptions-view">
      <header className="toolbar">
        <h1>Exceptions</h1>
        <IdentityBar />
        <button type="button" className="link" onClick={toggleDashboard} aria-expanded={dashboardOpen}>
          {dashboardOpen ? 'Hide dashboard' : 'Show dashboard'}
        </button>
        <button type="button" className="link" onClick={() => setRulesOpen(!rulesOpen)} aria-expanded={rulesOpen}>
          Rules &amp; alerts
        </button>
      </header>
      {rulesOpen && <RulesPanel onClose={() => setRulesOpen(false)} />}
      {dashboardOpen && <DashboardTiles />}
      <div className="toolbar views-bar">
        <select
          aria-label="Saved view"
          value={viewName ?? ALL_OPEN}
          onChange={(e) => {
            const view = views.find((v) => v.name === e.target.value);
            setFilter(view?.filter ?? {}, view?.name ?? null);
          }}
        >
          <option value={ALL_OPEN}>{viewName === null && Object.keys(filter).length ? 'Custom filter' : 'All open'}</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
        <FilterBar />
        <button type="button" onClick={() => setMoreFilters(!moreFilters)} aria-expanded={moreFilters}>
          More filters{moreFiltersSet(filter) ? ` (${moreFiltersSet(filter)})` : ''}
        </button>
        <button type="button" onClick={() => setFilter({})} disabled={!Object.keys(filter).length}>
          Clear filters
        </button>
      </div>
      {moreFilters && (
        <div className="toolbar filter-bar" data-testid="more-filters">
          <MoreFilters />
          <input
            aria-label="Save view as"
            placeholder="Save this view as…"
            value={viewDraft}
            onChange={(e) => setViewDraft(e.target.value)}
            onKeyDown={async (e) => {
              if (e.key !== 'Enter' || !viewDraft.trim()) return;
              const refused = await saveView(viewDraft);
              setMessage(refused);
              if (!refused) setViewDraft('');
            }}
          />
          {viewName && !views.find((v) => v.name === viewName)?.builtIn && (
            <button type="button" onClick={() => void deleteView(viewName)}>
              Delete view
            </button>
          )}
        </div>
      )}
      <div className="toolbar action-bar">
        <button type="button" onClick={() => command('assign')}>
          Assign to me <kbd>a</kbd>
        </button>
        <select
          aria-label="Assign to"
          value=""
          onChange={(e) => {
            const rows = targets();
            if (!rows.length) return setMessage('Move to an exception first (j / k).');
            if (!operator) return setMessage('Sign in first: type your name or scan your badge above.');
            void runAction(rows, { type: 'assign', assignee: e.target.value || null });
          }}
        >
          <option value="">Assign to…</option>
          {operators.map((o) => (
            <option key={o.name} value={o.name}>
              {o.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => command('snooze')}>
          Snooze <kbd>s</kbd>
        </button>
        <button type="button" onClick={() => command('resolve')}>
          Resolve <kbd>r</kbd>
        </button>
        <button type="button" onClick={() => command('note')}>
          Note <kbd>n</kbd>
        </button>
        <button type="button" onClick={() => command('reopen')}>
          Reopen <kbd>o</kbd>
        </button>
        <button type="button" onClick={() => command('refresh')}>
          Refresh tracking <kbd>t</kbd>
        </button>
        <button type="button" onClick={() => command('export')}>
          Export CSV <kbd>e</kbd>
        </button>
        {(message || error) && (
          <span className="action-message" role="alert" data-testid="exception-message">
            {message ?? error}
          </span>
        )}
        <span className="count" data-testid="exception-count">
          {total === null ? '' : `${total.toLocaleString()} parcel${total === 1 ? '' : 's'}`}
        </span>
      </div>
      <ExportProgress />
      <div className="exceptions-body">
        <div className="grid">
          <AgGridReact<ExceptionRow>
            columnDefs={EXCEPTION_COLUMNS}
            {...PAGED_GRID}
            datasource={datasource}
            // Every change in the core re-reads the blocks held (a rules pass sends many): a thousand rows is plenty to hold.
            maxBlocksInCache={10}
            getRowId={(p) => String(p.data.shipmentId)}
            onGridReady={onGridReady}
            onCellFocused={followFocusedRow}
            onModelUpdated={followFocusedRow}
            context={presenceContext}
            rowSelection={{ mode: 'multiRow', enableClickSelection: false }}
            defaultColDef={{ resizable: true }}
            tooltipShowDelay={300}
            // Eighteen columns are cheap to keep rendered; the keyboard flow never waits for a column to appear.
            suppressColumnVirtualisation
            animateRows={false}
          />
        </div>
        <DetailPanel
          row={current}
          onReopen={() => {
            // The timeline read again shows the reopening, which settles the lost-race note.
            if (current) void runAction([current], { type: 'reopen' }).then(() => loadTimeline(current.shipmentId));
          }}
          onRedo={(mode) => (current ? setDialog({ mode, rows: [current], seq: ++dialogSeq.current }) : undefined)}
        />
      </div>
      {/* Focusable: on a narrow window the one line scrolls sideways, and the keyboard must reach it too. */}
      <footer className="shortcuts" aria-label="Keyboard shortcuts" tabIndex={0}>
        {SHORTCUTS.map((s) => (
          <span key={s.command}>
            {s.keys.map((k) => (
              <kbd key={k}>{keyLabel(k)}</kbd>
            ))}{' '}
            {s.label}
          </span>
        ))}
      </footer>
      {dialog && (
        <ActionDialog
          // A new dialog each time, even when one closes and the next opens in the same render.
          key={dialog.seq}
          mode={dialog.mode}
          count={dialog.rows.length}
          onSubmit={(request) => runAction(dialog.rows, request)}
          onReady={() => typeahead.release()}
          onClose={closeDialog}
        />
      )}
    </section>
  );
}

/** The keys go to this row, or to the last one when the list has become shorter (a narrower filter, parcels resolved). */
function focusRow(api: GridApi<ExceptionRow>, wanted: number) {
  const index = Math.min(wanted, api.getDisplayedRowCount() - 1);
  if (index < 0) return;
  api.ensureIndexVisible(index);
  api.setFocusedCell(index, 'priority');
}

/** Resolves once every block the grid holds has its rows from the core (a refresh re-reads them all), or after the limit. */
async function blocksLoaded(api: GridApi<ExceptionRow>): Promise<void> {
  const pending = () =>
    !api.isDestroyed() &&
    Object.values(api.getCacheBlockState() as Record<string, { pageStatus: string }>).some(
      (b) => b.pageStatus === 'needsLoading' || b.pageStatus === 'loading',
    );
  for (let waited = 0; pending() && waited < SETTLE_LIMIT_MS; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}
