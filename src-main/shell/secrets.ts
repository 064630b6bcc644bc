import { safeStorage } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../platform/ports';

/** Carrier credentials encrypted with the OS keychain (DPAPI, Keychain, libsecret) before they touch disk. */
export function safeStorageSecretStore(path: string): SecretStore {
  const read = (): Record<string, string> =>
    existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
  const write = (values: Record<string, string>) => writeFileSync(path, JSON.stringify(values), { mode: 0o600 });
  return {
    get: async (key) => {
      const sealed = read()[key];
      return sealed ? safeStorage.decryptString(Buffer.from(sealed, 'base64')) : null;
    },
    set: async (key, value) => {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('The OS keychain is not available; credentials were not saved.');
      write({ ...read(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    delete: async (key) => {
      const { [key]: _removed, ...rest } = read();
      write(rest);
    },
  };
}
