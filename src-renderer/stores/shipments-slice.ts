import {
  MAX_REFRESH_IDS,
  type MethodResult,
  type Page,
  type ShipmentDetail,
  type ShipmentFilter,
  type ShipmentRow,
  type ShipmentSortColumn,
} from '../../src-shared/api';
import type { SliceCreator } from './types';

export interface ShipmentBlockRequest {
  startRow: number;
  endRow: number;
  sort: { column: ShipmentSortColumn; direction: 'asc' | 'desc' }[];
}

export interface ShipmentsSlice {
  shipmentFilter: ShipmentFilter;
  shipmentCount: number | null;
  shipmentError: string | null;
  loadingSample: boolean;
  /** Bumped when shipments change in the core, so the grid re-asks for its blocks. */
  shipmentsVersion: number;
  shipmentsChanged(): void;
  setShipmentFilter(patch: Partial<ShipmentFilter>): void;
  fetchShipmentBlock(request: ShipmentBlockRequest): Promise<Page<ShipmentRow>>;
  refreshShipmentCount(): Promise<void>;
  loadSampleData(): Promise<void>;
  shipmentDetail: ShipmentDetail | null;
  openShipmentDetail(id: number | null): Promise<void>;
  /** Staff's "Refresh now": ask the carriers at once instead of waiting for the next scheduled poll. */
  refreshShipmentTracking(ids: number[]): Promise<MethodResult<'tracking.refresh'>>;
}

export const createShipmentsSlice: SliceCreator<ShipmentsSlice> = (set, get, client) => ({
  shipmentFilter: {},
  shipmentCount: null,
  shipmentError: null,
  loadingSample: false,
  shipmentsVersion: 0,
  shipmentDetail: null,
  openShipmentDetail: async (id) => {
    if (id === null) return set({ shipmentDetail: null });
    try {
      set({ shipmentDetail: await client.call('shipments.detail', { id }), shipmentError: null });
    } catch (error) {
      set({ shipmentError: (error as Error).message });
    }
  },
  refreshShipmentTracking: async (ids) => {
    const total: MethodResult<'tracking.refresh'> = { queued: 0, unpolled: 0, elsewhere: [] };
    // A long shift-click selection goes in several calls.
    for (let i = 0; i < ids.length; i += MAX_REFRESH_IDS) {
      const { queued, unpolled, elsewhere } = await client.call('tracking.refresh', { shipmentIds: ids.slice(i, i + MAX_REFRESH_IDS) });
      const named = new Set(total.elsewhere.map((e) => e.carrier));
      Object.assign(total, {
        queued: total.queued + queued,
        unpolled: total.unpolled + unpolled,
        elsewhere: [...total.elsewhere, ...elsewhere.filter((e) => !named.has(e.carrier))],
      });
    }
    return total;
  },
  shipmentsChanged: () => {
    set({ shipmentsVersion: get().shipmentsVersion + 1 });
    const open = get().shipmentDetail;
    if (open) void get().openShipmentDetail(open.id);
    void get().refreshShipmentCount();
    void get().refreshStatus();
  },
  setShipmentFilter: (patch) => {
    const next = { ...get().shipmentFilter, ...patch };
    // Empty choices mean "any": drop them so the core gets no empty IN () lists.
    for (const key of Object.keys(next) as (keyof ShipmentFilter)[]) {
      const value = next[key];
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
    }
    set({ shipmentFilter: next });
    void get().refreshShipmentCount();
  },
  fetchShipmentBlock: async (request) => {
    try {
      const page = await client.call('shipments.page', { ...request, filter: get().shipmentFilter });
      set({ shipmentError: null });
      return page;
    } catch (error) {
      set({ shipmentError: (error as Error).message });
      throw error;
    }
  },
  refreshShipmentCount: async () => {
    const { count } = await client.call('shipments.count', { filter: get().shipmentFilter });
    set({ shipmentCount: count });
  },
  loadSampleData: async () => {
    set({ loadingSample: true });
    try {
      await client.call('demo.load', { shipments: 5000 });
    } finally {
      set({ loadingSample: false });
    }
    get().shipmentsChanged();
  },
});
