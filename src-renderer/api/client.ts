import { ApiError, type EventMap, type EventName, type MethodArg, type MethodName, type MethodResult } from '../../src-shared/api';
import type { Transport } from './transport';

export interface Identity {
  operator?: string;
  station?: string;
}

/** Generic over the contract: every method and event is typed from the one map, with no per-method wrappers. */
export interface ApiClient {
  call<N extends MethodName>(name: N, arg: MethodArg<N>): Promise<MethodResult<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
  setIdentity(identity: Identity): void;
  /** A link to a finished export, or null where the transport has none (Electron). */
  exportUrl(fileName: string): string | null;
}

export function createClient(transport: Transport): ApiClient {
  let identity: Identity = {};
  return {
    async call(name, arg) {
      const envelope = await transport.invoke({ method: name, arg, ...identity });
      if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
      return envelope.value as MethodResult<typeof name>;
    },
    on(name, listener) {
      return transport.subscribe((event, payload) => {
        if (event === name) listener(payload as EventMap[typeof name]);
      });
    },
    exportUrl: (fileName) => transport.exportUrl?.(fileName) ?? null,
    setIdentity(next) {
      identity = { ...next };
    },
  };
}
