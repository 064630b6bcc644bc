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

export const createStatusSlice: SliceCreator<StatusSlice> = (set, _get, client) => ({
  view: 'shipments',
  status: null,
  coreUnreachable: false,
  setView: (view) => set({ view }),
  refreshStatus: async () => {
    try {
      set({ status: await client.call('system.status', {}), coreUnreachable: false });
    } catch {
      set({ coreUnreachable: true });
    }
  },
});
