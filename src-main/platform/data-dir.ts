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
