import type { Capability, CoreContext } from '../dispatch/capability';
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

/** Whether a newer Waybill is out on this station's channel, and installing it when the person says so. */
export function updatesCapability(ctx: CoreContext, version: string, dataDir: string, options?: UpdatesOptions): Capability<UpdatesService> {
  const service = createUpdatesService({
    engine: options?.engine ?? null,
    currentVersion: version,
    clock: ctx.clock,
    timers: options?.timers ?? systemTimers,
    configPaths: options?.configPaths ?? updateConfigPaths(dataDir),
    channels: settingsChannelStore(ctx.db),
    logger: ctx.logger,
  });
  return { name: 'updates', handlers: updatesHandlers(service), events: [], tables: {}, start: () => service.start(), dispose: () => service.stop(), service };
}
