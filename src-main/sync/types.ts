import type { Carrier } from '../../src-shared/domain/tracking/status';
import type { Clock } from '../platform/ports';
import type { ZoneClock } from './times';

/** A row as a source read it, before any rule: text from files, JSON values from platforms. */
export interface RowFields {
  externalId?: string | null;
  trackingNumber?: string | null;
  carrier?: string | null;
  service?: string | null;
  warehouse?: string | null;
  orderNumber?: string | null;
  orderValue?: string | number | null;
  currency?: string | null;
  labelCreatedAt?: string | null;
  shipDate?: string | null;
  expectedDelivery?: string | null;
  isReturn?: string | boolean | null;
  voided?: string | boolean | null;
  shipToName?: string | null;
  shipToCity?: string | null;
  shipToRegion?: string | null;
  shipToPostalCode?: string | null;
  shipToCountry?: string | null;
  weightOz?: string | number | null;
}

export interface CandidateRow {
  /** File line (header is row 1) or position in a platform sync. */
  rowNumber: number;
  /** What is kept with a reject, for a person to read; built only for rejected rows. */
  raw: () => Record<string, string>;
  fields: RowFields;
  /** Set when the reader already knows the row is bad (undecodable text). */
  problem?: { code: RejectCode; reason: string };
}

/** How a source's rows are read: the rules differ only in these switches. */
export interface RowRules {
  source: string;
  /** Zone for times written without an offset; null makes such times a reject (FORMATS.md generic CSV). */
  zone: ZoneClock | null;
  /** ShipStation writes `ups_ground`; the console says `ground`. */
  stripServicePrefix: boolean;
}

export interface ShipmentInput {
  source: string;
  externalId: string;
  trackingNumber: string;
  carrier: Carrier;
  service: string | null;
  warehouse: string | null;
  orderNumber: string | null;
  orderValueCents: number | null;
  currency: string | null;
  labelCreatedAt: string;
  shipDate: string | null;
  expectedDelivery: string | null;
  isReturn: boolean;
  voided: boolean;
  shipToName: string | null;
  shipToCity: string | null;
  shipToRegion: string | null;
  shipToPostalCode: string | null;
  shipToCountry: string | null;
  weightOz: number | null;
}

export const REJECT_CODES = [
  'missing_external_id',
  'missing_tracking_number',
  'bad_tracking_number',
  'missing_carrier',
  'unknown_carrier',
  'missing_date',
  'bad_date',
  'bad_number',
  'bad_flag',
  'bad_text',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export interface Reject {
  rowNumber: number;
  raw: Record<string, string>;
  fields: RowFields;
  code: RejectCode;
  /** The offending value when a mapping could fix it (the unknown carrier code). */
  codeValue: string | null;
  reason: string;
}

export interface OrderValue {
  orderNumber: string;
  valueCents: number;
  currency: string | null;
}

/** One unit of work that commits atomically: its rows, and the cursor that is safe once they are stored. */
export interface SourceBatch {
  rows: CandidateRow[];
  orderValues?: OrderValue[];
  cursor?: string;
  /** For the progress bar, in whatever unit the source counts (rows, pages). */
  progress?: { done: number; total: number | null };
}

export interface PullContext {
  cursor: string | null;
  settings: { backfillDays: number };
  secrets: Record<string, string>;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Waits for a rate-limit window or a back-off; tests advance a fake clock instead of waiting. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  /** Order values already known locally, for shipments whose platform sends them separately. */
  knownOrderValues(orderNumbers: readonly string[]): Map<string, OrderValue>;
}

/**
 * A shipping platform the console pulls labels from. Adding one is one folder that exports one of these,
 * plus its line in `sources.ts`.
 */
export interface UpstreamSource {
  id: string;
  label: string;
  /** Secret names the operator types in once; stored in the SecretStore, never shown again. */
  credentialFields: readonly string[];
  rules: Omit<RowRules, 'source'>;
  /** Yields batches in order; each batch's cursor is stored in the same transaction as its rows. */
  pull(ctx: PullContext): AsyncIterable<SourceBatch>;
}

/** Failures a platform call can end in; only `unreachable` makes the scheduler back off and retry on its own. */
export class UpstreamError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'auth' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
