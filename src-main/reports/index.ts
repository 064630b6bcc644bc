import type { Capability, CoreContext } from '../dispatch/capability';
import type { HandlersFor } from '../dispatch/handlers';
import { createSortedViews } from '../db/sorted-views';
import { drilldownPage } from './drilldown';
import { createReportScheduler, type ReportScheduler } from './schedule/service';
import type { ReportPrinter } from './schedule/printer';
import { createReportsService, type ReportsService } from './service';

export type { ReportsService } from './service';
export { drilldownSql } from './drilldown';
export * from './tables';
export { dailyHealthSheet, performanceSheet, weeklySheet, type Sheet } from './sheets';

export interface ReportsOptions {
  /** The desktop shell's PDF printer; without it scheduled reports are CSV only. */
  printer?: ReportPrinter;
  /** How often the report schedule is checked; 0 leaves it to explicit calls (tests, CLI). */
  scheduleTickMs: number;
}

/** Carrier performance, daily health and weekly reports, their drill-downs, and the report schedule. */
export function reportsCapability(ctx: CoreContext, options: ReportsOptions): Capability<{ service: ReportsService; scheduler: ReportScheduler }> {
  const service = createReportsService(ctx.db, ctx.clock);
  const scheduler = createReportScheduler({ db: ctx.db, clock: ctx.clock, reports: service, logger: ctx.logger, printer: options.printer });
  const drilldowns = createSortedViews(ctx.db.raw, { now: () => ctx.clock.now() });
  const handlers: HandlersFor<'reports'> = {
    'reports.carrierPerformance': (arg) => service.carrierPerformance(arg),
    'reports.drilldown': (arg) => drilldownPage(ctx.db, drilldowns, arg.query, arg.startRow, arg.endRow),
    'reports.dailyHealth': (arg) => service.dailyHealth(arg),
    'reports.weeklyCarriers': (arg) => service.weeklyCarriers(arg),
    'reports.getSchedule': () => scheduler.getState(),
    'reports.setSchedule': (arg) => scheduler.setSchedule(arg.schedule),
  };
  return {
    name: 'reports',
    handlers,
    events: [],
    tables: {},
    start: () => scheduler.start(options.scheduleTickMs),
    dispose: () => void scheduler.stop(),
    service: { service, scheduler },
  };
}
