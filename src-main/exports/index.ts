import { join } from 'node:path';
import type { Capability, CoreContext } from '../dispatch/capability';
import type { HandlersFor } from '../dispatch/handlers';
import type { ReportsService } from '../reports';
import { createExports, type Exports } from './jobs';

/** Shipments, the exception queue and reports written to CSV or XLSX files in the background. */
export function exportsCapability(ctx: CoreContext, reports: ReportsService): Capability<Exports> {
  const exports = createExports({
    db: ctx.db,
    dbPath: ctx.dbPath,
    dir: ctx.dataDir === null ? null : join(ctx.dataDir, 'exports'),
    events: ctx.events,
    clock: ctx.clock,
    logger: ctx.logger,
    reports,
  });
  const handlers: HandlersFor<'exports'> = {
    'exports.start': (arg, ctx) => exports.start(arg.what, arg.format, ctx.operator?.trim() || null),
    'exports.cancel': (arg) => ({ cancelled: exports.cancel(arg.jobId) }),
  };
  return { name: 'exports', handlers, events: ['exports.progressed', 'exports.finished'], tables: {}, dispose: () => exports.close(), service: exports };
}
