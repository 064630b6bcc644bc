import type {
  CarrierPerformanceArgs,
  CarrierPerformanceReport,
  DailyHealthArgs,
  DailyHealthReport,
  WeeklyCarriersArgs,
  WeeklyCarriersReport,
} from '../../src-shared/api/reports';
import type { Db } from '../db/create-db';
import type { Clock } from '../platform/ports';
import { dailyHealth } from './daily-health';
import { yieldToEventLoop, type Pace } from '../platform/pace';
import { carrierPerformance } from './performance';
import { weeklyCarriers } from './weekly';

/** The three manager reports over one store and clock; the handlers, exports, scheduler and CLI all go through it. */
export interface ReportsService {
  carrierPerformance(args: CarrierPerformanceArgs): Promise<CarrierPerformanceReport>;
  dailyHealth(args: DailyHealthArgs): DailyHealthReport;
  weeklyCarriers(args: WeeklyCarriersArgs): Promise<WeeklyCarriersReport>;
}

export function createReportsService(db: Db, clock: Clock, pace: Pace = yieldToEventLoop): ReportsService {
  return {
    carrierPerformance: (args) => carrierPerformance(db, args, clock.now(), pace),
    dailyHealth: (args) => dailyHealth(db, args, clock.now()),
    weeklyCarriers: (args) => weeklyCarriers(db, args, clock.now(), pace),
  };
}
