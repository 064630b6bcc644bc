import { EVENT_NAMES, type Envelope } from '../../src-shared/api';
import type { EventListener, Transport } from './transport';

const TOKEN_KEY = 'waybill.token';

/** The launch URL carries the token in the fragment; keep it for this tab and take it out of the address bar. */
export function takeTokenFromLocation(location: Location, history: History, storage: Storage): string | null {
  const match = /token=([\w-]+)/.exec(location.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(TOKEN_KEY);
}

export function webTransport(token: string): Transport {
  const listeners = new Set<EventListener>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
        listeners.forEach((l) => l(name, payload));
      });
    }
  };
  return {
    async invoke(message) {
      try {
        const response = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(message),
        });
        if (response.status === 401)
          return { ok: false, error: { code: 'forbidden', message: 'This tab is not authorised; open the address the console printed.' } };
        return (await response.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'The Waybill core is not reachable.' } };
      }
    },
    // A link cannot send the Authorization header, so the download carries the token like the event stream.
    exportUrl: (fileName) => `/api/exports/${encodeURIComponent(fileName)}?token=${encodeURIComponent(token)}`,
    subscribe(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => listeners.delete(listener);
    },
  };
}
