import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Waybill';

/** The folder Electron's app.getPath('userData') would give, so browser mode and the app share one store. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

export const storePath = (dataDir: string): string => join(dataDir, 'waybill.db');

/** Folders of the data folder whose files Waybill writes: the store, its backups and exports, secrets. */
const PRIVATE_SUBFOLDERS = ['backups', 'exports'];

const tighten = (path: string, mode: number): void => {
  if ((statSync(path).mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
};

/**
 * The store holds customers' names and addresses: the data folder is the user's alone (0700, files 0600).
 * Existing folders and files from older versions are tightened on every start.
 */
export function ensurePrivateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const dir of [dataDir, ...PRIVATE_SUBFOLDERS.map((name) => join(dataDir, name))]) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    tighten(dir, 0o700);
    for (const entry of entries) if (entry.isFile()) tighten(join(dir, entry.name), 0o600);
  }
}
