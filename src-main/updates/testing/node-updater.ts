import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';

/** electron-updater's HTTP seam over node:http, as electron-builder's own updater tests do; the app uses Electron's net. */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  /** The updater calls `download`, which only its Electron executor defines; this mirrors it on node:http. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null },
        0,
      );
    });
  }

  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return (options.protocol === 'https:' ? httpsRequest : httpRequest)(options, callback);
  }
}

/** The app side of electron-updater without Electron: a packaged app at `version` whose caches live in `dir`. */
function nodeAppAdapter(version: string, dir: string): AppAdapter & { quits: number } {
  mkdirSync(dir, { recursive: true });
  const appUpdateConfigPath = join(dir, 'app-update.yml');
  // What electron-builder writes into resources/ from the `publish` section of electron-builder.yml.
  writeFileSync(appUpdateConfigPath, 'provider: generic\nurl: https://updates.invalid/waybill\nupdaterCacheDirName: waybill-updater\n');
  return {
    version,
    name: 'Waybill',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: dir,
    baseCachePath: dir,
    quits: 0,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit() {
      this.quits++;
    },
    onQuit: () => undefined,
  };
}

/**
 * electron-updater's real DebUpdater (generic provider, channel files, semver, sha512-verified download and
 * cache) under plain Node. Only the last step, handing the package to dpkg and quitting, is recorded instead.
 */
export class RecordingDebUpdater extends DebUpdater {
  installs = 0;

  constructor(version: string, dir: string) {
    super(null, nodeAppAdapter(version, dir));
    // Not in electron-updater's typings, but the seam its own tests use when there is no Electron net module.
    (this as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  }

  override quitAndInstall(): void {
    this.installs++;
  }
}
