import { z } from 'zod';
import { ACKNOWLEDGE_KEYS, type AcknowledgeKey } from '../domain/reconcile/stop-the-line';
import type { ScanCandidate, ScanCarrier } from '../domain/scan';
import { CARRIERS, type Carrier, type TrackingStatus } from '../domain/tracking/status';
import { defineMethod } from './define';
import type { Page } from './shipments';

/** `returns_receive` sessions are opened by the returns desk; the verdict rules here skip handoff checks for them. */
export const SCAN_PURPOSES = ['pack_verify', 'carrier_handoff', 'returns_receive'] as const;
export type ScanPurpose = (typeof SCAN_PURPOSES)[number];

export const SCAN_VERDICTS = ['matched', 'unknown_label', 'invalid', 'duplicate', 'voided_label', 'wrong_carrier', 'already_handed_over'] as const;
export type ScanVerdict = (typeof SCAN_VERDICTS)[number];

/** What the station's light and sound say: go on, look twice, or stop and pull the parcel. */
export type VerdictClass = 'good' | 'warning' | 'error';
const VERDICT_CLASS: Record<ScanVerdict, VerdictClass> = {
  matched: 'good',
  duplicate: 'warning',
  already_handed_over: 'warning',
  unknown_label: 'error',
  invalid: 'error',
  voided_label: 'error',
  wrong_carrier: 'error',
};
export const verdictClass = (verdict: ScanVerdict): VerdictClass => VERDICT_CLASS[verdict];

/** Each verdict as the station, the summary and its export say it. */
export const VERDICT_LABEL: Record<ScanVerdict, string> = {
  matched: 'Matched',
  unknown_label: 'Unknown label',
  invalid: 'Invalid scan',
  duplicate: 'Duplicate',
  voided_label: 'Voided label',
  wrong_carrier: 'Wrong carrier',
  already_handed_over: 'Already handed over',
};

export const BOARD_BUCKETS = ['created_not_scanned', 'scanned_not_expected', 'scanned_twice', 'no_first_scan'] as const;
export type BoardBucket = (typeof BOARD_BUCKETS)[number];

const name = z.string().trim().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const sessionId = z.number().int().positive();

export interface ScanSession {
  id: number;
  station: string;
  operator: string;
  carrier: Carrier | null;
  purpose: ScanPurpose;
  warehouse: string | null;
  openedAt: string;
  closedAt: string | null;
  note: string | null;
}

/** The few shipment facts a packer needs to trust the verdict. */
export interface ScanShipment {
  id: number;
  carrier: Carrier;
  service: string | null;
  warehouse: string | null;
  orderNumber: string | null;
  status: TrackingStatus;
  shipToName: string | null;
  shipToCity: string | null;
}

export interface ScanResult {
  scanId: number;
  verdict: ScanVerdict;
  /** The number's carrier as the parser read it (never the upstream system's carrier name). */
  carrier: ScanCarrier | null;
  trackingNumber: string | null;
  shipment: ScanShipment | null;
  message: string;
  raw: string;
  manual: boolean;
  scannedAt: string;
  /** The parser's error code for `invalid` scans (`no_valid_match`, `keyboard_layout_mismatch`, ...). */
  error: string | null;
  /** Every reading of an ambiguous scan; the verdict used the one matching an expected shipment. */
  candidates: ScanCandidate[];
  /** Readings a person may confirm by manual entry (e.g. the decoded number of a keyboard-layout mismatch). */
  suggestions: ScanCandidate[];
}

/** One row of a session's scan list. */
export interface ScanEntry {
  scanId: number;
  sessionId: number;
  raw: string;
  verdict: ScanVerdict;
  carrier: ScanCarrier | null;
  trackingNumber: string | null;
  shipmentId: number | null;
  scannedAt: string;
  undoneAt: string | null;
  note: string | null;
  manual: boolean;
  error: string | null;
}

export type VerdictCounts = Record<ScanVerdict, number>;

export interface SessionDetail {
  session: ScanSession;
  /** Counts exclude undone scans. */
  counts: VerdictCounts;
  total: number;
  /** Newest first, undone ones included and marked. */
  scans: ScanEntry[];
}

export interface ManifestLine {
  trackingNumber: string;
  carrier: string | null;
  orderNumber: string | null;
  scannedAt: string | null;
  labelCreatedAt: string | null;
  verdict: ScanVerdict | null;
  raw: string | null;
  /** The label's weight in ounces, when the platform gave one. */
  weightOz: number | null;
}

/** What the driver signs when a carrier handoff closes. */
export interface Manifest {
  session: ScanSession;
  /** The day whose labels were expected (the warehouse's local day, UTC without a warehouse). */
  day: string;
  count: number;
  handedOver: ManifestLine[];
  /** Labels created that day for this carrier (and warehouse) that no handoff up to the close scanned. */
  expectedNotScanned: ManifestLine[];
  /** Scans this session could not hand over: unknown, voided, wrong carrier, handed over before. */
  scannedNotExpected: ManifestLine[];
  invalidScans: number;
  /** Sum of the handed-over parcels' label weights, in ounces (parcels without a weight add nothing). */
  totalWeightOz: number;
}

/** How far today's handoff to one carrier has got: "18 of 26 expected for UPS", and which labels are still missing. */
export interface HandoffProgress {
  carrier: Carrier;
  day: string;
  expected: number;
  /** Expected labels already handed over (by any station today). */
  handedOver: number;
  missing: ManifestLine[];
}

/** The record of one end-of-day close for a carrier: who closed it, when, and its totals as signed. */
export interface HandoffClose {
  id: number;
  carrier: Carrier;
  day: string;
  warehouse: string | null;
  station: string;
  operator: string;
  closedAt: string;
  parcelCount: number;
  totalWeightOz: number;
  expectedCount: number;
  missingCount: number;
}

/** The end-of-day manifest for one carrier: every parcel handed over that day, at every station, up to the close. */
export interface DayManifest {
  close: HandoffClose;
  handedOver: ManifestLine[];
  expectedNotScanned: ManifestLine[];
}

export interface StationSettings {
  station: string;
  /** What the scanner is programmed to append before Enter/Tab (if anything); also ends a scan in a burst. */
  suffix: string;
  prefixToStrip: string;
  /** 0..1 */
  soundVolume: number;
  /** A pause longer than this ends a label whose suffix never came; slow (e.g. Bluetooth) scanners need more. */
  interKeyTimeoutMs: number;
  /** The key that releases a verdict that stopped the line (scanning the same parcel again does too). */
  acknowledgeKey: AcknowledgeKey;
}

const BoardFilter = z
  .object({
    date: isoDate,
    carrier: z.enum(CARRIERS).optional(),
    warehouse: name.optional(),
    station: name.optional(),
    /** "Handed over but no first carrier scan after N hours". */
    noFirstScanHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24),
  })
  .strict();
export type BoardFilter = z.input<typeof BoardFilter>;

export interface Board {
  date: string;
  noFirstScanHours: number;
  counts: Record<BoardBucket, number>;
  /** The stations that have scanned into this store, for the station filter (on a hub: every station). */
  stations: string[];
}

/** A parcel or a scan behind a bucket; scan columns are null for never-scanned labels and vice versa. */
export interface BucketRow {
  key: string;
  shipmentId: number | null;
  scanId: number | null;
  trackingNumber: string | null;
  carrier: string | null;
  warehouse: string | null;
  orderNumber: string | null;
  labelCreatedAt: string | null;
  status: TrackingStatus | null;
  verdict: ScanVerdict | null;
  scannedAt: string | null;
  station: string | null;
  operator: string | null;
  raw: string | null;
}

export const reconcileMethods = {
  'reconcile.openSession': defineMethod<ScanSession>()(
    z
      .object({
        station: name,
        operator: name,
        carrier: z.enum(CARRIERS).optional(),
        purpose: z.enum(SCAN_PURPOSES),
        warehouse: name.optional(),
      })
      .strict(),
  ),
  'reconcile.closeSession': defineMethod<{ session: ScanSession; manifest: Manifest | null }>()(z.object({ sessionId }).strict()),
  'reconcile.scan': defineMethod<ScanResult>()(
    z
      .object({
        sessionId,
        raw: z.string().min(1).max(1000),
        manual: z.boolean().default(false),
        /** The station's own name for this scan: sent again after a lost answer, it is recorded once. */
        clientScanId: z
          .string()
          .regex(/^[\w-]{8,64}$/, 'expected 8 to 64 letters, digits, - or _')
          .optional(),
      })
      .strict(),
  ),
  'reconcile.undoLast': defineMethod<ScanEntry>()(z.object({ sessionId }).strict()),
  'reconcile.note': defineMethod<{ sessionId: number; scanId: number | null }>()(
    z.object({ sessionId, scanId: z.number().int().positive().optional(), text: z.string().trim().min(1).max(500) }).strict(),
  ),
  'reconcile.session': defineMethod<SessionDetail>()(z.object({ sessionId, limit: z.number().int().min(1).max(5000).default(20) }).strict()),
  'reconcile.sessions': defineMethod<ScanSession[]>()(z.object({ station: name.optional() }).strict().default({})),
  'reconcile.board': defineMethod<Board>()(BoardFilter),
  'reconcile.bucket': defineMethod<Page<BucketRow>>()(
    BoardFilter.extend({
      bucket: z.enum(BOARD_BUCKETS),
      startRow: z.number().int().min(0).max(100_000_000),
      endRow: z.number().int().min(1).max(100_000_000),
    }).refine((a) => a.endRow > a.startRow && a.endRow - a.startRow <= 1000, {
      message: 'endRow must be after startRow and a block holds at most 1000 rows',
    }),
  ),
  'reconcile.manifestCsv': defineMethod<{ filename: string; csv: string }>()(z.object({ sessionId }).strict()),
  /** Every scan of a closed session, as people read them: for a pack-verify session's summary. */
  'reconcile.sessionCsv': defineMethod<{ filename: string; csv: string }>()(z.object({ sessionId }).strict()),
  'reconcile.handoffProgress': defineMethod<HandoffProgress | null>()(z.object({ sessionId }).strict()),
  /** Closes the local day for one carrier: the day's manifest with totals, kept as a record that can be printed again. */
  'reconcile.closeDay': defineMethod<DayManifest>()(
    z.object({ carrier: z.enum(CARRIERS), station: name, operator: name, warehouse: name.optional(), timeZone: z.string().min(1).max(64).optional() }).strict(),
  ),
  'reconcile.dayCloses': defineMethod<HandoffClose[]>()(
    z
      .object({ carrier: z.enum(CARRIERS).optional() })
      .strict()
      .default({}),
  ),
  'reconcile.dayManifest': defineMethod<DayManifest>()(z.object({ closeId: z.number().int().positive() }).strict()),
  'reconcile.stationSettings.get': defineMethod<StationSettings>()(z.object({ station: name }).strict()),
  'reconcile.stationSettings.set': defineMethod<StationSettings>()(
    z
      .object({
        station: name,
        suffix: z.string().max(8).optional(),
        prefixToStrip: z.string().max(8).optional(),
        soundVolume: z.number().min(0).max(1).optional(),
        interKeyTimeoutMs: z.number().int().min(20).max(2000).optional(),
        acknowledgeKey: z.enum(ACKNOWLEDGE_KEYS).optional(),
      })
      .strict(),
  ),
};
