import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodArg, MethodName, MethodResult, UpdatesStatus } from '../../src-shared/api';
import { createCore, type Core } from '../core';
import { memorySecretStore } from '../platform/ports';
import { fakeClock, quietLogger } from '../testing/temp-core';
import { electronUpdaterEngine } from './electron-updater-engine';
import { CHECK_EVERY_MS, FAILURE_RETRY_MS, FIRST_CHECK_AFTER_MS, OFFLINE_RETRY_MS } from './policy';
import type { Timers } from './service';
import { fakeInstaller, startFeedServer, type FeedServer } from './testing/feed-server';
import { RecordingDebUpdater } from './testing/node-updater';

const START = Date.parse('2026-11-20T12:00:00Z');

/** Timers the test fires by hand, so "every four hours" is checked without waiting four hours. */
function manualTimers(): Timers & { delays(): number[]; fire(): void } {
  const pending: { ms: number; run: () => void; live: boolean }[] = [];
  return {
    after: (ms, run) => {
      const timer = { ms, run, live: true };
      pending.push(timer);
      return () => void (timer.live = false);
    },
    delays: () => pending.filter((t) => t.live).map((t) => t.ms),
    fire: () => {
      const timer = pending.find((t) => t.live);
      if (!timer) throw new Error('no timer pending');
      timer.live = false;
      timer.run();
    },
  };
}

type UpdatesMethod = Extract<MethodName, `updates.${string}`>;

interface Station {
  core: Core;
  updater: RecordingDebUpdater;
  timers: ReturnType<typeof manualTimers>;
  feed: FeedServer;
  dir: string;
  call<N extends UpdatesMethod>(method: N, arg?: MethodArg<N>): Promise<MethodResult<N>>;
  callError(method: UpdatesMethod, arg?: unknown): Promise<{ code: string; message: string }>;
  pendingFiles(): string[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A packed Waybill at `version` on a workstation whose update.json points at a local feed. */
async function station(options: { version?: string; updateJson?: (feedUrl: string) => unknown } = {}): Promise<Station> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-updates-'));
  const feed = await startFeedServer();
  const updateJsonPath = join(dir, 'update.json');
  const updateJson = options.updateJson ? options.updateJson(feed.url) : { url: feed.url };
  if (updateJson !== undefined) writeFileSync(updateJsonPath, typeof updateJson === 'string' ? updateJson : JSON.stringify(updateJson));
  const updater = new RecordingDebUpdater(options.version ?? '0.1.0', join(dir, 'cache'));
  const timers = manualTimers();
  const core = createCore({
    dbPath: join(dir, 'waybill.db'),
    clock: fakeClock(START),
    fetch: globalThis.fetch,
    secrets: memorySecretStore(),
    config: { version: options.version ?? '0.1.0', dataDir: dir },
    logger: quietLogger,
    updates: { engine: electronUpdaterEngine(updater, quietLogger), timers, configPaths: [updateJsonPath] },
  });
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => feed.close(),
    async () => {
      await core.services.updates.settled();
      core.close();
    },
  );
  const pendingDir = join(dir, 'cache', 'waybill-updater', 'pending');
  return {
    core,
    updater,
    timers,
    feed,
    dir,
    call: async (method, arg) => {
      // The updates methods whose argument is optional take undefined as {} (the contract's default).
      const envelope = await core.dispatch(method, arg!);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.value;
    },
    callError: async (method, arg) => {
      const envelope = await core.dispatchUntrusted(method, arg);
      if (envelope.ok) throw new Error(`${method} unexpectedly succeeded`);
      return envelope.error;
    },
    pendingFiles: () => (existsSync(pendingDir) ? readdirSync(pendingDir).filter((f) => f.endsWith('.deb')) : []),
  };
}

const checkAndSettle = async (s: Station): Promise<UpdatesStatus> => {
  await s.call('updates.checkNow');
  await s.core.services.updates.settled();
  return s.call('updates.status');
};

describe('updates against a local feed, through electron-updater', () => {
  it('checks soon after start, downloads a newer release, verifies it, and waits for a restart', async () => {
    const s = await station();
    const installer = fakeInstaller();
    s.feed.publish('latest', { version: '0.2.0', body: installer });

    expect(s.timers.delays()).toEqual([FIRST_CHECK_AFTER_MS]);
    s.timers.fire();
    await s.core.services.updates.settled();

    const status = await s.call('updates.status');
    expect(status).toMatchObject({ state: 'ready', currentVersion: '0.1.0', availableVersion: '0.2.0', channel: 'stable', restartPending: false });
    expect(status.message).toContain('Waybill 0.2.0 is ready');
    expect(s.feed.requested[0]).toMatch(/^latest/);
    expect(s.pendingFiles()).toEqual(['waybill_0.2.0_amd64.deb']);
    expect(readFileSync(join(s.dir, 'cache', 'waybill-updater', 'pending', 'waybill_0.2.0_amd64.deb')).equals(installer)).toBe(true);
    // Never on its own: a downloaded update waits for the person or the next quit.
    expect(s.updater.installs).toBe(0);
    expect(s.timers.delays()).toEqual([]);
  });

  it('finds nothing newer, says so, and looks again every few hours', async () => {
    const s = await station({ version: '0.2.0' });
    s.feed.publish('latest', { version: '0.2.0', body: fakeInstaller() });

    const status = await checkAndSettle(s);
    expect(status).toMatchObject({ state: 'upToDate', availableVersion: null, lastCheckedAt: '2026-11-20T12:00:00.000Z' });
    expect(status.nextCheckAt).toBe(new Date(START + CHECK_EVERY_MS).toISOString());
    expect(s.timers.delays()).toEqual([CHECK_EVERY_MS]);

    s.feed.publish('latest', { version: '0.3.0', body: fakeInstaller() });
    s.timers.fire();
    await s.core.services.updates.settled();
    expect(await s.call('updates.status')).toMatchObject({ state: 'ready', availableVersion: '0.3.0' });
  });

  it('never offers an older release, even after switching channels', async () => {
    const s = await station({ version: '0.3.0' });
    s.feed.publish('latest', { version: '0.2.0', body: fakeInstaller() });
    expect(await checkAndSettle(s)).toMatchObject({ state: 'upToDate', availableVersion: null });
    expect(s.pendingFiles()).toEqual([]);
  });

  it('skips quietly when the feed is unreachable and finds the update once it is back', async () => {
    const s = await station();
    const port = new URL(s.feed.url).port;
    await s.feed.stop();

    const status = await checkAndSettle(s);
    expect(status.state).toBe('offline');
    expect(status.availableVersion).toBeNull();
    expect(status.nextCheckAt).toBe(new Date(START + OFFLINE_RETRY_MS).toISOString());
    expect(s.timers.delays()).toEqual([OFFLINE_RETRY_MS]);

    const back = await startFeedServer(Number(port));
    cleanups.push(() => back.close());
    back.publish('latest', { version: '0.2.0', body: fakeInstaller() });
    s.timers.fire();
    await s.core.services.updates.settled();
    expect(await s.call('updates.status')).toMatchObject({ state: 'ready', availableVersion: '0.2.0' });
  });

  it('refuses a download whose checksum does not match the feed, keeps nothing, and offers no restart', async () => {
    const s = await station();
    s.feed.publish('latest', { version: '0.2.0', body: fakeInstaller(), sha512Of: fakeInstaller() });

    const status = await checkAndSettle(s);
    expect(status.state).toBe('failed');
    expect(status.message).toContain('did not match its published checksum');
    expect(status.availableVersion).toBeNull();
    expect(s.pendingFiles()).toEqual([]);
    expect(s.timers.delays()).toEqual([FAILURE_RETRY_MS]);
    expect(await s.callError('updates.restartNow')).toMatchObject({ code: 'unavailable' });
    expect(s.updater.installs).toBe(0);
  });

  it('postpones "Restart to update" while a scan session is open, then restarts once it closes', async () => {
    const s = await station();
    s.feed.publish('latest', { version: '0.2.0', body: fakeInstaller() });
    await checkAndSettle(s);

    s.core.services.updates.setBusy('scan-session', true);
    const waiting = await s.call('updates.restartNow');
    expect(waiting).toMatchObject({ state: 'ready', restartPending: true, restartBlockedBy: ['scan-session'] });
    expect(s.updater.installs).toBe(0);

    s.core.services.updates.setBusy('export', true);
    s.core.services.updates.setBusy('scan-session', false);
    expect(s.updater.installs).toBe(0);
    s.core.services.updates.setBusy('export', false);
    expect(s.updater.installs).toBe(1);
  });

  it('restarts right away when asked and nothing is running', async () => {
    const s = await station();
    s.feed.publish('latest', { version: '0.2.0', body: fakeInstaller() });
    await checkAndSettle(s);
    await s.call('updates.restartNow');
    expect(s.updater.installs).toBe(1);
  });

  it('follows the beta channel chosen in Settings, and remembers it', async () => {
    const s = await station();
    s.feed.publish('latest', { version: '0.1.0', body: fakeInstaller() });
    s.feed.publish('beta', { version: '0.2.0-beta.1', body: fakeInstaller() });
    expect(await checkAndSettle(s)).toMatchObject({ state: 'upToDate', channel: 'stable', channelSetBy: 'default' });

    expect(await s.call('updates.setChannel', { channel: 'beta' })).toMatchObject({ channel: 'beta', channelSetBy: 'settings' });
    await s.core.services.updates.settled();
    expect(await s.call('updates.status')).toMatchObject({ state: 'ready', availableVersion: '0.2.0-beta.1' });
    expect(s.feed.requested.at(-1)).toMatch(/^beta/);
  });

  it('keeps the channel IT fixed in update.json and says why it cannot be changed', async () => {
    const s = await station({ updateJson: (url) => ({ url, channel: 'stable' }) });
    const error = await s.callError('updates.setChannel', { channel: 'beta' });
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('set by IT');
    expect(await s.call('updates.status')).toMatchObject({ channel: 'stable', channelSetBy: 'it' });
  });

  it('explains a broken update.json instead of checking somewhere else', async () => {
    const s = await station({ updateJson: () => '{"url": "http://updates.example.com/waybill/"}' });
    const status = await checkAndSettle(s);
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/update\.json: "url" must be an https:\/\/ address/);
    expect(s.feed.requested).toEqual([]);
  });

  it('reports that it is not configured, without an update.json, and keeps looking for one', async () => {
    const s = await station({ updateJson: () => undefined });
    const status = await checkAndSettle(s);
    expect(status).toMatchObject({ state: 'unavailable', message: 'No update feed is configured; IT sets one in update.json.' });
    expect(s.timers.delays()).toEqual([CHECK_EVERY_MS]);
  });

  it('rejects an unknown channel before anything runs', async () => {
    const s = await station();
    expect(await s.callError('updates.setChannel', { channel: 'nightly' })).toMatchObject({ code: 'invalid_argument' });
  });
});

describe('updates without an updater (browser mode, CLI)', () => {
  it('says this copy does not update itself and never schedules a check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-updates-'));
    const core = createCore({
      dbPath: join(dir, 'waybill.db'),
      clock: fakeClock(START),
      fetch: globalThis.fetch,
      secrets: memorySecretStore(),
      config: { version: '0.1.0', dataDir: dir },
      logger: quietLogger,
    });
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => core.close(),
    );
    const status = await core.dispatch('updates.checkNow', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'unavailable', nextCheckAt: null } });
    expect(await core.dispatch('updates.restartNow', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
