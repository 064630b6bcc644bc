import type { Db } from '../db/create-db';
import type { HandlersFor } from '../dispatch/handlers';
import type { Clock, Logger } from '../platform/ports';
import { updateConfigPaths } from './config';
import { updatesHandlers } from './handlers';
import { settingsChannelStore } from './repo';
import { createUpdatesService, systemTimers, type Timers, type UpdateEngine, type UpdatesService } from './service';

export type { Timers, UpdateEngine, UpdatesService } from './service';

export interface UpdatesOptions {
  /** Only the packaged Electron app has one; browser mode, the CLI and most tests run without. */
  engine: UpdateEngine;
  timers?: Timers;
  /** Where update.json is looked for; defaults to the machine-wide path, then the data folder. */
  configPaths?: readonly string[];
}

export interface UpdatesDepsForCore {
  db: Db;
  clock: Clock;
  logger: Logger;
  version: string;
  dataDir: string;
  options?: UpdatesOptions;
}

export function createUpdates(deps: UpdatesDepsForCore): { service: UpdatesService; handlers: HandlersFor<'updates'> } {
  const service = createUpdatesService({
    engine: deps.options?.engine ?? null,
    currentVersion: deps.version,
    clock: deps.clock,
    timers: deps.options?.timers ?? systemTimers,
    configPaths: deps.options?.configPaths ?? updateConfigPaths(deps.dataDir),
    channels: settingsChannelStore(deps.db),
    logger: deps.logger,
  });
  service.start();
  return { service, handlers: updatesHandlers(service) };
}
