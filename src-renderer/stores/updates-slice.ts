import type { UpdatesStatus } from '../../src-shared/api';
import type { SliceCreator } from './types';

export interface UpdatesSlice {
  updates: UpdatesStatus | null;
  updateError: string | null;
  refreshUpdates(): Promise<void>;
  restartToUpdate(): Promise<void>;
}

export const createUpdatesSlice: SliceCreator<UpdatesSlice> = (set, _get, client) => ({
  updates: null,
  updateError: null,
  refreshUpdates: async () => {
    try {
      set({ updates: await client.call('updates.status', {}) });
    } catch {
      // The status bar already says when the core cannot be reached; the banner just keeps what it has.
    }
  },
  restartToUpdate: async () => {
    try {
      set({ updates: await client.call('updates.restartNow', {}), updateError: null });
    } catch (error) {
      set({ updateError: (error as Error).message });
    }
  },
});
