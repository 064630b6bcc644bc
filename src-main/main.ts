import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type InvokeMessage } from '../src-shared/api';
import { CONSOLE_TIMERS, createCore, type Core } from './core';
import { actorLabel } from './dispatch/actor';
import { hubConfigured, startStationOnHub, TIMERS_LED_BY_HUB } from './hub';
import { StoreUpgradeError } from './db/backup';
import { StoreTooNewError } from './db/migrations/runner';
import { ensurePrivateDataDir, storePath } from './platform/data-dir';
import { keepRunningOnStrayFailures } from './platform/last-resort';
import { consoleLogger, systemClock } from './platform/ports';
import { registerAppScheme, serveRenderer } from './shell/app-protocol';
import { RENDERER_URL } from './shell/app-url';
import { desktopNotifier } from './shell/notifier';
import { electronPrinter } from './shell/printer';
import { safeStorageSecretStore } from './shell/secrets';
import { isTrustedSender } from './shell/sender';
import { electronUpdateEngine } from './shell/updater';
import { createMainWindow, guardWebContents } from './shell/window';

const rendererDir = join(__dirname, '../renderer');
const rendererUrl = RENDERER_URL;

// Packaged builds run with fuses set in electron-builder.yml: no ELECTRON_RUN_AS_NODE (so no process.fork),
// no NODE_OPTIONS or --inspect, and the app only from the integrity-checked app.asar.

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the running console; two writers on one store is never wanted.
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });

  keepRunningOnStrayFailures(process, consoleLogger);
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  void app.whenReady().then(async () => {
    serveRenderer(rendererDir);
    const dataDir = app.getPath('userData');
    ensurePrivateDataDir(dataDir);
    const secrets = safeStorageSecretStore(join(dataDir, 'secrets.json'));
    // On a hub, each job's timer runs at its leader only (hub/leader-jobs.ts) instead of in the core.
    const onHub = await hubConfigured(secrets);
    let core: Core;
    try {
      core = createCore({
        dbPath: storePath(dataDir),
        clock: systemClock,
        fetch: globalThis.fetch,
        secrets,
        config: { version: app.getVersion(), dataDir, allowDemo: !app.isPackaged, ...CONSOLE_TIMERS, ...(onHub ? TIMERS_LED_BY_HUB : {}) },
        notifier: desktopNotifier,
        logger: consoleLogger,
        updates: { engine: electronUpdateEngine(consoleLogger) },
        reportPrinter: electronPrinter,
      });
    } catch (error) {
      // A failed upgrade changed nothing, and a newer store is never opened: say so rather than open a broken console.
      if (!(error instanceof StoreUpgradeError) && !(error instanceof StoreTooNewError)) throw error;
      dialog.showErrorBox('Waybill could not open its store', error.message);
      app.quit();
      return;
    }

    const station = onHub ? await startStationOnHub({ core, secrets, clock: systemClock, logger: consoleLogger, timers: CONSOLE_TIMERS }) : null;

    ipcMain.handle(IPC_INVOKE_CHANNEL, (event, message: InvokeMessage) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame ? { url: frame.url, isTopFrame: frame.parent === null } : null, rendererUrl)) {
        return { ok: false, error: { code: 'forbidden', message: 'Caller is not the Waybill window' } };
      }
      const method = typeof message?.method === 'string' ? message.method : '';
      return core
        .dispatchUntrusted(method, message?.arg, { transport: 'electron', operator: actorLabel(message?.operator), station: actorLabel(message?.station) })
        .catch((error: unknown) => {
          consoleLogger.error(`${method} failed outside the dispatcher`, error);
          return { ok: false, error: { code: 'internal', message: `${method} failed unexpectedly; see the application log.` } };
        });
    });
    core.events.subscribe((name, payload) => win?.webContents.send(IPC_EVENT_CHANNEL, name, payload));

    win = createMainWindow({ preload: join(__dirname, 'preload.js'), rendererUrl });
    win.on('closed', () => (win = null));
    app.on('window-all-closed', () => {
      void (station?.stop() ?? Promise.resolve()).finally(() => {
        core.close();
        app.quit();
      });
    });
  });
}
