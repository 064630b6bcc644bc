import type {
  CarrierPerformanceReport,
  DailyHealthReport,
  DrilldownQuery,
  DrillPart,
  Page,
  ReportFilter,
  ReportSchedule,
  ReportScheduleState,
  ShipmentRow,
  WeeklyCarriersReport,
} from '../../src-shared/api';
import { addDays } from '../../src-shared/domain/kpi/calendar';
import type { GroupKey, GroupValues, MetricName } from '../../src-shared/domain/kpi/performance';
import { localDate, machineOffset } from '../../src-shared/domain/time-zones/zones';
import type { SliceCreator } from './types';

export type ReportsTab = 'performance' | 'daily' | 'weekly' | 'schedule';

/** The figure a manager clicked: which shipments to list, and how many the report said there are. */
export interface DrillTarget {
  group: GroupValues;
  metric: MetricName;
  reason?: string;
  part: DrillPart;
  /** "UPS · On time", for the panel's title. */
  label: string;
}

export interface ReportsSlice {
  reportsTab: ReportsTab;
  reportRange: { from: string; to: string };
  reportGroupBy: GroupKey[];
  reportFilter: ReportFilter;
  /** The table, with the trend and distribution charts computed in the same pass. */
  performance: CarrierPerformanceReport | null;
  reportLoading: boolean;
  reportError: string | null;
  drill: DrillTarget | null;
  /** Bumped when the drill target changes, so its grid drops cached blocks. */
  drillVersion: number;
  dailyDate: string;
  dailyHealth: DailyHealthReport | null;
  weeklyWeek: string | null;
  weekly: WeeklyCarriersReport | null;
  schedule: ReportScheduleState | null;
  scheduleMessage: { ok: boolean; text: string } | null;
  setReportsTab(tab: ReportsTab): void;
  setReportRange(patch: Partial<{ from: string; to: string }>): void;
  setReportGroupBy(keys: GroupKey[]): void;
  setReportCarriers(carriers: ReportFilter['carrier']): void;
  loadPerformance(): Promise<void>;
  openDrill(target: DrillTarget | null): void;
  setDrillPart(part: DrillPart): void;
  fetchDrillBlock(startRow: number, endRow: number): Promise<Page<ShipmentRow>>;
  loadDailyHealth(date?: string): Promise<void>;
  loadWeekly(week?: string | null): Promise<void>;
  loadSchedule(): Promise<void>;
  saveSchedule(schedule: ReportSchedule): Promise<void>;
}

const localToday = (): string => localDate(Date.now(), machineOffset);

/** Minutes east of UTC on this machine, so "today" in the daily report is the warehouse's day. */
const localOffset = (): number => machineOffset(Date.now());

const message = (error: unknown) => (error as Error).message;

export const createReportsSlice: SliceCreator<ReportsSlice> = (set, get, client) => {
  const drillQuery = (): DrilldownQuery | null => {
    const { drill, reportRange, reportFilter } = get();
    if (!drill) return null;
    return { ...reportRange, filter: reportFilter, group: drill.group, metric: drill.metric, reason: drill.reason, part: drill.part };
  };

  return {
    reportsTab: 'performance',
    reportRange: { from: addDays(localToday(), -29), to: localToday() },
    reportGroupBy: ['carrier'],
    reportFilter: {},
    performance: null,
    reportLoading: false,
    reportError: null,
    drill: null,
    drillVersion: 0,
    dailyDate: localToday(),
    dailyHealth: null,
    weeklyWeek: null,
    weekly: null,
    schedule: null,
    scheduleMessage: null,
    setReportsTab: (tab) => set({ reportsTab: tab }),
    setReportRange: (patch) => {
      set({ reportRange: { ...get().reportRange, ...patch }, drill: null });
      void get().loadPerformance();
    },
    setReportGroupBy: (keys) => {
      set({ reportGroupBy: keys, drill: null });
      void get().loadPerformance();
    },
    setReportCarriers: (carriers) => {
      set({ reportFilter: carriers?.length ? { ...get().reportFilter, carrier: carriers } : {}, drill: null });
      void get().loadPerformance();
    },
    loadPerformance: async () => {
      const { reportRange, reportGroupBy, reportFilter } = get();
      if (reportRange.from > reportRange.to) {
        set({ reportError: 'The start date is after the end date.' });
        return;
      }
      set({ reportLoading: true, reportError: null });
      try {
        const performance = await client.call('reports.carrierPerformance', { ...reportRange, filter: reportFilter, groupBy: reportGroupBy, withCharts: true });
        // A newer range may have been chosen while this one was computing.
        if (get().reportRange === reportRange && get().reportGroupBy === reportGroupBy && get().reportFilter === reportFilter) set({ performance });
      } catch (error) {
        set({ reportError: message(error) });
      } finally {
        set({ reportLoading: false });
      }
    },
    openDrill: (target) => set({ drill: target, drillVersion: get().drillVersion + 1 }),
    setDrillPart: (part) => {
      const drill = get().drill;
      if (drill) set({ drill: { ...drill, part }, drillVersion: get().drillVersion + 1 });
    },
    fetchDrillBlock: async (startRow, endRow) => {
      const query = drillQuery();
      if (!query) return { rows: [], lastRow: 0 };
      return client.call('reports.drilldown', { query, startRow, endRow });
    },
    loadDailyHealth: async (date) => {
      const dailyDate = date ?? get().dailyDate;
      set({ dailyDate, reportError: null });
      try {
        set({ dailyHealth: await client.call('reports.dailyHealth', { date: dailyDate, utcOffsetMinutes: localOffset() }) });
      } catch (error) {
        set({ reportError: message(error) });
      }
    },
    loadWeekly: async (week) => {
      const weeklyWeek = week === undefined ? get().weeklyWeek : week;
      set({ weeklyWeek, reportError: null });
      try {
        set({ weekly: await client.call('reports.weeklyCarriers', { week: weeklyWeek ?? undefined, filter: get().reportFilter }) });
      } catch (error) {
        set({ reportError: message(error) });
      }
    },
    loadSchedule: async () => {
      try {
        set({ schedule: await client.call('reports.getSchedule', {}) });
      } catch (error) {
        set({ scheduleMessage: { ok: false, text: message(error) } });
      }
    },
    saveSchedule: async (schedule) => {
      try {
        set({ schedule: await client.call('reports.setSchedule', { schedule }), scheduleMessage: { ok: true, text: 'Schedule saved.' } });
      } catch (error) {
        set({ scheduleMessage: { ok: false, text: message(error) } });
      }
    },
  };
};
