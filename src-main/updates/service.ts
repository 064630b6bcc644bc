import { ApiError } from '../../src-shared/api/envelope';
import type { BusyReason, UpdateChannel, UpdatesStatus, UpdateState } from '../../src-shared/api/updates';
import type { Clock, Logger } from '../platform/ports';
import { readUpdateConfig, type UpdateConfig } from './config';
import { classifyFailure, effectiveChannel, FIRST_CHECK_AFTER_MS, nextCheckDelay, shouldInstallNow, type CheckOutcome } from './policy';

export type UpdateCheck = { kind: 'available'; version: string } | { kind: 'none'; version: string } | { kind: 'inactive' };

/** What the service needs from an updater; electron-updater fills it in the app, a local feed in tests. */
export interface UpdateEngine {
  check(config: UpdateConfig, channel: UpdateChannel): Promise<UpdateCheck>;
  /** Downloads the update the last check offered and verifies it; rejects when it does not match. */
  download(): Promise<void>;
  /** Quits, installs and relaunches. */
  installNow(): void;
}

export interface Timers {
  after(ms: number, run: () => void): () => void;
}

export const systemTimers: Timers = {
  after: (ms, run) => {
    const timer = setTimeout(run, ms);
    // A pending check must never keep a CLI or test process alive.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export interface ChannelStore {
  get(): UpdateChannel | null;
  set(channel: UpdateChannel): void;
}

export interface UpdatesDeps {
  engine: UpdateEngine | null;
  currentVersion: string;
  clock: Clock;
  timers: Timers;
  configPaths: readonly string[];
  channels: ChannelStore;
  logger: Logger;
}

export interface UpdatesService {
  status(): UpdatesStatus;
  setChannel(channel: UpdateChannel): UpdatesStatus;
  checkNow(): Promise<UpdatesStatus>;
  restartNow(): UpdatesStatus;
  /** Scan sessions and exports call this so a restart never cuts them short. */
  setBusy(reason: BusyReason, on: boolean): void;
  start(): void;
  stop(): void;
  /** Resolves once the check or background download in flight, if any, has finished. */
  settled(): Promise<void>;
}

const firstLine = (error: unknown): string =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]
    .slice(0, 200);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function createUpdatesService(deps: UpdatesDeps): UpdatesService {
  const { engine, clock, timers, logger } = deps;
  let state: UpdateState = engine ? 'idle' : 'unavailable';
  let message: string | null = engine ? null : 'This copy of Waybill does not update itself (browser mode or a development run).';
  let availableVersion: string | null = null;
  let lastCheckedAt: number | null = null;
  let nextCheckAt: number | null = null;
  let cancelTimer: (() => void) | null = null;
  let inFlight: { checked: Promise<void>; done: Promise<void> } | null = null;
  let restartRequested = false;
  let stopped = false;
  const busy = new Set<BusyReason>();

  const readConfig = () => readUpdateConfig(deps.configPaths);

  const schedule = (delay: number | null) => {
    cancelTimer?.();
    cancelTimer = null;
    nextCheckAt = null;
    if (delay === null || stopped || !engine) return;
    nextCheckAt = clock.now() + delay;
    cancelTimer = timers.after(delay, () => void begin().done);
  };

  const finish = (outcome: CheckOutcome, text: string | null) => {
    state = outcome === 'notConfigured' ? 'unavailable' : outcome;
    message = text;
    schedule(nextCheckDelay(outcome));
  };

  const fail = (error: unknown, version: string | null) => {
    const kind = classifyFailure(error);
    logger.warn(`Update ${version ? `download of ${version}` : 'check'} failed (${kind})`, firstLine(error));
    if (kind === 'offline') finish('offline', 'The update server could not be reached; Waybill will try again later.');
    else if (kind === 'integrity')
      finish(
        'failed',
        `The download of Waybill ${version} did not match its published checksum or signature and was discarded. Waybill will try again later; if this repeats, tell IT.`,
      );
    else finish('failed', `Checking for updates failed: ${firstLine(error)}`);
  };

  const maybeInstall = () => {
    if (!engine || !shouldInstallNow({ ready: state === 'ready', requested: restartRequested, busy: [...busy] })) return;
    logger.info(`Restarting to install Waybill ${availableVersion}`);
    engine.installNow();
  };

  async function cycle(engine: UpdateEngine, checked: () => void): Promise<void> {
    schedule(null);
    const read = readConfig();
    if (read.problem) return finish('failed', read.problem);
    if (!read.config) return finish('notConfigured', 'No update feed is configured; IT sets one in update.json.');
    state = 'checking';
    message = null;
    let result: UpdateCheck;
    try {
      result = await engine.check(read.config, effectiveChannel(read.config.channel, deps.channels.get()).channel);
    } catch (error) {
      lastCheckedAt = clock.now();
      return fail(error, null);
    }
    lastCheckedAt = clock.now();
    if (result.kind === 'inactive')
      return finish('unavailable', 'This copy of Waybill was not installed from a Waybill package, so it does not update itself.');
    if (result.kind === 'none') return finish('upToDate', null);

    availableVersion = result.version;
    state = 'downloading';
    checked();
    try {
      await engine.download();
    } catch (error) {
      availableVersion = null;
      return fail(error, result.version);
    }
    finish('ready', `Waybill ${result.version} is ready. It installs the next time Waybill quits, or restart now.`);
  }

  /** One check-and-download at a time; a second request joins the one running. */
  function begin(): { checked: Promise<void>; done: Promise<void> } {
    if (inFlight) return inFlight;
    if (!engine || state === 'ready' || stopped) return { checked: Promise.resolve(), done: Promise.resolve() };
    let markChecked!: () => void;
    const checked = new Promise<void>((resolve) => (markChecked = resolve));
    const done = cycle(engine, markChecked)
      .catch((error: unknown) => logger.error('Update cycle failed unexpectedly', error))
      .finally(() => {
        markChecked();
        inFlight = null;
      });
    inFlight = { checked, done };
    return inFlight;
  }

  const status = (): UpdatesStatus => {
    const read = readConfig();
    const channel = effectiveChannel(read.config?.channel, deps.channels.get());
    return {
      state,
      currentVersion: deps.currentVersion,
      channel: channel.channel,
      channelSetBy: channel.setBy,
      availableVersion,
      lastCheckedAt: iso(lastCheckedAt),
      nextCheckAt: iso(nextCheckAt),
      message,
      restartBlockedBy: [...busy],
      restartPending: restartRequested && state === 'ready',
    };
  };

  return {
    status,
    setChannel: (channel) => {
      const read = readConfig();
      if (read.config?.channel) throw new ApiError('forbidden', `The update channel is set by IT in ${read.source}; it cannot be changed here.`);
      const before = effectiveChannel(undefined, deps.channels.get()).channel;
      deps.channels.set(channel);
      if (channel !== before) void begin().done;
      return status();
    },
    checkNow: async () => {
      await begin().checked;
      return status();
    },
    restartNow: () => {
      if (state !== 'ready') throw new ApiError('unavailable', 'No update has been downloaded yet, so there is nothing to restart for.');
      restartRequested = true;
      if (busy.size) logger.info(`Restart to update waits for: ${[...busy].join(', ')}`);
      maybeInstall();
      return status();
    },
    setBusy: (reason, on) => {
      if (on) busy.add(reason);
      else busy.delete(reason);
      maybeInstall();
    },
    start: () => {
      if (engine && !stopped) schedule(FIRST_CHECK_AFTER_MS);
    },
    stop: () => {
      stopped = true;
      schedule(null);
    },
    settled: async () => {
      await inFlight?.done;
    },
  };
}
