import { z } from 'zod';
import { HIGH_SEVERITY_REASONS, QUEUE_REASONS, type QueueReason } from '../domain/exceptions/reasons';
import { EXCEPTION_STATES, RESOLUTION_CODES, type ExceptionState, type ResolutionCode } from '../domain/exceptions/states';
import { duplicateRule, MAX_THRESHOLD_HOURS, type Thresholds } from '../domain/exceptions/thresholds';
import { CARRIERS, FLAGS, TRACKING_STATUSES, type Carrier, type Flag, type TrackingStatus } from '../domain/tracking/status';
import { defineMethod } from './define';
import type { Page } from './shipments';

export type { Thresholds } from '../domain/exceptions/thresholds';

/** Assignee filter tokens: the caller's own operator name, and items nobody has taken. */
export const ASSIGNEE_ME = '@me';
export const ASSIGNEE_NONE = '@none';

export const EXCEPTION_SORT_COLUMNS = ['priority', 'age', 'reason', 'carrier', 'orderValue', 'lastEventAt', 'expectedDelivery'] as const;
export type ExceptionSortColumn = (typeof EXCEPTION_SORT_COLUMNS)[number];

const name = z.string().trim().min(1).max(80);

export const ExceptionFilter = z
  .object({
    /** Default: the working queue, `open` and `in_progress`. */
    state: z.array(z.enum(EXCEPTION_STATES)).min(1).max(EXCEPTION_STATES.length).optional(),
    reason: z.array(z.enum(QUEUE_REASONS)).max(QUEUE_REASONS.length).optional(),
    flag: z.array(z.enum(FLAGS)).max(FLAGS.length).optional(),
    carrier: z.array(z.enum(CARRIERS)).max(CARRIERS.length).optional(),
    service: z.array(z.string().min(1).max(64)).max(50).optional(),
    /** Only express services (see EXPRESS_SERVICE_MARKERS), or only the others. */
    express: z.boolean().optional(),
    warehouse: z.array(z.string().min(1).max(32)).max(50).optional(),
    status: z.array(z.enum(TRACKING_STATUSES)).max(TRACKING_STATUSES.length).optional(),
    assignee: z.array(name).max(50).optional(),
    orderValueMin: z.number().nonnegative().optional(),
    orderValueMax: z.number().nonnegative().optional(),
    /** Hours since the problem began (see problemSince). */
    ageHoursMin: z.number().nonnegative().max(100_000).optional(),
    ageHoursMax: z.number().nonnegative().max(100_000).optional(),
    /** Tracking or order number: its start, or its last 4+ characters. */
    search: z.string().trim().max(64).optional(),
  })
  .strict();
export type ExceptionFilter = z.infer<typeof ExceptionFilter>;

/** Empty: the queue's own order, highest priority first. */
export const ExceptionSort = z
  .array(z.object({ column: z.enum(EXCEPTION_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) }).strict())
  .max(3)
  .default([]);

export const ExceptionListArgs = z
  .object({
    startRow: z.number().int().min(0).max(100_000_000).default(0),
    endRow: z.number().int().min(1).max(100_000_000).default(100),
    sort: ExceptionSort,
    filter: ExceptionFilter.default({}),
    /** Only these items (live updates: which of the changed items still match the view). */
    ids: z.array(z.number().int().positive()).max(1000).optional(),
  })
  .strict()
  .refine((a) => a.endRow > a.startRow && a.endRow - a.startRow <= 1000, {
    message: 'endRow must be after startRow and a block holds at most 1000 rows',
  });

/** One reason a parcel is in the queue: an exception item of its own, acted on with the others of its parcel. */
export interface ExceptionFacet {
  id: number;
  version: number;
  reason: QueueReason;
  state: ExceptionState;
  severity: number;
  priority: number;
  priorityExplanation: string;
  ageHours: number;
  assignee: string | null;
}

/**
 * One parcel in the queue (docs/exception-queue.md): its items in the view's states as `facets`, the most
 * severe first. The item fields (`id`, `reason`, `state` …) are that leading item's; `priority` and `ageHours`
 * are the parcel's highest, which is where the view's order places it.
 */
export interface ExceptionRow {
  /** The leading item. */
  id: number;
  /** Sent back with every action: a change made meanwhile by another station is refused as a conflict. */
  version: number;
  shipmentId: number;
  reason: QueueReason;
  state: ExceptionState;
  assignee: string | null;
  snoozedUntil: string | null;
  resolutionCode: ResolutionCode | null;
  resolutionNote: string | null;
  closedBy: string | null;
  closedAt: string | null;
  openedAt: string;
  updatedAt: string;
  ageHours: number;
  severity: number;
  priority: number;
  priorityExplanation: string;
  trackingNumber: string;
  carrier: Carrier;
  service: string | null;
  warehouse: string | null;
  orderNumber: string | null;
  orderValue: number | null;
  currency: string | null;
  status: TrackingStatus;
  substatus: string | null;
  flags: Flag[];
  lastEventAt: string | null;
  lastEventText: string | null;
  lastEventLocation: string | null;
  expectedDeliveryOriginal: string | null;
  expectedDeliveryCurrent: string | null;
  facets: ExceptionFacet[];
}

const itemRefs = z
  .array(z.object({ id: z.number().int().positive(), version: z.number().int().positive() }).strict())
  .min(1, 'select at least one exception')
  .max(500)
  .refine((items) => new Set(items.map((i) => i.id)).size === items.length, { message: 'an exception is listed twice' });

const note = z.string().trim().min(1, 'a note cannot be empty').max(2000);

export interface ExceptionActionResult {
  rows: ExceptionRow[];
}

export interface ExceptionTimelineEntry {
  at: string;
  kind: 'audit' | 'event';
  /** audit: the item it concerns. */
  exceptionId: number | null;
  reason: QueueReason | null;
  /** audit: opened, reopened, assigned, noted, snoozed, woke, resolved, auto_resolved; event: the status. */
  action: string;
  operator: string | null;
  station: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  text: string | null;
  location: string | null;
}

export interface ExceptionTimeline {
  shipmentId: number;
  trackingNumber: string;
  entries: ExceptionTimelineEntry[];
}

/** On the carrier's hands (in transit, out for delivery, at a pickup point) and past the original expected day. */
export const PAST_EXPECTED_FILTER: ExceptionFilter = { flag: ['late'], status: ['in_transit', 'out_for_delivery', 'available_for_pickup'] };

export interface ExceptionDashboard {
  openByReason: { reason: QueueReason; count: number }[];
  /** Parcels delivered after their original expected day, in the last 7 days. */
  lateDeliveriesByCarrier: { carrier: Carrier; count: number }[];
  /** Parcels in the queue on the carrier's hands and past the original expected day: the list PAST_EXPECTED_FILTER opens. */
  inTransitPastExpected: number;
  returnsPendingPickup: number;
  /** Parcels in the working queue, each once however many reasons it has. */
  openTotal: number;
  snoozed: number;
  /** Choices for the queue's filters, from what the active items hold. */
  options: { warehouses: string[]; services: string[]; assignees: string[] };
}

const hours = z.number().positive('hours must be more than 0').max(MAX_THRESHOLD_HOURS, `hours must be at most ${MAX_THRESHOLD_HOURS}`);

export const ThresholdsSchema = z
  .object({
    defaults: z.object({ stalledHours: hours, expressStalledHours: hours, noFirstScanHours: hours }).strict(),
    rules: z
      .array(
        z
          .object({
            carrier: z.enum(CARRIERS),
            service: z.string().trim().min(1).max(64).nullable().default(null),
            stalledHours: hours.nullable().optional(),
            noFirstScanHours: hours.nullable().optional(),
          })
          .strict(),
      )
      .max(200)
      .default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const dup = duplicateRule(t.rules);
    if (dup) ctx.addIssue({ code: 'custom', path: ['rules'], message: `two rules for ${dup.carrier} ${dup.service ?? '(all services)'}` });
  });

export const NotificationSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** At most one summary per this many minutes. */
    minIntervalMinutes: z.number().int().min(1).max(1440),
    reasons: z.array(z.enum(QUEUE_REASONS)).max(QUEUE_REASONS.length),
  })
  .strict();
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { enabled: true, minIntervalMinutes: 5, reasons: [...HIGH_SEVERITY_REASONS] };

export interface SavedView {
  name: string;
  filter: ExceptionFilter;
  builtIn: boolean;
}

export const BUILT_IN_VIEWS: readonly SavedView[] = [
  { name: 'My queue', filter: { assignee: [ASSIGNEE_ME] }, builtIn: true },
  { name: 'Late express', filter: { reason: ['late'], express: true }, builtIn: true },
];

export const OperatorSchema = z
  .object({
    name,
    /** What the badge scanner types; matched exactly. */
    badge: z.string().trim().min(1).max(64).nullable().default(null),
  })
  .strict();
export type Operator = z.infer<typeof OperatorSchema>;

export const exceptionsMethods = {
  'exceptions.list': defineMethod<Page<ExceptionRow>>()(ExceptionListArgs),
  'exceptions.count': defineMethod<{ count: number }>()(z.object({ filter: ExceptionFilter.default({}) }).strict()),
  'exceptions.assign': defineMethod<ExceptionActionResult>()(z.object({ items: itemRefs, assignee: name.nullable() }).strict()),
  'exceptions.note': defineMethod<ExceptionActionResult>()(z.object({ items: itemRefs, note }).strict()),
  'exceptions.snooze': defineMethod<ExceptionActionResult>()(
    z.object({ items: itemRefs, until: z.iso.datetime({ offset: true, error: 'until must be a date and time with a time zone' }) }).strict(),
  ),
  'exceptions.resolve': defineMethod<ExceptionActionResult>()(
    z
      .object({
        items: itemRefs,
        code: z.enum(RESOLUTION_CODES, { error: `choose a resolution code (${RESOLUTION_CODES.join(', ')})` }),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
  ),
  'exceptions.reopen': defineMethod<ExceptionActionResult>()(z.object({ items: itemRefs, note: note.optional() }).strict()),
  'exceptions.timeline': defineMethod<ExceptionTimeline>()(z.object({ shipmentId: z.number().int().positive() }).strict()),
  'exceptions.dashboard': defineMethod<ExceptionDashboard>()(z.object({}).strict().default({})),
  'exceptions.thresholds.get': defineMethod<Thresholds>()(z.object({}).strict().default({})),
  'exceptions.thresholds.set': defineMethod<Thresholds>()(ThresholdsSchema),
  'exceptions.notifications.get': defineMethod<NotificationSettings>()(z.object({}).strict().default({})),
  'exceptions.notifications.set': defineMethod<NotificationSettings>()(NotificationSettingsSchema),
  'exceptions.views.list': defineMethod<SavedView[]>()(z.object({}).strict().default({})),
  'exceptions.views.save': defineMethod<SavedView[]>()(z.object({ name, filter: ExceptionFilter }).strict()),
  'exceptions.views.delete': defineMethod<SavedView[]>()(z.object({ name }).strict()),
  'operators.list': defineMethod<Operator[]>()(z.object({}).strict().default({})),
  'operators.save': defineMethod<Operator[]>()(z.object({ operators: z.array(OperatorSchema).max(500) }).strict()),
};
