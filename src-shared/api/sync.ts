import { z } from 'zod';
import { isTimeZone } from '../domain/time-zones/zones';
import { CARRIERS, type Carrier } from '../domain/tracking/status';
import { defineMethod } from './define';

/** Column layouts a file can be read with (FORMATS.md `generic`, ShipStation's shipments export, Shopify's orders export). */
export const IMPORT_PRESETS = ['generic', 'shipstation', 'shopify'] as const;
export type ImportPreset = (typeof IMPORT_PRESETS)[number];

export const SYNC_TRIGGERS = ['schedule', 'manual', 'upload', 'drop_folder', 'cli', 'remap'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export interface SyncCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface SyncRun extends SyncCounts {
  id: number;
  source: string;
  trigger: SyncTrigger;
  fileName: string | null;
  status: SyncRunStatus;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

/** Pushed while a run works and once when it ends; `done`/`total` drive the progress bar (bytes for files, rows for platforms). */
export interface SyncProgress extends SyncCounts {
  runId: number;
  source: string;
  trigger: SyncTrigger;
  fileName: string | null;
  status: SyncRunStatus;
  done: number;
  total: number | null;
  error: string | null;
}

export interface SyncReject {
  id: number;
  rowNumber: number;
  reason: string;
  /** The row as it arrived: column header (or platform field) → value. */
  raw: Record<string, string>;
}

export interface SyncSourceState {
  id: string;
  label: string;
  enabled: boolean;
  /** How far back the first sync reaches. */
  backfillDays: number;
  /** Names of the secrets the source needs; the values never leave the core. */
  credentialFields: string[];
  hasCredentials: boolean;
  lastSucceededAt: string | null;
  /** Set when upstream calls fail at the network or server level; cleared by the next success. */
  unreachableSince: string | null;
  /** The last failure that needs a person (refused credentials, rejected request). */
  problem: string | null;
  nextRunAt: string | null;
}

export interface SyncSettings {
  /** Minutes between scheduled syncs; 0 means only "Sync now". */
  intervalMinutes: number;
  /** IANA zone for file times written without an offset (spreadsheet cells, US-style dates). */
  timeZone: string;
  dropFolder: string | null;
  dropFolderPreset: ImportPreset;
  sources: SyncSourceState[];
}

export interface SyncStatus {
  running: SyncProgress | null;
  queued: number;
  lastRun: SyncRun | null;
  unreachableSince: string | null;
  sources: SyncSourceState[];
}

export interface UnmappedCode {
  kind: 'carrier' | 'service';
  code: string;
  source: string;
  seen: number;
  lastSeenAt: string;
}

export interface CarrierMapping {
  /** Operator-chosen mapping from a source's code (normalized: lower case, `_` for spaces) to a console carrier. */
  carriers: Record<string, Carrier>;
  /** Operator-chosen service names for source service codes. */
  services: Record<string, string>;
  /** Codes seen in rejected rows that nothing maps yet. */
  unknown: UnmappedCode[];
}

const CODE = z.string().trim().min(1).max(80);
const ZONE = z.string().min(1).max(64).refine(isTimeZone, 'unknown time zone');

/** Base64 per call stays under the web bridge's 1 MB body limit; files travel in parts. */
export const UPLOAD_PART_BASE64_CHARS = 700_000;

export const ImportFileArgs = z
  .object({
    name: z.string().trim().min(1).max(200),
    preset: z.enum(IMPORT_PRESETS),
    /** Absent on the first part; the core returns it and every later part repeats it. */
    uploadId: z
      .string()
      .regex(/^[a-f0-9]{32}$/)
      .optional(),
    data: z
      .string()
      .max(UPLOAD_PART_BASE64_CHARS)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
    /** The last part: the import starts and its run id comes back. */
    done: z.boolean(),
  })
  .strict();

export const SettingsPatch = z
  .object({
    intervalMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    timeZone: ZONE.optional(),
    dropFolder: z.string().trim().min(1).max(1000).nullable().optional(),
    dropFolderPreset: z.enum(IMPORT_PRESETS).optional(),
    sources: z
      .array(
        z
          .object({
            id: CODE,
            enabled: z.boolean().optional(),
            backfillDays: z.number().int().min(1).max(365).optional(),
            /** Write-only; null forgets them. */
            credentials: z.record(z.string().min(1).max(40), z.string().min(1).max(500)).nullable().optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
  })
  .strict();

const empty = z.object({}).strict().default({});

export const syncMethods = {
  'sync.importFile': defineMethod<{ uploadId: string; runId: number | null }>()(ImportFileArgs),
  'sync.runNow': defineMethod<{ runIds: number[] }>()(z.object({ source: CODE.optional() }).strict().default({})),
  'sync.cancel': defineMethod<{ cancelled: boolean }>()(z.object({ runId: z.number().int().positive() }).strict()),
  'sync.status': defineMethod<SyncStatus>()(empty),
  'sync.runs': defineMethod<{ runs: SyncRun[] }>()(
    z
      .object({ limit: z.number().int().min(1).max(200).default(20), source: CODE.optional() })
      .strict()
      .default({ limit: 20 }),
  ),
  'sync.rejects': defineMethod<{ rows: SyncReject[]; total: number }>()(
    z
      .object({
        runId: z.number().int().positive(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
  ),
  'sync.mapping.get': defineMethod<CarrierMapping>()(empty),
  'sync.mapping.set': defineMethod<CarrierMapping & { remapRunIds: number[] }>()(
    z
      .object({
        carriers: z.record(CODE, z.enum(CARRIERS)),
        services: z.record(CODE, z.string().trim().min(1).max(64)).default({}),
      })
      .strict(),
  ),
  'sync.settings.get': defineMethod<SyncSettings>()(empty),
  'sync.settings.set': defineMethod<SyncSettings>()(SettingsPatch),
};
