import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron } from 'playwright';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../src-main/launch';

const binary = findElectronBinary();
if (!binary) console.log('Electron end-to-end tests skipped: no Electron binary on this machine (it cannot be downloaded here).');

describe.skipIf(!binary)('Electron window', () => {
  it('opens the console sandboxed, with only the narrow bridge exposed', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'waybill-electron-'));
    const app = await _electron.launch({ executablePath: binary as string, args: [resolve(__dirname, '../..'), `--user-data-dir=${userData}`] });
    try {
      const window = await app.firstWindow();
      await window.getByTestId('connectivity').waitFor();
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((window as unknown as { waybill: object }).waybill).sort())).toEqual(['invoke', 'on']);
      const refused = await window.evaluate(() =>
        (window as unknown as { waybill: { invoke(m: object): Promise<unknown> } }).waybill.invoke({ method: 'db.exec', arg: {} }),
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
