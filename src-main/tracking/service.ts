import type { PollCadence } from '../../src-shared/domain/tracking/cadence';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, Notifier, SecretStore } from '../platform/ports';
import { createAccounts } from './accounts';
import { trackingHandlers } from './handlers';
import { createIngest } from './ingest';
import { createPoller, type PollerOptions } from './poller';

export interface TrackingServiceOptions {
  db: Db;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  secrets: SecretStore;
  events: EventBus;
  notifier: Notifier;
  logger: Logger;
  cadence?: PollCadence;
  pollIntervalMs: number;
  createClient?: PollerOptions['createClient'];
}

/** Carrier accounts, ingest and the poller, with the timer that drives it in the running app. */
export function createTrackingService(options: TrackingServiceOptions) {
  const accounts = createAccounts(options.db, options.secrets, options.cadence);
  const ingest = createIngest(options.db);
  const poller = createPoller({ ...options, accounts, ingest });
  let timer: NodeJS.Timeout | null = null;
  return {
    accounts,
    ingest,
    poller,
    handlers: trackingHandlers({ accounts, poller, fetch: options.fetch, clock: options.clock, logger: options.logger }),
    start: () => {
      if (options.pollIntervalMs <= 0) return;
      timer = setInterval(() => void poller.runOnce().catch((e) => options.logger.error('poll run failed', e)), options.pollIntervalMs);
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}

export type TrackingService = ReturnType<typeof createTrackingService>;
