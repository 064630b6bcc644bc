import type { Envelope, InvokeMessage } from '../../src-shared/api';
import type { EventListener, Transport } from './transport';

/** The single object the preload exposes; nothing else of Electron reaches the page. */
export interface WaybillBridge {
  invoke(message: InvokeMessage): Promise<Envelope<unknown>>;
  on(listener: EventListener): () => void;
}

declare global {
  interface Window {
    waybill?: WaybillBridge;
  }
}

export const electronTransport = (bridge: WaybillBridge): Transport => ({
  invoke: (message) => bridge.invoke(message),
  subscribe: (listener) => bridge.on(listener),
});
