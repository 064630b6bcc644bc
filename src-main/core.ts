import { createDb, type Db } from './db/create-db';
import { createDispatcher, type Dispatch } from './dispatch/dispatcher';
import { createEventBus, type EventBus } from './dispatch/events';
import type { Handlers } from './dispatch/handlers';
import { consoleLogger, type Clock, type Logger, type Notifier, type SecretStore } from './platform/ports';
import { shipmentsHandlers } from './shipments/handlers';
import { systemHandlers } from './system/handlers';

export interface CoreConfig {
  version: string;
  dataDir: string | null;
}

export interface CoreOptions {
  dbPath: string;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  secrets: SecretStore;
  config: CoreConfig;
  notifier?: Notifier;
  logger?: Logger;
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  /** Direct access for the CLI and benchmarks, which run in the same process as the core. */
  services: { db: Db };
  close(): void;
}

/** Plain Node: no electron import, no module state; everything arrives through options. */
export function createCore(options: CoreOptions): Core {
  const logger = options.logger ?? consoleLogger;
  const db = createDb(options.dbPath);
  const events = createEventBus();

  const handlers: Handlers = {
    ...systemHandlers({
      db,
      dbPath: options.dbPath,
      dataDir: options.config.dataDir,
      clock: options.clock,
      events,
      version: options.config.version,
      // Connectivity is learned from carrier and upstream calls; until one fails the console assumes online.
      isOnline: () => true,
    }),
    ...shipmentsHandlers(db),
  };

  return {
    dispatch: createDispatcher(handlers, logger),
    events,
    services: { db },
    close: () => db.close(),
  };
}
