import { z } from 'zod';
import { CARRIERS, TRACKING_STATUSES, type Carrier, type TrackingStatus } from '../domain/tracking/status';
import { defineMethod } from './define';
import type { TimelineEvent } from './tracking';

export const SHIPMENT_SORT_COLUMNS = [
  'labelCreatedAt',
  'shipDate',
  'trackingNumber',
  'carrier',
  'service',
  'warehouse',
  'orderNumber',
  'orderValue',
  'status',
  'lastEventAt',
  'expectedDeliveryCurrent',
] as const;
export type ShipmentSortColumn = (typeof SHIPMENT_SORT_COLUMNS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const ShipmentFilter = z
  .object({
    search: z.string().trim().max(64).optional(),
    carrier: z.array(z.enum(CARRIERS)).max(CARRIERS.length).optional(),
    status: z.array(z.enum(TRACKING_STATUSES)).max(TRACKING_STATUSES.length).optional(),
    warehouse: z.array(z.string().min(1).max(32)).max(50).optional(),
    service: z.array(z.string().min(1).max(64)).max(50).optional(),
    shipDateFrom: isoDate.optional(),
    shipDateTo: isoDate.optional(),
    orderValueMin: z.number().nonnegative().optional(),
    orderValueMax: z.number().nonnegative().optional(),
  })
  .strict();
export type ShipmentFilter = z.infer<typeof ShipmentFilter>;

export const ShipmentPageArgs = z
  .object({
    startRow: z.number().int().min(0).max(100_000_000),
    endRow: z.number().int().min(1).max(100_000_000),
    sort: z
      .array(z.object({ column: z.enum(SHIPMENT_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) }).strict())
      .max(3)
      .default([]),
    filter: ShipmentFilter.default({}),
  })
  .strict()
  .refine((a) => a.endRow > a.startRow && a.endRow - a.startRow <= 1000, {
    message: 'endRow must be after startRow and a block holds at most 1000 rows',
  });

export interface ShipmentRow {
  id: number;
  source: string;
  externalId: string;
  trackingNumber: string;
  carrier: Carrier;
  service: string | null;
  warehouse: string | null;
  orderNumber: string | null;
  orderValue: number | null;
  currency: string | null;
  labelCreatedAt: string;
  shipDate: string | null;
  expectedDeliveryOriginal: string | null;
  expectedDeliveryCurrent: string | null;
  isReturn: boolean;
  status: TrackingStatus;
  substatus: string | null;
  flags: string[];
  firstScanAt: string | null;
  deliveredAt: string | null;
  lastEventAt: string | null;
  lastEventText: string | null;
  lastEventLocation: string | null;
}

/** One shipment in full for the detail drawer: the row, the upstream record, carrier events and audit trail. */
export interface ShipmentDetail extends ShipmentRow {
  weightOz: number | null;
  shipTo: { name: string | null; city: string | null; region: string | null; postalCode: string | null; country: string | null };
  createdAt: string;
  updatedAt: string;
  /** How many times the upstream record changed after it first arrived. */
  syncRevision: number;
  /** Newest first, with the carrier's raw code and text. */
  events: TimelineEvent[];
  audit: { at: string; action: string; operator: string | null; station: string | null }[];
}

export interface Page<T> {
  rows: T[];
  /** Total row count once the last block has been reached, else null (the grid keeps asking). */
  lastRow: number | null;
  /** The view's true row count, when the core knows it from the first block (the scrollbar is right at once). */
  rowCount?: number;
}

export const shipmentsMethods = {
  'shipments.page': defineMethod<Page<ShipmentRow>>()(ShipmentPageArgs),
  'shipments.count': defineMethod<{ count: number }>()(z.object({ filter: ShipmentFilter.default({}) }).strict()),
  'shipments.detail': defineMethod<ShipmentDetail>()(z.object({ id: z.number().int().positive() }).strict()),
};
