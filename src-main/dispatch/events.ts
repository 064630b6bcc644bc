import type { EventMap, EventName } from '../../src-shared/api';

export type EventListener = <E extends EventName>(name: E, payload: EventMap[E]) => void;

export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

/** `onListenerError`: a listener that throws is reported there; the emitter and the other listeners carry on. */
export function createEventBus(onListenerError: (name: EventName, error: unknown) => void = () => undefined): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const listener of listeners) {
        try {
          listener(name, payload);
        } catch (error) {
          onListenerError(name, error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
