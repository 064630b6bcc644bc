import type { CredentialStorage } from '../../src-shared/api/system';

/** Small interfaces the core depends on; the Electron shell, browser mode and tests each implement them. */
export interface Clock {
  now(): number;
}

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** How the store keeps credentials, in words Settings shows; never claims encryption it does not have. */
  storage?(): CredentialStorage;
}

export interface Notifier {
  notify(title: string, body: string): void;
}

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentNotifier: Notifier = { notify: () => undefined };

export const consoleLogger: Logger = {
  info: (m, d) => console.log(m, d ?? ''),
  warn: (m, d) => console.warn(m, d ?? ''),
  error: (m, d) => console.error(m, d ?? ''),
};

export function memorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    storage: () => ({ encrypted: false, note: 'Credentials are kept in memory only and are forgotten when the console stops.' }),
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}
