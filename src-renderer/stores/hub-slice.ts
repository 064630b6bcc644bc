import type { HubConnectArg, HubStatusDetail, HubSummary } from '../../src-shared/api';
import type { SliceCreator } from './types';

export type HubAddress = HubConnectArg['address'];

export interface HubSlice {
  /** The status bar's line: the last summary the core sent (or the last full status read). */
  hub: HubSummary | null;
  /** The panel and Settings: what the hub itself says (leaders, stations), read on demand. */
  hubDetail: HubStatusDetail | null;
  hubLoading: boolean;
  /** The outcome of the last test, connect or disconnect, as the Settings section shows it. */
  hubMessage: { tone: 'ok' | 'error'; text: string } | null;
  hubBusy: boolean;
  hubChanged(summary: HubSummary): void;
  loadHub(): Promise<void>;
  testHub(address: HubAddress): Promise<void>;
  connectHub(address: HubAddress, station: { name?: string; role?: 'packing' | 'returns' | 'office' }): Promise<void>;
  disconnectHub(): Promise<void>;
}

const failed = (error: unknown) => ({ hubMessage: { tone: 'error' as const, text: (error as Error).message }, hubBusy: false });

export const createHubSlice: SliceCreator<HubSlice> = (set, get, client) => ({
  hub: null,
  hubDetail: null,
  hubLoading: false,
  hubMessage: null,
  hubBusy: false,
  hubChanged: (summary) => set({ hub: summary }),
  loadHub: async () => {
    set({ hubLoading: true });
    try {
      const detail = await client.call('hub.status', {});
      set({ hub: detail, hubDetail: detail, hubLoading: false });
    } catch {
      // The status bar keeps its last line; "core not reachable" is said beside it already.
      set({ hubLoading: false });
    }
  },
  testHub: async (address) => {
    set({ hubBusy: true, hubMessage: null });
    try {
      const result = await client.call('hub.test', { address });
      set({
        hubBusy: false,
        hubMessage: result.ok
          ? { tone: 'ok', text: `The hub answers: ${result.hub}, schema version ${result.schemaVersion}.` }
          : { tone: 'error', text: `The hub did not answer: ${result.error}.` },
      });
    } catch (error) {
      set(failed(error));
    }
  },
  connectHub: async (address, station) => {
    set({ hubBusy: true, hubMessage: null });
    try {
      const result = await client.call('hub.connect', { address, station });
      const when =
        result.takesEffect === 'now' ? 'Replication has started.' : 'Replication starts when Waybill restarts: close and reopen it (or restart browser mode).';
      set({ hubBusy: false, hubMessage: { tone: 'ok', text: `Connected to ${result.hub} as ${result.station.name} (${result.station.role}). ${when}` } });
      await get().loadHub();
    } catch (error) {
      set(failed(error));
    }
  },
  disconnectHub: async () => {
    set({ hubBusy: true, hubMessage: null });
    try {
      const result = await client.call('hub.disconnect', {});
      const when = result.takesEffect === 'now' ? '' : ' Polling, sync and reports run here again when Waybill restarts.';
      set({ hubBusy: false, hubMessage: { tone: 'ok', text: `Disconnected: this station works alone.${when}` } });
      await get().loadHub();
    } catch (error) {
      set(failed(error));
    }
  },
});
