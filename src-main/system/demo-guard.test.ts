import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { memorySecretStore } from '../platform/ports';
import { quietLogger } from '../testing/temp-core';

describe('item 16: demo.load is refused in packaged builds', () => {
  it('answers forbidden and stores no sample parcel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-demo-guard-'));
    const core = createCore({
      dbPath: join(dir, 'waybill.db'),
      clock: { now: () => Date.parse('2026-11-20T12:00:00Z') },
      fetch: globalThis.fetch,
      secrets: memorySecretStore(),
      config: { version: 'test', dataDir: dir, allowDemo: false },
      logger: quietLogger,
    });
    try {
      expect(await core.dispatch('demo.load', { shipments: 10 })).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Sample data cannot be loaded in an installed console.' },
      });
      expect(await core.dispatch('system.stats', {})).toMatchObject({ ok: true, value: { total: 0 } });
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
