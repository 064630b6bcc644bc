import type { Operator } from '../../src-shared/api';
import type { SliceCreator } from './types';

const STATION_KEY = 'waybill.station';

/** The workstation name is a property of this machine, so it outlives a restart; the operator signs in per shift. */
const storedStation = (): string => {
  try {
    return globalThis.localStorage?.getItem(STATION_KEY) ?? '';
  } catch {
    return '';
  }
};

export interface IdentitySlice {
  operator: string | null;
  station: string;
  operators: Operator[];
  identityError: string | null;
  loadOperators(): Promise<void>;
  /** A name or a badge scan: a known badge or name signs that person in; a new name joins the operator list. */
  signIn(input: string): Promise<void>;
  signOut(): void;
  setStation(name: string): void;
}

export const createIdentitySlice: SliceCreator<IdentitySlice> = (set, get, client) => {
  const publish = () => client.setIdentity({ operator: get().operator ?? undefined, station: get().station || undefined });
  return {
    operator: null,
    station: storedStation(),
    operators: [],
    identityError: null,
    loadOperators: async () => {
      try {
        set({ operators: await client.call('operators.list', {}) });
      } catch (error) {
        set({ identityError: (error as Error).message });
      }
    },
    signIn: async (input) => {
      const text = input.trim();
      if (!text) return;
      const known = get().operators.find((o) => o.badge === text || o.name.toLowerCase() === text.toLowerCase());
      try {
        if (!known) {
          // A badge is digits (as scanners type them); an unknown one is a mistake, not a new person.
          if (/^\d+$/.test(text)) throw new Error(`No operator has badge ${text}. Type your name once to add yourself.`);
          set({ operators: await client.call('operators.save', { operators: [...get().operators, { name: text, badge: null }] }) });
        }
        set({ operator: known?.name ?? text, identityError: null });
        publish();
      } catch (error) {
        set({ identityError: (error as Error).message });
      }
    },
    signOut: () => {
      set({ operator: null });
      publish();
    },
    setStation: (name) => {
      const station = name.trim().slice(0, 80);
      try {
        globalThis.localStorage?.setItem(STATION_KEY, station);
      } catch {
        // A browser that refuses storage still keeps the name for this session.
      }
      set({ station });
      publish();
    },
  };
};
