import type { EventMap, EventName } from '../../src-shared/api';

export type EventListener = <E extends EventName>(name: E, payload: EventMap[E]) => void;

export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const listener of listeners) listener(name, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
