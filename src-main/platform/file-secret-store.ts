import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Logger, SecretStore } from './ports';

/**
 * Browser mode has no OS keychain: secrets sit in a file readable only by this user.
 * It is a weaker store than Electron's safeStorage, so it warns once when first used.
 */
export function fileSecretStore(path: string, log: Logger): SecretStore {
  let warned = false;
  const read = (): Record<string, string> =>
    existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
  const write = (values: Record<string, string>) => {
    if (!warned) {
      log.warn(`Carrier credentials are stored unencrypted in ${path} (browser mode has no OS keychain).`);
      warned = true;
    }
    writeFileSync(path, JSON.stringify(values), { mode: 0o600 });
    chmodSync(path, 0o600);
  };
  return {
    get: async (key) => read()[key] ?? null,
    set: async (key, value) => write({ ...read(), [key]: value }),
    delete: async (key) => {
      const { [key]: _removed, ...rest } = read();
      write(rest);
    },
  };
}
