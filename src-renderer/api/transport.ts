import type { Envelope, InvokeMessage } from '../../src-shared/api';

export type EventListener = (name: string, payload: unknown) => void;

/** The one thing that differs between Electron and browser mode: how a message reaches the core. */
export interface Transport {
  invoke(message: InvokeMessage): Promise<Envelope<unknown>>;
  subscribe(listener: EventListener): () => void;
  /** Where a finished export downloads from; browser mode only (the desktop app will save through a dialog). */
  exportUrl?(fileName: string): string;
}
