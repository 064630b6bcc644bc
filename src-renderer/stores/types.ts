import type { StoreApi } from 'zustand';
import type { ApiClient } from '../api';
import type { CarriersSlice } from './carriers-slice';
import type { ExceptionsSlice } from './exceptions-slice';
import type { ExportsSlice } from './exports-slice';
import type { IdentitySlice } from './identity-slice';
import type { ReconcileSlice } from './reconcile-slice';
import type { ReportsSlice } from './reports-slice';
import type { ReturnsSlice } from './returns-slice';
import type { ShipmentsSlice } from './shipments-slice';
import type { StatusSlice } from './status-slice';
import type { SyncSlice } from './sync-slice';
import type { UpdatesSlice } from './updates-slice';

export type AppState = StatusSlice &
  ShipmentsSlice &
  CarriersSlice &
  UpdatesSlice &
  ReconcileSlice &
  ReturnsSlice &
  IdentitySlice &
  ExceptionsSlice &
  SyncSlice &
  ReportsSlice &
  ExportsSlice;

/** A slice gets the store's set/get plus the api client, so actions do the I/O and components never do. */
export type SliceCreator<T> = (set: StoreApi<AppState>['setState'], get: StoreApi<AppState>['getState'], client: ApiClient) => T;
