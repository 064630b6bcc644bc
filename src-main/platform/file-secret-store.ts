import type { Logger, SecretStore } from './ports';
import { secretsFile } from './secrets-file';

/**
 * Browser mode has no OS keychain: secrets sit in a file readable only by this user.
 * It is a weaker store than Electron's safeStorage, so it warns once when first used.
 */
export function fileSecretStore(path: string, log: Logger): SecretStore {
  let warned = false;
  const file = secretsFile(path);
  const write = (values: Record<string, string>) => {
    if (!warned) {
      log.warn(`Carrier credentials are stored unencrypted in ${path} (browser mode has no OS keychain).`);
      warned = true;
    }
    file.write(values);
  };
  return {
    storage: () => ({ encrypted: false, note: `Browser mode has no OS keychain: credentials are stored unencrypted in ${path}, readable only by this user.` }),
    get: async (key) => file.read()[key] ?? null,
    set: async (key, value) => write({ ...file.readForUpdate(), [key]: value }),
    delete: async (key) => {
      const { [key]: _removed, ...rest } = file.readForUpdate();
      write(rest);
    },
  };
}
