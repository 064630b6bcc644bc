import type { PollCadence } from '../../src-shared/domain/tracking/cadence';
import type { TrackingAccount } from '../../src-shared/domain/tracking/carriers';
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
  /** On a hub: a person's refresh polls nothing here until the hub says which accounts this station polls. */
  ledByHub?: boolean;
}

/** On a hub, who polls each carrier account (hub/index.ts sets it); alone, a station polls every account it has. */
export interface PollGate {
  polls(account: TrackingAccount): boolean;
  /** The station that polls an account this one does not, by name; null when none does or it is not known. */
  polledBy(account: TrackingAccount): string | null;
}

const POLLS_NOTHING: PollGate = { polls: () => false, polledBy: () => null };

/** Carrier accounts, ingest and the poller, with the timer that drives it in the running app. */
export function createTrackingService(options: TrackingServiceOptions) {
  const accounts = createAccounts(options.db, options.secrets, options.cadence);
  const ingest = createIngest(options.db);
  const poller = createPoller({ ...options, accounts, ingest });
  let timer: NodeJS.Timeout | null = null;
  let gate: PollGate | null = options.ledByHub ? POLLS_NOTHING : null;
  return {
    accounts,
    ingest,
    poller,
    handlers: trackingHandlers({ accounts, poller, fetch: options.fetch, clock: options.clock, logger: options.logger, gate: () => gate }),
    /** Who decides which accounts a person's refresh polls here: the hub's leadership, or (null) this station alone. */
    ledBy(next: PollGate | null): void {
      gate = next;
    },
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
