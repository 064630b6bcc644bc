import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../platform/ports';
import { feedChannelName } from './policy';
import type { UpdateEngine } from './service';

/**
 * Drives an electron-updater AppUpdater: the app passes the platform's own updater (Electron app and net),
 * tests pass the same classes built with a plain-Node app adapter and HTTP executor.
 */
export function electronUpdaterEngine(updater: AppUpdater, logger: Logger): UpdateEngine {
  // Downloads are started by the service, so it knows when one is running and can report it.
  updater.autoDownload = false;
  // "Install on next quit": electron-updater hooks the app's quit once a download is verified.
  updater.autoInstallOnAppQuit = true;
  updater.logger = {
    info: (m: unknown) => logger.info(String(m)),
    warn: (m: unknown) => logger.warn(String(m)),
    error: (m: unknown) => logger.warn(String(m)),
  };

  return {
    async check(config, channel) {
      updater.setFeedURL(
        config.provider === 'github' ? { provider: 'github', owner: config.owner, repo: config.repo } : { provider: 'generic', url: config.url },
      );
      updater.channel = feedChannelName(channel);
      updater.allowPrerelease = channel === 'beta';
      // Setting a channel allows downgrades; an older build would open a store migrated past its schema.
      updater.allowDowngrade = false;
      const result = await updater.checkForUpdates();
      if (!result) return { kind: 'inactive' };
      return result.isUpdateAvailable ? { kind: 'available', version: result.updateInfo.version } : { kind: 'none', version: result.updateInfo.version };
    },
    async download() {
      await updater.downloadUpdate();
    },
    installNow() {
      // Silent (no installer wizard on Windows) and straight back into Waybill afterwards.
      updater.quitAndInstall(true, true);
    },
  };
}
