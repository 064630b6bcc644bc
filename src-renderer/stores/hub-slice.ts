import type { HubConflict, HubConnectArg, HubPresence, HubRefusedRow, HubStatusDetail, HubSummary, PresenceEntity } from '../../src-shared/api';
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
  /** Settings → This station: the name every audit entry made here carries, and the role. */
  saveStation(station: { name: string; role: 'packing' | 'returns' | 'office' }): Promise<void>;
  /** Today's conflicts for the manager's list (the hub panel). */
  hubConflicts: HubConflict[] | null;
  loadHubConflicts(): Promise<void>;
  /** Rows from the hub this station refused, newest first (the hub panel's list). */
  hubRefused: HubRefusedRow[] | null;
  loadHubRefused(): Promise<void>;
  /** This station's lost races today on one kind of record, by the record's id (returns and pickups lists). */
  lostRaces(entity: PresenceEntity): Promise<Map<number, HubConflict>>;
  /** Lost races of one record at this station, for the record's own panel. */
  recordConflicts(entity: PresenceEntity, id: number): Promise<HubConflict[]>;
  /** Who has which record open at the other stations, per kind of record, while a view watches it. */
  presence: Partial<Record<PresenceEntity, HubPresence[]>>;
  /** Polls the others' presence every 5 s until the returned stop is called. */
  watchPresence(entity: PresenceEntity): () => void;
  /** Tells the other stations "I have this open", renewed every 10 s until the returned stop (which withdraws it). */
  holdPresence(entity: PresenceEntity, id: number): () => void;
}

/** How often an open record's presence is renewed (it lapses 30 s after the last renewal) and others' is read. */
const PRESENCE_RENEW_MS = 10_000;
const PRESENCE_POLL_MS = 5_000;

/** Local midnight: a manager's "today". */
const startOfToday = (): string => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
};

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
  saveStation: async (station) => {
    set({ hubBusy: true, hubMessage: null });
    try {
      const saved = await client.call('hub.setStation', station);
      set({
        hubBusy: false,
        hubMessage: { tone: 'ok', text: `This station is ${saved.name} (${saved.role}): every change made here is recorded under that name.` },
      });
      await get().loadHub();
    } catch (error) {
      set(failed(error));
    }
  },
  hubConflicts: null,
  loadHubConflicts: async () => {
    try {
      set({ hubConflicts: await client.call('hub.conflicts', { since: startOfToday(), limit: 200 }) });
    } catch {
      // The panel keeps what it showed; the status line says whether the core answers.
    }
  },
  hubRefused: null,
  loadHubRefused: async () => {
    try {
      set({ hubRefused: await client.call('hub.refused', { limit: 200 }) });
    } catch {
      // The panel keeps what it showed; the status line says whether the core answers.
    }
  },
  lostRaces: async (entity) => {
    if (!get().hub?.configured) return new Map();
    try {
      const today = await client.call('hub.conflicts', { entity, since: startOfToday(), limit: 200 });
      // Newest first: the first of each record is its latest.
      const mine = new Map<number, HubConflict>();
      for (const c of today) if (c.entityId !== null && !mine.has(c.entityId)) mine.set(c.entityId, c);
      return mine;
    } catch {
      return new Map();
    }
  },
  recordConflicts: async (entity, id) => {
    try {
      return await client.call('hub.conflicts', { entity, entityId: id, limit: 5 });
    } catch {
      return [];
    }
  },
  presence: {},
  watchPresence: (entity) => {
    const read = async () => {
      if (!get().hub?.live) return;
      try {
        const now = await client.call('hub.presence.list', { entity });
        set({ presence: { ...get().presence, [entity]: now } });
      } catch {
        // Presence is a courtesy: a missed read shows the last one until the next.
      }
    };
    void read();
    const timer = setInterval(() => void read(), PRESENCE_POLL_MS);
    return () => clearInterval(timer);
  },
  holdPresence: (entity, id) => {
    const say = () => {
      if (get().hub?.live) void client.call('hub.presence.set', { entity, id }).catch(() => undefined);
    };
    say();
    const timer = setInterval(say, PRESENCE_RENEW_MS);
    return () => {
      clearInterval(timer);
      if (get().hub?.live) void client.call('hub.presence.clear', {}).catch(() => undefined);
    };
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
