import type { ExceptionDashboard, ExceptionFilter, ExceptionRow, ExceptionTimeline, NotificationSettings, SavedView, Thresholds } from '../../src-shared/api';
import type { ResolutionCode } from '../../src-shared/domain/exceptions/states';
import type { SliceCreator } from './types';

/** The queue is paged into the grid up to this many rows; narrower filters show the rest. */
export const MAX_LOADED_EXCEPTIONS = 5000;
const BLOCK = 1000;
/** Live changes are gathered briefly so a pass that touches many items costs one round trip. */
const LIVE_DEBOUNCE_MS = 250;
/** Beyond this many changed items at once, re-reading the view is cheaper than asking item by item. */
const RELOAD_THRESHOLD = 500;
const DASHBOARD_DEBOUNCE_MS = 1000;

export type ExceptionActionRequest =
  | { type: 'assign'; assignee: string | null }
  | { type: 'note'; note: string }
  | { type: 'snooze'; until: string }
  | { type: 'resolve'; code: ResolutionCode; note: string }
  | { type: 'reopen' };

/** A row transaction for the grid: applied as-is, so scroll, selection and sort stay where the user left them. */
export interface ExceptionDelta {
  seq: number;
  add: ExceptionRow[];
  update: ExceptionRow[];
  remove: ExceptionRow[];
}

export interface ExceptionsSlice {
  exceptionFilter: ExceptionFilter;
  exceptionViewName: string | null;
  exceptionRows: ExceptionRow[];
  exceptionTotal: number | null;
  exceptionsLoading: boolean;
  exceptionError: string | null;
  /** Bumped when the rows were replaced wholesale (new filter); the grid then takes them as its row data. */
  exceptionsLoadSeq: number;
  exceptionDelta: ExceptionDelta | null;
  exceptionDashboard: ExceptionDashboard | null;
  savedViews: SavedView[];
  exceptionTimeline: ExceptionTimeline | null;
  exceptionThresholds: Thresholds | null;
  exceptionAlerts: NotificationSettings | null;
  setExceptionFilter(filter: ExceptionFilter, viewName?: string | null): void;
  patchExceptionFilter(patch: Partial<ExceptionFilter>): void;
  reloadExceptions(): Promise<void>;
  refreshExceptionDashboard(): Promise<void>;
  loadSavedViews(): Promise<void>;
  saveCurrentView(name: string): Promise<string | null>;
  deleteSavedView(name: string): Promise<void>;
  /** Applies the action to every item of these parcels (shipment ids); returns the core's message when it refused. */
  exceptionAction(shipmentIds: number[], action: ExceptionActionRequest): Promise<string | null>;
  loadExceptionTimeline(shipmentId: number | null): Promise<void>;
  loadExceptionRules(): Promise<void>;
  /** Saves thresholds and alert settings; returns the core's message when it refused either. */
  saveExceptionRules(thresholds: Thresholds, alerts: NotificationSettings): Promise<string | null>;
  /** Follows the core's live changes while the queue is on screen; returns the stop. */
  startExceptionsLive(): () => void;
  /** `exceptions.changed`: followed only while live. */
  exceptionsChanged(ids: number[]): void;
}

/** Empty choices mean "any": the core gets no empty lists. */
function cleanFilter(filter: ExceptionFilter): ExceptionFilter {
  const next: Record<string, unknown> = { ...filter };
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
  }
  return next as ExceptionFilter;
}

export const createExceptionsSlice: SliceCreator<ExceptionsSlice> = (set, get, client) => {
  let loadToken = 0;
  let deltaSeq = 0;
  let timelineFor: number | null = null;
  const pendingIds = new Set<number>();
  let liveTimer: ReturnType<typeof setTimeout> | null = null;
  let live = false;
  let dashboardTimer: ReturnType<typeof setTimeout> | null = null;

  const identity = () => client.setIdentity({ operator: get().operator ?? undefined, station: get().station || undefined });

  /**
   * Re-reads the parcels of these changed items under the current filter and turns the answer into a row
   * transaction; rows are parcels, keyed by shipment.
   */
  async function refreshItems(ids: number[]): Promise<ExceptionRow[]> {
    const filter = get().exceptionFilter;
    const matching: ExceptionRow[] = [];
    for (let i = 0; i < ids.length; i += BLOCK) {
      const chunk = ids.slice(i, i + BLOCK);
      const page = await client.call('exceptions.list', { startRow: 0, endRow: chunk.length, filter, ids: chunk });
      matching.push(...page.rows);
    }
    if (filter !== get().exceptionFilter) return [];
    // The count loaded with the rows may predate rows its later blocks brought: read it again with the change.
    void client.call('exceptions.count', { filter }).then(
      ({ count }) => filter === get().exceptionFilter && !get().exceptionsLoading && set({ exceptionTotal: count }),
      () => undefined,
    );
    const current = new Map(get().exceptionRows.map((r) => [r.shipmentId, r]));
    const parcelOfItem = new Map(get().exceptionRows.flatMap((r) => r.facets.map((f) => [f.id, r.shipmentId] as const)));
    const found = new Map(matching.map((r) => [r.shipmentId, r]));
    const add = matching.filter((r) => !current.has(r.shipmentId));
    const update = matching.filter((r) => current.has(r.shipmentId));
    const touched = new Set(ids.flatMap((id) => parcelOfItem.get(id) ?? []));
    const remove = [...touched].filter((shipment) => !found.has(shipment)).map((shipment) => current.get(shipment) as ExceptionRow);
    if (!add.length && !update.length && !remove.length) return matching;
    const removed = new Set(remove.map((r) => r.shipmentId));
    const rows = [
      ...get()
        .exceptionRows.filter((r) => !removed.has(r.shipmentId))
        .map((r) => found.get(r.shipmentId) ?? r),
      ...add,
    ];
    const total = get().exceptionTotal;
    set({
      exceptionRows: rows,
      exceptionTotal: total === null ? null : total + add.length - remove.length,
      exceptionDelta: { seq: ++deltaSeq, add, update, remove },
    });
    return matching;
  }

  const scheduleDashboard = () => {
    if (dashboardTimer) return;
    dashboardTimer = setTimeout(() => {
      dashboardTimer = null;
      void get().refreshExceptionDashboard();
    }, DASHBOARD_DEBOUNCE_MS);
  };

  const flushLive = () => {
    liveTimer = null;
    // A reload in flight answers from an older read and would undo what is applied now: apply it after.
    if (get().exceptionsLoading) {
      liveTimer = setTimeout(flushLive, LIVE_DEBOUNCE_MS);
      return;
    }
    const ids = [...pendingIds];
    pendingIds.clear();
    // Another station acted on the parcel on screen, or a pass opened a new reason on it: its history shows that too.
    const shown = timelineFor !== null && get().exceptionRows.some((r) => r.shipmentId === timelineFor && r.facets.some((f) => ids.includes(f.id)));
    const refreshTimeline = () => timelineFor !== null && void get().loadExceptionTimeline(timelineFor);
    if (ids.length > RELOAD_THRESHOLD) void get().reloadExceptions();
    else
      void refreshItems(ids).then(
        (rows) => !shown && rows.some((r) => r.shipmentId === timelineFor) && refreshTimeline(),
        (error) => set({ exceptionError: (error as Error).message }),
      );
    if (shown) refreshTimeline();
    scheduleDashboard();
  };

  return {
    exceptionFilter: {},
    exceptionViewName: null,
    exceptionRows: [],
    exceptionTotal: null,
    exceptionsLoading: false,
    exceptionError: null,
    exceptionsLoadSeq: 0,
    exceptionDelta: null,
    exceptionDashboard: null,
    savedViews: [],
    exceptionTimeline: null,
    exceptionThresholds: null,
    exceptionAlerts: null,

    setExceptionFilter: (filter, viewName = null) => {
      set({ exceptionFilter: cleanFilter(filter), exceptionViewName: viewName });
      void get().reloadExceptions();
    },
    patchExceptionFilter: (patch) => get().setExceptionFilter({ ...get().exceptionFilter, ...patch }),

    reloadExceptions: async () => {
      const token = ++loadToken;
      const filter = get().exceptionFilter;
      identity();
      set({ exceptionsLoading: true });
      try {
        const [{ count }, first] = await Promise.all([
          client.call('exceptions.count', { filter }),
          client.call('exceptions.list', { startRow: 0, endRow: BLOCK, filter }),
        ]);
        const rows = [...first.rows];
        for (let start = BLOCK; first.lastRow === null && start < Math.min(count, MAX_LOADED_EXCEPTIONS); start += BLOCK) {
          const page = await client.call('exceptions.list', { startRow: start, endRow: start + BLOCK, filter });
          if (token !== loadToken) return;
          rows.push(...page.rows);
          if (page.lastRow !== null) break;
        }
        if (token !== loadToken) return;
        set({ exceptionRows: rows, exceptionTotal: count, exceptionsLoadSeq: get().exceptionsLoadSeq + 1, exceptionError: null });
      } catch (error) {
        if (token === loadToken) set({ exceptionError: (error as Error).message });
      } finally {
        if (token === loadToken) set({ exceptionsLoading: false });
      }
    },

    refreshExceptionDashboard: async () => {
      try {
        set({ exceptionDashboard: await client.call('exceptions.dashboard', {}) });
      } catch (error) {
        set({ exceptionError: (error as Error).message });
      }
    },

    loadSavedViews: async () => {
      set({ savedViews: await client.call('exceptions.views.list', {}) });
    },
    saveCurrentView: async (name) => {
      try {
        set({ savedViews: await client.call('exceptions.views.save', { name, filter: get().exceptionFilter }), exceptionViewName: name.trim() });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },
    deleteSavedView: async (name) => {
      set({ savedViews: await client.call('exceptions.views.delete', { name }), exceptionViewName: null });
    },

    exceptionAction: async (shipmentIds, action) => {
      // One parcel, one line of work: the action covers each of its reasons (resolving the cause resolves the parcel).
      const byParcel = new Map(get().exceptionRows.map((r) => [r.shipmentId, r]));
      // A note is said once, on the parcel's leading item; every other action covers all its reasons.
      const items = shipmentIds.flatMap((id) => {
        const row = byParcel.get(id);
        if (!row) return [];
        return action.type === 'note' ? [{ id: row.id, version: row.version }] : row.facets.map((f) => ({ id: f.id, version: f.version }));
      });
      if (!items.length) return 'Select an exception first.';
      identity();
      try {
        switch (action.type) {
          case 'assign':
            await client.call('exceptions.assign', { items, assignee: action.assignee });
            break;
          case 'note':
            await client.call('exceptions.note', { items, note: action.note });
            break;
          case 'snooze':
            await client.call('exceptions.snooze', { items, until: action.until });
            break;
          case 'resolve':
            await client.call('exceptions.resolve', { items, code: action.code, note: action.note || undefined });
            break;
          case 'reopen':
            await client.call('exceptions.reopen', { items });
            break;
        }
        return null;
      } catch (error) {
        return (error as Error).message;
      } finally {
        // Refused or not, show the items as the core has them now (a conflict means someone else changed them).
        await refreshItems(items.map((i) => i.id)).catch(() => undefined);
        scheduleDashboard();
        if (timelineFor !== null) void get().loadExceptionTimeline(timelineFor);
      }
    },

    loadExceptionTimeline: async (shipmentId) => {
      timelineFor = shipmentId;
      if (shipmentId === null) return set({ exceptionTimeline: null });
      try {
        const timeline = await client.call('exceptions.timeline', { shipmentId });
        if (timelineFor === shipmentId) set({ exceptionTimeline: timeline });
      } catch (error) {
        set({ exceptionError: (error as Error).message });
      }
    },

    loadExceptionRules: async () => {
      const [thresholds, alerts] = await Promise.all([client.call('exceptions.thresholds.get', {}), client.call('exceptions.notifications.get', {})]);
      set({ exceptionThresholds: thresholds, exceptionAlerts: alerts });
    },
    saveExceptionRules: async (thresholds, alerts) => {
      try {
        set({
          exceptionThresholds: await client.call('exceptions.thresholds.set', thresholds),
          exceptionAlerts: await client.call('exceptions.notifications.set', alerts),
        });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },

    startExceptionsLive: () => {
      live = true;
      return () => {
        live = false;
        if (liveTimer) clearTimeout(liveTimer);
        liveTimer = null;
        pendingIds.clear();
      };
    },

    exceptionsChanged: (ids) => {
      if (!live) return;
      ids.forEach((id) => pendingIds.add(id));
      liveTimer ??= setTimeout(flushLive, LIVE_DEBOUNCE_MS);
    },
  };
};
