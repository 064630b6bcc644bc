import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiClient } from '../api';
import { createShipmentsSlice } from './shipments-slice';
import { createStatusSlice } from './status-slice';
import type { AppState } from './types';

export type { AppState } from './types';

export function createAppStore(client: ApiClient): StoreApi<AppState> {
  return createStore<AppState>()((set, get) => ({
    ...createStatusSlice(set, get, client),
    ...createShipmentsSlice(set, get, client),
  }));
}

export const StoreContext = createContext<StoreApi<AppState> | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside StoreContext');
  return useStore(store, selector);
}
