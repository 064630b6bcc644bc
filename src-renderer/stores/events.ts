import type { StoreApi } from 'zustand';
import type { ApiClient } from '../api';
import type { AppState } from './types';

/** Every core event the window follows, wired to one store action each, in this one place. */
export function wireEvents(client: ApiClient, store: StoreApi<AppState>): void {
  const state = () => store.getState();
  client.on('shipments.changed', () => state().shipmentsChanged());
  client.on('tracking.updated', () => state().shipmentsChanged());
  client.on('sync.progressed', (progress) => state().syncProgressed(progress));
  client.on('system.statusChanged', () => void state().refreshStatus());
  client.on('carriers.healthChanged', () => void state().loadCarriers());
  client.on('exports.progressed', (progress) => state().exportProgressed(progress));
  client.on('exports.finished', (finished) => state().exportFinished(finished));
  client.on('reconcile.scanned', () => state().reconcileScanned());
  client.on('returns.changed', () => state().returnsChanged());
  client.on('exceptions.changed', () => state().exceptionsChanged());
  client.on('hub.statusChanged', (summary) => state().hubChanged(summary));
}
