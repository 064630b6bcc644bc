import type { SystemStatus } from '../../src-shared/api';
import type { SliceCreator } from './types';

export const VIEWS = ['exceptions', 'reconcile', 'returns', 'shipments', 'reports', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export interface StatusSlice {
  view: View;
  status: SystemStatus | null;
  /** Set when the core cannot be reached at all; views keep what they have. */
  coreUnreachable: boolean;
  setView(view: View): void;
  refreshStatus(): Promise<void>;
}

const VIEW_PREF = 'waybill.view';

/** The view used last on this workstation, else the first of the navigation. */
function initialView(): View {
  const saved = globalThis.localStorage?.getItem(VIEW_PREF);
  return (VIEWS as readonly string[]).includes(saved ?? '') ? (saved as View) : VIEWS[0];
}

export const createStatusSlice: SliceCreator<StatusSlice> = (set, _get, client) => ({
  view: initialView(),
  status: null,
  coreUnreachable: false,
  setView: (view) => {
    globalThis.localStorage?.setItem(VIEW_PREF, view);
    set({ view });
  },
  refreshStatus: async () => {
    try {
      set({ status: await client.call('system.status', {}), coreUnreachable: false });
    } catch {
      set({ coreUnreachable: true });
    }
  },
});
