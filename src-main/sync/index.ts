import type { Capability, CoreContext } from '../dispatch/capability';
import { syncHandlers } from './handlers';
import { createSyncService, type SyncService } from './service';
import { upstreamSources } from './sources';

export type { SyncService } from './service';
export { normalizeCode, resolveCarrier } from './carrier-codes';
export { CsvParser, detectDelimiter } from './files/csv';
export { decodeWhole, NO_DATA_ROWS, NOT_CSV_OR_XLSX } from './files/decode';

export interface SyncOptions {
  /** ShipStation's address; tests and demos point it at the loopback fake. */
  shipstationBaseUrl?: string;
  /** How often sync looks at its schedule and drop folder; 0 leaves it to explicit calls (tests, CLI). */
  tickMs: number;
}

/** Shipments from upstream platforms, dropped files and uploads, one run at a time, each batch committed whole. */
export function syncCapability(ctx: CoreContext, options: SyncOptions): Capability<SyncService> {
  const sync = createSyncService({ ...ctx, sources: upstreamSources({ shipstationBaseUrl: options.shipstationBaseUrl }) });
  return {
    name: 'sync',
    handlers: syncHandlers(ctx.db, sync),
    events: ['shipments.changed', 'sync.progressed', 'system.statusChanged'],
    tables: {
      sync_cursors: 'replicated',
      sync_order_values: 'replicated',
      sync_rejects: 'replicated',
      sync_unmapped_codes: 'replicated',
      // Which process runs which import is this station's business.
      sync_runs: 'local',
    },
    start: () => sync.start(options.tickMs),
    dispose: () => sync.close(),
    service: sync,
  };
}
