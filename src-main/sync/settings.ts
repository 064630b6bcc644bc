import { z } from 'zod';
import { IMPORT_PRESETS } from '../../src-shared/api';
import { CARRIERS } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import { normalizeCode } from './carrier-codes';
import type { OperatorMapping } from './validate';
import { readSetting, writeSetting } from '../db/settings';

const SETTINGS_KEY = 'sync.settings';
const MAPPING_KEY = 'sync.mapping';

/** What is stored in the `settings` table; secrets live in the SecretStore, never here. */
const StoredSettings = z.object({
  intervalMinutes: z.number().int().min(0).default(15),
  timeZone: z.string().default('UTC'),
  dropFolder: z.string().nullable().default(null),
  dropFolderPreset: z.enum(IMPORT_PRESETS).default('generic'),
  sources: z.record(z.string(), z.object({ enabled: z.boolean().default(false), backfillDays: z.number().int().default(30) })).default({}),
});
export type StoredSettings = z.infer<typeof StoredSettings>;

const StoredMapping = z.object({
  carriers: z.record(z.string(), z.enum(CARRIERS)).default({}),
  services: z.record(z.string(), z.string()).default({}),
});

function read<T>(db: Db, key: string, schema: z.ZodType<T>): T {
  const stored = readSetting(db, key);
  let value: unknown = {};
  try {
    value = stored !== null ? JSON.parse(stored) : {};
  } catch {
    value = {};
  }
  // A hand-edited or older value that no longer fits falls back to defaults rather than stopping sync.
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : schema.parse({});
}

const write = (db: Db, key: string, value: unknown) => writeSetting(db, key, JSON.stringify(value));

export function createSyncSettings(db: Db) {
  return {
    get: (): StoredSettings => read(db, SETTINGS_KEY, StoredSettings),
    save: (settings: StoredSettings): void => void write(db, SETTINGS_KEY, settings),
    mapping: (): OperatorMapping => read(db, MAPPING_KEY, StoredMapping),
    /** Keys are stored normalized, so "DHL Express" typed here matches `dhl_express` in a file. */
    saveMapping(mapping: OperatorMapping): OperatorMapping {
      const normalized = {
        carriers: Object.fromEntries(Object.entries(mapping.carriers).map(([k, v]) => [normalizeCode(k), v])),
        services: Object.fromEntries(Object.entries(mapping.services).map(([k, v]) => [normalizeCode(k), v.trim()])),
      };
      write(db, MAPPING_KEY, normalized);
      return normalized;
    },
  };
}
export type SyncSettingsStore = ReturnType<typeof createSyncSettings>;
