import { autoUpdater } from 'electron-updater';
import type { Logger } from '../platform/ports';
import type { UpdateEngine } from '../updates';
import { electronUpdaterEngine } from '../updates/electron-updater-engine';

/**
 * The installed package's own updater (AppImage, deb, NSIS or Squirrel.Mac, picked by electron-updater)
 * over Electron's app and net, so downloads go through the workstation's proxy settings.
 */
export const electronUpdateEngine = (logger: Logger): UpdateEngine => electronUpdaterEngine(autoUpdater, logger);
