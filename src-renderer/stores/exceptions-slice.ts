import type {
  ExceptionDashboard,
  ExceptionFilter,
  ExceptionRow,
  ExceptionSortColumn,
  ExceptionTimeline,
  NotificationSettings,
  Page,
  SavedView,
  Thresholds,
} from '../../src-shared/api';
import type { ResolutionCode } from '../../src-shared/domain/exceptions/states';
import type { SliceCreator } from './types';

/** The most items `exceptions.list` takes by id at once. */
const IDS_PER_CALL = 1000;
/** Live changes are gathered briefly so a pass that touches many items costs one re-read of the rows on screen. */
const LIVE_DEBOUNCE_MS = 250;
const DASHBOARD_DEBOUNCE_MS = 1000;

export type ExceptionActionRequest =
  | { type: 'assign'; assignee: string | null }
  | { type: 'note'; note: string }
  | { type: 'snooze'; until: string }
  | { type: 'resolve'; code: ResolutionCode; note: string }
  | { type: 'reopen' };

/** One block of the queue grid (AG Grid's infinite row model), in the order of the grid's sorted columns. */
export interface ExceptionBlockRequest {
  startRow: number;
  endRow: number;
  sort: { column: ExceptionSortColumn; direction: 'asc' | 'desc' }[];
}

export interface ExceptionsSlice {
  exceptionFilter: ExceptionFilter;
  exceptionViewName: string | null;
  /** The view's parcel count, from the core with every block read. */
  exceptionTotal: number | null;
  exceptionError: string | null;
  /** Bumped when items changed in the core (an action here, another station, a rules pass): the grid re-reads its blocks in place. */
  exceptionsVersion: number;
  exceptionDashboard: ExceptionDashboard | null;
  savedViews: SavedView[];
  exceptionTimeline: ExceptionTimeline | null;
  exceptionThresholds: Thresholds | null;
  exceptionAlerts: NotificationSettings | null;
  setExceptionFilter(filter: ExceptionFilter, viewName?: string | null): void;
  patchExceptionFilter(patch: Partial<ExceptionFilter>): void;
  /** A block of the queue under the current filter, sorted and filtered in the core; its row count becomes the total. */
  fetchExceptionBlock(request: ExceptionBlockRequest): Promise<Page<ExceptionRow>>;
  refreshExceptionDashboard(): Promise<void>;
  loadSavedViews(): Promise<void>;
  saveCurrentView(name: string): Promise<string | null>;
  deleteSavedView(name: string): Promise<void>;
  /** These parcels as the core has them now, those still in the view (ticked parcels outside the blocks the grid holds). */
  freshExceptionParcels(rows: ExceptionRow[]): Promise<ExceptionRow[]>;
  /** Applies the action to every item of these parcels (rows as the grid holds them); returns the core's message when it refused. */
  exceptionAction(rows: ExceptionRow[], action: ExceptionActionRequest): Promise<string | null>;
  loadExceptionTimeline(shipmentId: number | null): Promise<void>;
  loadExceptionRules(): Promise<void>;
  /** Saves thresholds and alert settings; returns the core's message when it refused either. */
  saveExceptionRules(thresholds: Thresholds, alerts: NotificationSettings): Promise<string | null>;
  /** Follows the core's live changes while the queue is on screen; returns the stop. */
  startExceptionsLive(): () => void;
  /** `exceptions.changed`: followed only while live. */
  exceptionsChanged(): void;
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
  let timelineFor: number | null = null;
  let liveTimer: ReturnType<typeof setTimeout> | null = null;
  let live = false;
  let dashboardTimer: ReturnType<typeof setTimeout> | null = null;

  const identity = () => client.setIdentity({ operator: get().operator ?? undefined, station: get().station || undefined });

  const scheduleDashboard = () => {
    if (dashboardTimer) return;
    dashboardTimer = setTimeout(() => {
      dashboardTimer = null;
      void get().refreshExceptionDashboard();
    }, DASHBOARD_DEBOUNCE_MS);
  };

  /** The rows on screen, the current parcel's history and the dashboard follow a change in the core. */
  const changed = () => {
    set({ exceptionsVersion: get().exceptionsVersion + 1 });
    if (timelineFor !== null) void get().loadExceptionTimeline(timelineFor);
    scheduleDashboard();
  };

  const flushLive = () => {
    liveTimer = null;
    changed();
  };

  return {
    exceptionFilter: {},
    exceptionViewName: null,
    exceptionTotal: null,
    exceptionError: null,
    exceptionsVersion: 0,
    exceptionDashboard: null,
    savedViews: [],
    exceptionTimeline: null,
    exceptionThresholds: null,
    exceptionAlerts: null,

    setExceptionFilter: (filter, viewName = null) => {
      set({ exceptionFilter: cleanFilter(filter), exceptionViewName: viewName });
    },
    patchExceptionFilter: (patch) => get().setExceptionFilter({ ...get().exceptionFilter, ...patch }),

    fetchExceptionBlock: async (request) => {
      const filter = get().exceptionFilter;
      // The "my queue" filter is the caller's operator: the core hears who is signed in before it reads.
      identity();
      try {
        const page = await client.call('exceptions.list', { ...request, filter });
        if (filter === get().exceptionFilter) set({ exceptionTotal: page.rowCount ?? page.lastRow ?? get().exceptionTotal, exceptionError: null });
        return page;
      } catch (error) {
        set({ exceptionError: (error as Error).message });
        throw error;
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

    freshExceptionParcels: async (rows) => {
      const filter = get().exceptionFilter;
      const ids = rows.flatMap((r) => r.facets.map((f) => f.id));
      const fresh: ExceptionRow[] = [];
      identity();
      try {
        for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
          const chunk = ids.slice(i, i + IDS_PER_CALL);
          fresh.push(...(await client.call('exceptions.list', { startRow: 0, endRow: chunk.length, filter, ids: chunk })).rows);
        }
        return fresh;
      } catch (error) {
        set({ exceptionError: (error as Error).message });
        throw error;
      }
    },

    exceptionAction: async (rows, action) => {
      // One parcel, one line of work: the action covers each of its reasons (resolving the cause resolves the parcel).
      // A note is said once, on the parcel's leading item; every other action covers all its reasons.
      const items = rows.flatMap((row) =>
        action.type === 'note' ? [{ id: row.id, version: row.version }] : row.facets.map((f) => ({ id: f.id, version: f.version })),
      );
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
        changed();
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
      };
    },

    exceptionsChanged: () => {
      if (!live) return;
      liveTimer ??= setTimeout(flushLive, LIVE_DEBOUNCE_MS);
    },
  };
};
