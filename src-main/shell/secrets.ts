import { safeStorage } from 'electron';
import { ApiError } from '../../src-shared/api/envelope';
import { keychainProtection } from '../platform/keychain-protection';
import type { SecretStore } from '../platform/ports';
import { secretsFile } from '../platform/secrets-file';

/** Carrier credentials sealed with the OS keychain (DPAPI, Keychain, libsecret) before they touch disk. */
export function safeStorageSecretStore(path: string): SecretStore {
  const file = secretsFile(path);
  const protection = () =>
    keychainProtection({
      platform: process.platform,
      encryptionAvailable: safeStorage.isEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    });
  return {
    storage: () => {
      const { encrypted, note } = protection();
      return { encrypted, note };
    },
    get: async (key) => {
      const sealed = file.read()[key];
      return sealed ? safeStorage.decryptString(Buffer.from(sealed, 'base64')) : null;
    },
    set: async (key, value) => {
      const verdict = protection();
      if (!verdict.canSave) throw new ApiError('unavailable', verdict.note);
      file.write({ ...file.readForUpdate(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    delete: async (key) => {
      const { [key]: _removed, ...rest } = file.readForUpdate();
      file.write(rest);
    },
  };
}
