import type { CarrierHealth, MethodArg, TrackingAccount } from '../../src-shared/api';
import { isFailing } from './carrier-standing';
import { carrierRefreshMessage } from './refresh-messages';
import type { SliceCreator } from './types';

export interface CarriersSlice {
  carriers: CarrierHealth[];
  /** When this window first saw each carrier failing (for one that never answered, the start of its outage). */
  carrierFailingSeen: Partial<Record<TrackingAccount, number>>;
  carrierMessage: Partial<Record<TrackingAccount, { ok: boolean; text: string }>>;
  loadCarriers(): Promise<void>;
  saveCarrier(arg: MethodArg<'carriers.save'>): Promise<void>;
  /** Tests what is in the carrier's form. */
  testCarrier(arg: MethodArg<'carriers.testConnection'>): Promise<void>;
  resumeCarrier(carrier: TrackingAccount): Promise<void>;
  /** Last "Refresh now" on the health panel, said back to whoever pressed it. */
  carrierRefreshMessage: string | null;
  refreshCarrier(carrier: TrackingAccount): Promise<void>;
}

export const createCarriersSlice: SliceCreator<CarriersSlice> = (set, get, client) => {
  const say = (carrier: TrackingAccount, ok: boolean, text: string) => set({ carrierMessage: { ...get().carrierMessage, [carrier]: { ok, text } } });
  return {
    carriers: [],
    carrierFailingSeen: {},
    carrierMessage: {},
    carrierRefreshMessage: null,
    loadCarriers: async () => {
      let carriers: CarrierHealth[];
      try {
        carriers = await client.call('carriers.list', {});
      } catch {
        // The core is away: the status bar says so already; keep the last health known.
        return;
      }
      const seen = get().carrierFailingSeen;
      const now = Date.now();
      set({ carriers, carrierFailingSeen: Object.fromEntries(carriers.filter(isFailing).map((c) => [c.carrier, seen[c.carrier] ?? now])) });
    },
    saveCarrier: async (arg) => {
      try {
        await client.call('carriers.save', arg);
        say(arg.carrier, true, 'Saved.');
      } catch (error) {
        say(arg.carrier, false, (error as Error).message);
      }
      await get().loadCarriers();
    },
    testCarrier: async (arg) => {
      try {
        const result = await client.call('carriers.testConnection', arg);
        say(arg.carrier, result.ok, result.message);
      } catch (error) {
        say(arg.carrier, false, (error as Error).message);
      }
    },
    refreshCarrier: async (carrier) => {
      const label = get().carriers.find((c) => c.carrier === carrier)?.label ?? carrier;
      try {
        set({ carrierRefreshMessage: carrierRefreshMessage(label, await client.call('tracking.refresh', { carrier })) });
      } catch (error) {
        set({ carrierRefreshMessage: (error as Error).message });
      }
      await get().loadCarriers();
    },
    resumeCarrier: async (carrier) => {
      await client.call('carriers.resume', { carrier });
      await get().loadCarriers();
    },
  };
};
