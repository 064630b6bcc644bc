import { z } from 'zod';
import { dayNumber, isIsoWeek } from '../domain/kpi/calendar';
import type { MetricDefinition } from '../domain/kpi/definitions';
import {
  GROUP_KEYS,
  METRIC_NAMES,
  type GroupKey,
  type GroupValues,
  type MetricName,
  type MetricPopulations,
  type PerformanceMetrics,
} from '../domain/kpi/performance';
import { CARRIERS } from '../domain/tracking/status';
import { defineMethod } from './define';
import { ExceptionFilter, ExceptionSort } from './exceptions';
import { ShipmentFilter, SHIPMENT_SORT_COLUMNS, type Page, type ShipmentRow } from './shipments';

const isoDate = z.string().refine((d) => dayNumber(d) !== null, 'expected a calendar date YYYY-MM-DD');
const isoWeek = z.string().refine(isIsoWeek, 'expected an ISO week such as 2026-W47');

export const ReportFilter = z
  .object({
    carrier: z.array(z.enum(CARRIERS)).max(CARRIERS.length).optional(),
    service: z.array(z.string().min(1).max(64)).max(50).optional(),
    warehouse: z.array(z.string().min(1).max(32)).max(50).optional(),
  })
  .strict();
export type ReportFilter = z.infer<typeof ReportFilter>;

const rangeInOrder = { message: 'from must be on or before to', path: ['to'] };

export const CarrierPerformanceArgs = z
  .object({
    from: isoDate,
    to: isoDate,
    groupBy: z
      .array(z.enum(GROUP_KEYS))
      .max(GROUP_KEYS.length)
      .refine((keys) => new Set(keys).size === keys.length, 'each grouping once')
      .default(['carrier']),
    filter: ReportFilter.default({}),
    /** Also return the trend and distribution charts, computed in the same pass. */
    withCharts: z.boolean().default(false),
  })
  .strict()
  .refine((a) => a.from <= a.to, rangeInOrder);
export type CarrierPerformanceArgs = z.output<typeof CarrierPerformanceArgs>;

/** One row of the table: the grouping values (`carrier: "ups"`) beside the figures, as in FORMATS.md. */
export type PerformanceGroup = GroupValues & PerformanceMetrics & { populations: MetricPopulations };

export interface CarrierPerformanceReport {
  from: string;
  to: string;
  groupBy: GroupKey[];
  groups: PerformanceGroup[];
  /** Every shipment in scope as one group (medians over all of them, not an average of group medians). */
  total: PerformanceMetrics & { populations: MetricPopulations };
  definitions: Record<MetricName, MetricDefinition>;
  /** The shipments every figure starts from, in words. */
  scope: string;
  generatedAt: string;
  charts?: PerformanceCharts;
}

export interface PerformanceCharts {
  /** One point per carrier and ship week that shipped anything. */
  weekly: { carrier: string; week: string; onTimeRate: number | null; exceptionRate: number | null; delivered: number; shipped: number }[];
  transit: TransitDistribution;
}

export const DRILL_PARTS = ['population', 'counted', 'notCounted'] as const;
export type DrillPart = (typeof DRILL_PARTS)[number];

const groupValue = z.string().max(64).nullable();

export const DrilldownQuery = z
  .object({
    from: isoDate,
    to: isoDate,
    filter: ReportFilter.default({}),
    /** The row clicked: its grouping values; a key left out is not constrained. */
    group: z
      .object({ carrier: groupValue.optional(), service: groupValue.optional(), warehouse: groupValue.optional(), week: groupValue.optional() })
      .strict()
      .default({}),
    metric: z.enum(METRIC_NAMES),
    /** Required for exceptionsByReason. */
    reason: z.string().min(1).max(40).optional(),
    /** A rate's population, the shipments it counted, or the rest of the population (e.g. the late ones). */
    part: z.enum(DRILL_PARTS).default('population'),
  })
  .strict()
  .refine((a) => a.from <= a.to, rangeInOrder)
  .refine((a) => a.metric !== 'exceptionsByReason' || a.reason !== undefined, { message: 'exceptionsByReason needs a reason', path: ['reason'] });
export type DrilldownQuery = z.output<typeof DrilldownQuery>;

export const DrilldownArgs = z
  .object({
    query: DrilldownQuery,
    startRow: z.number().int().min(0).max(100_000_000),
    endRow: z.number().int().min(1).max(100_000_000),
  })
  .strict()
  .refine((a) => a.endRow > a.startRow && a.endRow - a.startRow <= 1000, { message: 'endRow must be after startRow and a block holds at most 1000 rows' });

export const DailyHealthArgs = z
  .object({
    /** The day reported on; default today in the caller's offset. */
    date: isoDate.optional(),
    /** The caller's offset from UTC in minutes (east positive), so "today" is the warehouse's day. */
    utcOffsetMinutes: z.number().int().min(-840).max(840).default(0),
  })
  .strict();
export type DailyHealthArgs = z.output<typeof DailyHealthArgs>;

export interface ReasonFlow {
  reason: string;
  opened: number;
  resolved: number;
  autoResolved: number;
  /** Open, in progress or snoozed at the end of the day (or now, for today). */
  stillOpen: number;
}

export interface CarrierCounts {
  total: number;
  byCarrier: Record<string, number>;
}

export interface SyncSourceHealth {
  source: string;
  lastStartedAt: string;
  lastFinishedAt: string | null;
  lastError: string | null;
  runsOnDay: number;
  failedRunsOnDay: number;
  rejectedOnDay: number;
}

export interface CarrierAccountHealth {
  carrier: string;
  enabled: boolean;
  circuitState: string;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailure: string | null;
}

/** One station's day: what was done there, by the station name its audit trail and its scan sessions carry. */
export interface StationDay {
  station: string;
  /** Scans made at the station that day, undone ones left out. */
  scans: number;
  exceptionsResolved: number;
  returnsReceived: number;
}

export interface DailyHealthReport {
  date: string;
  /** The day as UTC instants [from, to). */
  from: string;
  to: string;
  generatedAt: string;
  exceptions: { byReason: ReasonFlow[]; total: Omit<ReasonFlow, 'reason'> };
  /** Parcels flagged late / stalled right now, not yet delivered, returned or cancelled. */
  late: CarrierCounts;
  stalled: CarrierCounts;
  /** Labels created in the 7 days up to the end of the day with no matched carrier-handoff scan. */
  unreconciledLabels: CarrierCounts & { windowFrom: string; windowTo: string };
  returnsPendingPickup: CarrierCounts & { overdue: number };
  sync: SyncSourceHealth[];
  carriers: CarrierAccountHealth[];
  /** The day grouped by station: on a hub, every station's work (it replicates), here in one table. */
  byStation: StationDay[];
}

export const WeeklyCarriersArgs = z
  .object({
    /** Default: the last complete ISO week before today. */
    week: isoWeek.optional(),
    filter: ReportFilter.default({}),
  })
  .strict();
export type WeeklyCarriersArgs = z.output<typeof WeeklyCarriersArgs>;

export interface WeeklyCarrierRow {
  carrier: string;
  current: PerformanceMetrics;
  populations: MetricPopulations;
  /** null when the carrier shipped nothing the week before. */
  previous: PerformanceMetrics | null;
  /** current − previous for every flattened figure (`transitHours.median`), null when either is missing. */
  change: Record<string, number | null>;
}

export interface WeeklyCarriersReport {
  week: string;
  from: string;
  to: string;
  previousWeek: string;
  carriers: WeeklyCarrierRow[];
  total: Omit<WeeklyCarrierRow, 'carrier'>;
  definitions: Record<MetricName, MetricDefinition>;
  generatedAt: string;
}

export interface TransitDistribution {
  /** Bin i counts transit times in [i, i+1) days; the last bin is "this many days or more". */
  binDays: readonly number[];
  carriers: { carrier: string; counts: number[]; total: number }[];
}

export const SCHEDULE_FORMATS = ['csv', 'pdf'] as const;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const ReportSchedule = z
  .object({
    /** Absolute folder on this machine the reports are written to. */
    folder: z.string().trim().min(1).max(1000).nullable(),
    daily: z.object({ enabled: z.boolean(), time: clockTime }).strict(),
    /** weekday: 1 = Monday … 7 = Sunday. */
    weekly: z.object({ enabled: z.boolean(), weekday: z.number().int().min(1).max(7), time: clockTime }).strict(),
    formats: z.array(z.enum(SCHEDULE_FORMATS)).min(1).max(2),
  })
  .strict();
export type ReportSchedule = z.infer<typeof ReportSchedule>;

export interface ScheduledRunRecord {
  kind: 'daily' | 'weekly';
  /** The day or ISO week reported on. */
  period: string;
  at: string;
  files: string[];
  note: string | null;
}

export interface ReportScheduleState {
  schedule: ReportSchedule;
  /** PDF needs the desktop app's printer; browser mode writes CSV and says so. */
  pdfAvailable: boolean;
  lastRuns: ScheduledRunRecord[];
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('carrierPerformance'), args: CarrierPerformanceArgs }).strict(),
  z.object({ kind: z.literal('dailyHealth'), args: DailyHealthArgs }).strict(),
  z.object({ kind: z.literal('weeklyCarriers'), args: WeeklyCarriersArgs }).strict(),
  z.object({ kind: z.literal('drilldown'), query: DrilldownQuery }).strict(),
  z.object({ kind: z.literal('exceptions'), filter: ExceptionFilter.default({}), sort: ExceptionSort }).strict(),
  z
    .object({
      kind: z.literal('shipments'),
      filter: ShipmentFilter.default({}),
      sort: z
        .array(z.object({ column: z.enum(SHIPMENT_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) }).strict())
        .max(3)
        .default([]),
    })
    .strict(),
]);
export type ExportSubject = z.output<typeof ExportSubject>;
/** What a caller sends: defaults (filters, groupings) may be left out. */
export type ExportSubjectInput = z.input<typeof ExportSubject>;

export interface ExportJob {
  jobId: string;
  /** Name inside the console's exports folder; browser mode downloads it from /api/exports/<name>. */
  fileName: string;
}

export interface ExportProgress {
  jobId: string;
  rows: number;
  totalRows: number | null;
}

export interface ExportFinished {
  jobId: string;
  fileName: string;
  outcome: 'done' | 'cancelled' | 'failed';
  rows: number;
  message: string | null;
}

export const reportsMethods = {
  'reports.carrierPerformance': defineMethod<CarrierPerformanceReport>()(CarrierPerformanceArgs),
  'reports.drilldown': defineMethod<Page<ShipmentRow>>()(DrilldownArgs),
  'reports.dailyHealth': defineMethod<DailyHealthReport>()(DailyHealthArgs.default({ utcOffsetMinutes: 0 })),
  'reports.weeklyCarriers': defineMethod<WeeklyCarriersReport>()(WeeklyCarriersArgs.default({ filter: {} })),
  'reports.getSchedule': defineMethod<ReportScheduleState>()(z.object({}).strict().default({})),
  'reports.setSchedule': defineMethod<ReportScheduleState>()(z.object({ schedule: ReportSchedule }).strict()),
  'exports.start': defineMethod<ExportJob>()(z.object({ what: ExportSubject, format: z.enum(EXPORT_FORMATS) }).strict()),
  'exports.cancel': defineMethod<{ cancelled: boolean }>()(z.object({ jobId: z.string().regex(/^[a-z0-9-]{1,40}$/) }).strict()),
};
