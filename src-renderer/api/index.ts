import { createClient, type ApiClient } from './client';
import { electronTransport } from './electron-transport';
import { takeTokenFromLocation, webTransport } from './web-transport';

export type { ApiClient } from './client';

/** Electron when the preload bridge is there, browser mode otherwise. */
export function connect(): ApiClient | null {
  if (window.waybill) return createClient(electronTransport(window.waybill));
  const token = takeTokenFromLocation(window.location, window.history, window.sessionStorage);
  return token ? createClient(webTransport(token)) : null;
}
