import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiClient } from '../api';
import { createReconcileSlice } from './reconcile-slice';
import { createReportsSlice } from './reports-slice';
import { createReturnsSlice } from './returns-slice';
import { createCarriersSlice } from './carriers-slice';
import { createExceptionsSlice } from './exceptions-slice';
import { createExportsSlice } from './exports-slice';
import { createHubSlice } from './hub-slice';
import { createIdentitySlice } from './identity-slice';
import { createShipmentsSlice } from './shipments-slice';
import { createStatusSlice } from './status-slice';
import { createSyncSlice } from './sync-slice';
import { createUpdatesSlice } from './updates-slice';
import { wireEvents } from './events';
import type { AppState } from './types';

export type { AppState } from './types';

/** The window's one store, with every core event already wired to it (stores/events.ts). */
export function createAppStore(client: ApiClient): StoreApi<AppState> {
  const store = createStore<AppState>()((set, get) => ({
    ...createStatusSlice(set, get, client),
    ...createShipmentsSlice(set, get, client),
    ...createSyncSlice(set, get, client),
    ...createCarriersSlice(set, get, client),
    ...createUpdatesSlice(set, get, client),
    ...createReconcileSlice(set, get, client),
    ...createReturnsSlice(set, get, client),
    ...createIdentitySlice(set, get, client),
    ...createExceptionsSlice(set, get, client),
    ...createReportsSlice(set, get, client),
    ...createExportsSlice(set, get, client),
    ...createHubSlice(set, get, client),
  }));
  wireEvents(client, store);
  return store;
}

export const StoreContext = createContext<StoreApi<AppState> | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside StoreContext');
  return useStore(store, selector);
}
