import type { CredentialStorage } from '../../src-shared/api/system';

/** What Electron's safeStorage reports; `backend` is `getSelectedStorageBackend()` on Linux, null elsewhere. */
export interface KeychainReport {
  platform: string;
  encryptionAvailable: boolean;
  backend: string | null;
}

export interface KeychainProtection extends CredentialStorage {
  /** False: saving credentials is refused with `note` as the reason. */
  canSave: boolean;
}

const LINUX_KEYRINGS: Record<string, string> = {
  gnome_libsecret: 'the GNOME keyring',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
};

const PLATFORM_KEYCHAINS: Record<string, string> = { darwin: 'the macOS Keychain', win32: 'Windows DPAPI' };

/**
 * On Linux without a keyring safeStorage falls back to `basic_text`, a fixed key anyone can read:
 * credentials are then saved as browser mode saves them, and Settings says they are not encrypted.
 */
export function keychainProtection(report: KeychainReport): KeychainProtection {
  if (!report.encryptionAvailable) {
    return { canSave: false, encrypted: false, note: 'The OS keychain is not available, so credentials cannot be saved on this workstation.' };
  }
  const keychain = report.platform === 'linux' ? LINUX_KEYRINGS[report.backend ?? ''] : PLATFORM_KEYCHAINS[report.platform];
  if (!keychain) {
    return {
      canSave: true,
      encrypted: false,
      note: 'No OS keyring was found (GNOME keyring or KWallet): credentials are stored unencrypted in a file readable only by this user.',
    };
  }
  return { canSave: true, encrypted: true, note: `Credentials are stored encrypted with ${keychain}; they are never shown again.` };
}
