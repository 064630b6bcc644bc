import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';
import { isCarrierTrackingUrl } from './external-links';

export interface WindowPaths {
  preload: string;
  /** app://waybill/index.html (shell/app-protocol.ts): never file://, so its extra privileges can be fused off. */
  rendererUrl: string;
}

/**
 * Every web contents the app ever creates (main.ts calls this from `web-contents-created`): no navigation,
 * no webviews, no new windows; a carrier tracking page opens in the user's browser, nothing else does.
 */
export function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isCarrierTrackingUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The one window: sandboxed, isolated, no navigation, no popups, no permissions. */
export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Waybill',
    show: false,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click must not open a link in a new window of ours.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(paths.rendererUrl);
  return win;
}
