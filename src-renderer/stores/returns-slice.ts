import {
  ApiError,
  type MethodArg,
  type Page,
  type PickupRow,
  type ReceiveResult,
  type ReceivingStation,
  type ReturnCondition,
  type ReturnRow,
  type ReturnsImportResult,
  type TriageItem,
} from '../../src-shared/api';
import { machineTimeZone } from '../../src-shared/domain/time-zones/zones';
import type { SliceCreator } from './types';

export type ReturnsTab = 'pending' | 'inbound' | 'station' | 'triage' | 'received';

/** One block of a returns grid: its view, filters and sort; the zone is the window's. */
export type ReturnBlockRequest = Omit<NonNullable<MethodArg<'returns.list'>>, 'timeZone' | 'limit' | 'startRow' | 'endRow'> & {
  startRow: number;
  endRow: number;
};

/** One line of the station's log: sent and waiting, answered with a verdict, or refused by the core. */
export interface ReceiveRow {
  key: string;
  raw: string;
  status: 'pending' | 'recorded' | 'failed';
  result: ReceiveResult | null;
  error: string | null;
}

export interface ReturnsSlice {
  /** `returns.changed`: the grids read their blocks on screen again, the scheduled pickups reload. */
  returnsChanged(): void;
  /** Moves on every change the grids should show. */
  returnsVersion: number;
  returnsTab: ReturnsTab;
  /** Returns waiting for a scheduled pickup (Pending pickup's groups). */
  returnRows: ReturnRow[];
  pickups: PickupRow[];
  returnsError: string | null;
  returnsImport: ReturnsImportResult | null;
  receivingStation: ReceivingStation | null;
  /** Newest first. */
  receiveRows: ReceiveRow[];
  lastReceive: ReceiveResult | null;
  /** Bumped per verdict, so the same verdict twice still sounds twice. */
  receiveSeq: number;
  pendingReceives: number;
  /** Scans are held, in order, until the core answers again. */
  receiveWaiting: boolean;
  /** The parcel just matched, waiting for its condition key (1–4); later scans wait for it, in order. */
  conditionFor: ReturnRow | null;
  /** The parcel whose condition was just recorded, for an optional note. */
  lastInspected: ReturnRow | null;

  setReturnsTab(tab: ReturnsTab): void;
  loadReturnsTab(): Promise<void>;
  fetchReturnBlock(request: ReturnBlockRequest): Promise<Page<ReturnRow>>;
  fetchTriageBlock(startRow: number, endRow: number): Promise<Page<TriageItem>>;
  importReturnsFile(name: string, content: string): Promise<void>;
  openReceivingStation(arg: { station: string; operator: string }): Promise<void>;
  leaveReceivingStation(): void;
  receiveScan(raw: string): Promise<void>;
  recordReturnCondition(returnId: number, condition: ReturnCondition, note?: string): Promise<void>;
  /** The clerk chose to give no condition now (the station's acknowledge key): the held scans go on. */
  skipCondition(): void;
  createPickup(arg: MethodArg<'returns.pickups.create'>): Promise<boolean>;
  markPickupMissed(pickupId: number): Promise<void>;
  reschedulePickup(pickupId: number, windowStart: string, windowEnd: string): Promise<void>;
  updateTriageItem(returnId: number, change: { description?: string; action?: 'accept' | 'reject' }): Promise<void>;
  exportReceivedToday(): Promise<{ filename: string; csv: string } | null>;
}

const RETRY_MS = 1000;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const createReturnsSlice: SliceCreator<ReturnsSlice> = (set, get, client) => {
  // Receiving scans go to the core strictly one after another, in the order the scanner typed them.
  let queue: Promise<void> = Promise.resolve();
  let localSeq = 0;

  const patchRow = (key: string, patch: Partial<ReceiveRow>) => set({ receiveRows: get().receiveRows.map((r) => (r.key === key ? { ...r, ...patch } : r)) });

  // Resolves when the parcel waiting for its condition has one (or the clerk skips it).
  let answered: Promise<void> = Promise.resolve();
  let answer: (() => void) | null = null;
  const askCondition = (row: ReturnRow | null) => {
    if (row) answered = new Promise<void>((resolve) => (answer = resolve));
    set({ conditionFor: row });
  };
  const conditionGiven = () => {
    set({ conditionFor: null });
    answer?.();
    answer = null;
  };

  /** Sends one scan; while the core is unreachable it waits and retries the same scan, so none is lost or reordered. */
  const send = async (sessionId: number, key: string, raw: string) => {
    // A scan while a parcel waits for its condition is held: skipping the condition must be a choice.
    while (get().conditionFor) await answered;
    for (;;) {
      try {
        const result = await client.call('returns.receive', { sessionId, raw });
        set({ receiveWaiting: false });
        patchRow(key, { status: 'recorded', result });
        set({
          lastReceive: result,
          receiveSeq: get().receiveSeq + 1,
          lastInspected: null,
        });
        askCondition(result.verdict === 'matched' ? result.return : null);
        return;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unavailable') {
          set({ receiveWaiting: true });
          await sleep(RETRY_MS);
          continue;
        }
        patchRow(key, { status: 'failed', error: message(error) });
        set({ returnsError: message(error) });
        return;
      }
    }
  };

  const attempt = async (task: () => Promise<void>) => {
    try {
      await task();
      set({ returnsError: null });
    } catch (error) {
      set({ returnsError: message(error) });
    }
  };

  return {
    returnsChanged: () => {
      set({ returnsVersion: get().returnsVersion + 1 });
      if (get().view === 'returns' && get().returnsTab === 'pending') void get().loadReturnsTab();
    },
    returnsVersion: 0,
    returnsTab: 'pending',
    returnRows: [],
    pickups: [],
    returnsError: null,
    returnsImport: null,
    receivingStation: null,
    receiveRows: [],
    lastReceive: null,
    receiveSeq: 0,
    pendingReceives: 0,
    receiveWaiting: false,
    conditionFor: null,
    lastInspected: null,

    setReturnsTab: (tab) => {
      set({ returnsTab: tab, returnsError: null });
      void get().loadReturnsTab();
    },
    loadReturnsTab: () =>
      attempt(async () => {
        const tab = get().returnsTab;
        // Inbound, Triage and Received today are grids that read their own blocks; Pending pickup's unscheduled returns too.
        if (tab !== 'pending') return;
        // A pickup holds at most 500 parcels and a day has a few trucks: the scheduled ones are read whole.
        const [rows, pickups] = await Promise.all([
          client.call('returns.list', { view: 'pending_pickup', hasPickup: true, limit: 5000, timeZone: machineTimeZone() }),
          client.call('returns.pickups.list', {}),
        ]);
        set({ returnRows: rows.rows, pickups: pickups.rows });
      }),
    fetchTriageBlock: async (startRow, endRow) => {
      try {
        const { rows, rowCount } = await client.call('returns.triage.list', { startRow, endRow });
        return { rows, lastRow: null, rowCount };
      } catch (error) {
        set({ returnsError: message(error) });
        throw error;
      }
    },
    fetchReturnBlock: async (request) => {
      try {
        const { rows, rowCount } = await client.call('returns.list', { ...request, timeZone: machineTimeZone() });
        return { rows, lastRow: null, rowCount };
      } catch (error) {
        set({ returnsError: message(error) });
        throw error;
      }
    },
    importReturnsFile: (name, content) =>
      attempt(async () => {
        set({ returnsImport: await client.call('returns.importFile', { name, content }) });
        get().returnsChanged();
      }),
    openReceivingStation: (arg) =>
      attempt(async () => {
        client.setIdentity(arg);
        const station = await client.call('returns.openStation', arg);
        conditionGiven();
        set({ receivingStation: station, receiveRows: [], lastReceive: null, lastInspected: null });
      }),
    leaveReceivingStation: () => {
      conditionGiven();
      set({ receivingStation: null, receiveRows: [], lastReceive: null, lastInspected: null });
    },
    receiveScan: (raw) => {
      const station = get().receivingStation;
      if (!station) return Promise.resolve();
      const key = `receive-${++localSeq}`;
      set({ receiveRows: [{ key, raw, status: 'pending', result: null, error: null }, ...get().receiveRows], pendingReceives: get().pendingReceives + 1 });
      const run = queue.then(() => send(station.sessionId, key, raw)).finally(() => set({ pendingReceives: get().pendingReceives - 1 }));
      queue = run.catch(() => undefined);
      return run;
    },
    recordReturnCondition: (returnId, condition, note) =>
      attempt(async () => {
        const row = await client.call('returns.recordCondition', { returnId, condition, ...(note ? { note } : {}) });
        const replace = (r: ReceiveRow) => (r.result?.return?.id === returnId ? { ...r, result: { ...r.result, return: row } } : r);
        if (get().conditionFor?.id === returnId) conditionGiven();
        set({
          lastInspected: row,
          receiveRows: get().receiveRows.map(replace),
          returnsVersion: get().returnsVersion + 1,
        });
      }),
    skipCondition: conditionGiven,
    createPickup: async (arg) => {
      try {
        await client.call('returns.pickups.create', arg);
        set({ returnsError: null });
        get().returnsChanged();
        return true;
      } catch (error) {
        set({ returnsError: message(error) });
        return false;
      }
    },
    markPickupMissed: (pickupId) =>
      attempt(async () => {
        await client.call('returns.pickups.markMissed', { pickupId });
        get().returnsChanged();
      }),
    reschedulePickup: (pickupId, windowStart, windowEnd) =>
      attempt(async () => {
        await client.call('returns.pickups.reschedule', { pickupId, windowStart, windowEnd });
        get().returnsChanged();
      }),
    updateTriageItem: (returnId, change) =>
      attempt(async () => {
        await client.call('returns.triage.update', { returnId, ...change });
        // An accepted or rejected parcel leaves the list; a description shows in place.
        set({ returnsVersion: get().returnsVersion + 1 });
      }),
    exportReceivedToday: async () => {
      try {
        return await client.call('returns.exportReceivedToday', { timeZone: machineTimeZone() });
      } catch (error) {
        set({ returnsError: message(error) });
        return null;
      }
    },
  };
};
