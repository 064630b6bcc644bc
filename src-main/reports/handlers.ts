import { join } from 'node:path';
import type { HandlersFor } from '../dispatch/handlers';
import type { EventBus } from '../dispatch/events';
import type { Db } from '../db/create-db';
import { createExports } from '../exports/jobs';
import type { Clock, Logger } from '../platform/ports';
import { createSortedViews } from '../db/sorted-views';
import { drilldownPage } from './drilldown';
import { createReportScheduler } from './schedule/service';
import type { ReportPrinter } from './schedule/printer';
import { createReportsService } from './service';

export interface ReportsDeps {
  db: Db;
  dbPath: string;
  dataDir: string | null;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  /** The desktop shell's PDF printer; without it scheduled reports are CSV only. */
  printer?: ReportPrinter;
  /** How often the report schedule is checked; 0 leaves it to explicit calls (tests, CLI). */
  scheduleTickMs?: number;
}

/** Reports, exports and scheduled reports: the handlers for the contract plus the services the CLI and bench use. */
export function createReports(deps: ReportsDeps) {
  const service = createReportsService(deps.db, deps.clock);
  const exports = createExports({
    db: deps.db,
    dbPath: deps.dbPath,
    dir: deps.dataDir === null ? null : join(deps.dataDir, 'exports'),
    events: deps.events,
    clock: deps.clock,
    logger: deps.logger,
    reports: service,
  });
  const scheduler = createReportScheduler({ db: deps.db, clock: deps.clock, reports: service, logger: deps.logger, printer: deps.printer });
  scheduler.start(deps.scheduleTickMs ?? 0);
  const drilldowns = createSortedViews(deps.db.raw, { now: () => deps.clock.now() });

  const handlers: HandlersFor<'reports' | 'exports'> = {
    'reports.carrierPerformance': (arg) => service.carrierPerformance(arg),
    'reports.drilldown': (arg) => drilldownPage(deps.db, drilldowns, arg.query, arg.startRow, arg.endRow),
    'reports.dailyHealth': (arg) => service.dailyHealth(arg),
    'reports.weeklyCarriers': (arg) => service.weeklyCarriers(arg),
    'reports.getSchedule': () => scheduler.getState(),
    'reports.setSchedule': (arg) => scheduler.setSchedule(arg.schedule),
    'exports.start': (arg, ctx) => exports.start(arg.what, arg.format, ctx.operator?.trim() || null),
    'exports.cancel': (arg) => ({ cancelled: exports.cancel(arg.jobId) }),
  };

  return {
    handlers,
    service,
    exports,
    scheduler,
    close: () => {
      exports.close();
      void scheduler.stop();
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
