import { z } from 'zod';
import { dayNumber } from '../domain/kpi/calendar';
import { RETURN_CONDITIONS, RETURN_STATES, type ReturnCondition, type ReturnState } from '../domain/returns/lifecycle';
import { PICKUP_STATES, type PickupState } from '../domain/returns/pickups';
import type { MatchKey, ReceiveVerdict } from '../domain/returns/receive';
import { CARRIERS, type TrackingStatus } from '../domain/tracking/status';
import { defineMethod } from './define';
import type { StationSettings } from './reconcile';

export const RETURN_VIEWS = ['pending_pickup', 'inbound', 'received_today', 'triage'] as const;
export type ReturnView = (typeof RETURN_VIEWS)[number];

/** Every column a returns list shows can sort it, both ways; named as the row's fields, as the grid's columns are. */
export const RETURN_SORT_COLUMNS = [
  'rmaNumber',
  'orderNumber',
  'trackingNumber',
  'carrier',
  'state',
  'shipmentStatus',
  'expectedArrival',
  'reason',
  'receivedAt',
  'condition',
  'note',
] as const;
export type ReturnSortColumn = (typeof RETURN_SORT_COLUMNS)[number];

/** Where expected returns come from: a returns (RMA) file, a return label among the synced shipments, or the dock itself. */
export const RETURNS_FILE_SOURCE = 'returns-file';

export interface ReturnRow {
  id: number;
  source: string;
  externalId: string;
  rmaNumber: string | null;
  orderNumber: string | null;
  trackingNumber: string | null;
  carrier: string | null;
  reason: string | null;
  expectedItems: string | null;
  state: ReturnState;
  condition: ReturnCondition | null;
  note: string | null;
  pickupId: number | null;
  shipmentId: number | null;
  /** The return label's tracking status, when the poller tracks one. */
  shipmentStatus: TrackingStatus | null;
  /** The carrier's current expected delivery to us (the original promise when it never moved). */
  expectedArrival: string | null;
  /** Set while the pickup it waits for is past its window (Pending pickup sorts these first). */
  overdue: boolean;
  receivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PickupRow {
  id: number;
  carrier: string;
  confirmationNumber: string | null;
  windowStart: string;
  windowEnd: string;
  location: string | null;
  parcelCount: number;
  state: PickupState;
  overdue: boolean;
  returnIds: number[];
  createdAt: string;
  updatedAt: string;
}

/** A parcel the dock received that matched nothing: what was scanned, where, and what the clerk wrote about it. */
export interface TriageItem {
  id: number;
  raw: string | null;
  trackingNumber: string | null;
  carrier: string | null;
  /** An outbound shipment the scanned number belongs to (a carrier return-to-sender), if any. */
  shipmentId: number | null;
  description: string | null;
  state: ReturnState;
  scannedAt: string | null;
  station: string | null;
  operator: string | null;
}

export interface ImportReject {
  rowNumber: number;
  reason: string;
}

export interface ReturnsImportResult {
  runId: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: ImportReject[];
}

export interface ReceiveResult {
  scanId: number;
  verdict: ReceiveVerdict;
  /** The expected return it matched, the one already received (duplicate), or the new triage item (unexpected). */
  return: ReturnRow | null;
  matchedBy: MatchKey | null;
  message: string;
  raw: string;
  scannedAt: string;
}

export interface ReceivingStation {
  sessionId: number;
  station: string;
  operator: string;
  openedAt: string;
  /** The station's scanner programming, burst gap and sound volume: the same settings as a reconciliation station. */
  settings: Omit<StationSettings, 'station'>;
}

const id = z.number().int().positive();
const name = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
/** Instants with an offset, stored as UTC so windows and carrier scans compare as text. */
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const timeZone = z.string().min(1).max(64).optional();
const isoDate = z.string().refine((d) => dayNumber(d) !== null, 'expected a calendar date YYYY-MM-DD');

const PickupFields = z
  .object({
    carrier: z.enum(CARRIERS),
    confirmationNumber: text(64).optional(),
    windowStart: instant,
    windowEnd: instant,
    location: text(200).optional(),
    /** Parcels attached; a pickup's parcel count follows them unless given. */
    returnIds: z.array(id).max(500).optional(),
    parcelCount: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

const windowOrder = { message: 'windowEnd must be after windowStart', path: ['windowEnd'] };

export const returnsMethods = {
  'returns.list': defineMethod<{ rows: ReturnRow[]; rowCount?: number }>()(
    z
      .object({
        state: z.enum(RETURN_STATES).optional(),
        view: z.enum(RETURN_VIEWS).optional(),
        /** The clerk's zone, for "today" and the date range; the core's zone when absent. */
        timeZone,
        carrier: z.enum(CARRIERS).optional(),
        /** An RMA, order or tracking number, whole, its start, or (4+ characters) its end, as read out on the phone. */
        search: z.string().trim().max(64).optional(),
        /** Days, both included, of the view's date: expected arrival (inbound), received (received today, triage), announced (others). */
        dateFrom: isoDate.optional(),
        dateTo: isoDate.optional(),
        /** Only returns with a pickup scheduled (true) or without one (false). */
        hasPickup: z.boolean().optional(),
        /** Instead of the view's own order; blanks last either way, then the id in the same direction. */
        sort: z
          .object({ column: z.enum(RETURN_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) })
          .strict()
          .optional(),
        limit: z.number().int().min(1).max(5000).default(1000),
        /** One block [startRow, endRow) of the list, at any depth, with the row count; without them, the first `limit` rows. */
        startRow: z.number().int().min(0).max(100_000_000).optional(),
        endRow: z.number().int().min(1).max(100_000_000).optional(),
      })
      .strict()
      .refine((a) => (a.startRow === undefined) === (a.endRow === undefined), { message: 'startRow and endRow go together' })
      .refine((a) => !a.dateFrom || !a.dateTo || a.dateFrom <= a.dateTo, { message: 'dateTo must not be before dateFrom', path: ['dateTo'] })
      .refine((a) => a.startRow === undefined || a.endRow === undefined || (a.endRow > a.startRow && a.endRow - a.startRow <= 1000), {
        message: 'endRow must be after startRow and a block holds at most 1000 rows',
      })
      .default({ limit: 1000 }),
  ),
  'returns.importFile': defineMethod<ReturnsImportResult>()(
    // The web bridge takes bodies up to 1 MB; a returns file is a few thousand rows.
    z.object({ name: text(200), content: z.string().max(800_000) }).strict(),
  ),
  'returns.cancel': defineMethod<ReturnRow>()(z.object({ returnId: id, note: text(500).optional() }).strict()),
  'returns.pickups.list': defineMethod<{ rows: PickupRow[] }>()(
    z
      .object({ state: z.enum(PICKUP_STATES).optional() })
      .strict()
      .default({}),
  ),
  'returns.pickups.create': defineMethod<PickupRow>()(PickupFields.refine((p) => p.windowEnd > p.windowStart, windowOrder)),
  'returns.pickups.update': defineMethod<PickupRow>()(
    PickupFields.partial()
      .extend({ pickupId: id, state: z.literal('cancelled').optional() })
      .strict()
      .refine((p) => !p.windowStart || !p.windowEnd || p.windowEnd > p.windowStart, windowOrder),
  ),
  'returns.pickups.markMissed': defineMethod<PickupRow>()(z.object({ pickupId: id }).strict()),
  'returns.pickups.reschedule': defineMethod<PickupRow>()(
    z
      .object({ pickupId: id, windowStart: instant, windowEnd: instant, confirmationNumber: text(64).optional() })
      .strict()
      .refine((p) => p.windowEnd > p.windowStart, windowOrder),
  ),
  'returns.openStation': defineMethod<ReceivingStation>()(z.object({ station: name.optional(), operator: name.optional() }).strict().default({})),
  'returns.receive': defineMethod<ReceiveResult>()(z.object({ sessionId: id, raw: z.string().min(1).max(1000) }).strict()),
  'returns.recordCondition': defineMethod<ReturnRow>()(z.object({ returnId: id, condition: z.enum(RETURN_CONDITIONS), note: text(500).optional() }).strict()),
  'returns.triage.list': defineMethod<{ rows: TriageItem[]; rowCount?: number }>()(
    z
      .object({
        includeClosed: z.boolean().default(false),
        /** One block [startRow, endRow) of the list, newest first, with the row count; without them, the newest 1000. */
        startRow: z.number().int().min(0).max(100_000_000).optional(),
        endRow: z.number().int().min(1).max(100_000_000).optional(),
      })
      .strict()
      .refine((a) => (a.startRow === undefined) === (a.endRow === undefined), { message: 'startRow and endRow go together' })
      .refine((a) => a.startRow === undefined || a.endRow === undefined || (a.endRow > a.startRow && a.endRow - a.startRow <= 1000), {
        message: 'endRow must be after startRow and a block holds at most 1000 rows',
      })
      .default({ includeClosed: false }),
  ),
  'returns.triage.update': defineMethod<TriageItem>()(
    z
      .object({
        returnId: id,
        description: z.string().trim().max(1000).optional(),
        /** accept: keep the parcel (it becomes received, ready for inspection); reject: it is not ours to keep. */
        action: z.enum(['accept', 'reject']).optional(),
      })
      .strict(),
  ),
  'returns.exportReceivedToday': defineMethod<{ filename: string; csv: string }>()(z.object({ timeZone }).strict().default({})),
};

export type { MatchKey, PickupState, ReceiveVerdict, ReturnCondition, ReturnState };
