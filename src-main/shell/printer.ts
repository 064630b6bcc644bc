import { BrowserWindow } from 'electron';
import type { ReportPrinter } from '../reports/schedule/printer';

/** Scheduled PDFs: the report's HTML in a hidden window with scripts off, printed by Chromium. */
export const electronPrinter: ReportPrinter = {
  async pdfFromHtml(html) {
    const win = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, javascript: false, disableBlinkFeatures: 'Auxclick' },
    });
    try {
      await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      return await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', landscape: true });
    } finally {
      win.destroy();
    }
  },
};
