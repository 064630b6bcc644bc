import type { StoreApi } from 'zustand';
import type { ApiClient } from '../api';
import type { ShipmentsSlice } from './shipments-slice';
import type { StatusSlice } from './status-slice';

export type AppState = StatusSlice & ShipmentsSlice;

/** A slice gets the store's set/get plus the api client, so actions do the I/O and components never do. */
export type SliceCreator<T> = (set: StoreApi<AppState>['setState'], get: StoreApi<AppState>['getState'], client: ApiClient) => T;
