import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreConfig } from '../core';
import { memorySecretStore, silentNotifier, type Clock, type Logger, type Notifier } from '../platform/ports';

export interface TempCore extends Core {
  dir: string;
  dbPath: string;
  clock: { now(): number; set(ms: number): void; advance(ms: number): void };
  dispose(): void;
}

export const quietLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function fakeClock(start: number): TempCore['clock'] & Clock {
  let now = start;
  return { now: () => now, set: (ms) => void (now = ms), advance: (ms) => void (now += ms) };
}

/** A core over a real SQLite file in a fresh temp folder, with a clock the test moves. */
export function createTempCore(
  start = Date.parse('2026-11-20T12:00:00Z'),
  fetchImpl: typeof fetch = fetch,
  notifier: Notifier = silentNotifier,
  config: Partial<CoreConfig> = {},
): TempCore {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-test-'));
  const dbPath = join(dir, 'waybill.db');
  const clock = fakeClock(start);
  const core = createCore({
    dbPath,
    clock,
    fetch: fetchImpl,
    secrets: memorySecretStore(),
    config: { version: 'test', dataDir: dir, ...config },
    logger: quietLogger,
    notifier,
  });
  return {
    ...core,
    dir,
    dbPath,
    clock,
    dispose: () => {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
