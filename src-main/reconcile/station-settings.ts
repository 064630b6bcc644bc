import type { StationSettings } from '../../src-shared/api/reconcile';
import { ACKNOWLEDGE_KEYS, DEFAULT_ACKNOWLEDGE_KEY } from '../../src-shared/domain/reconcile/stop-the-line';
import type { Db } from '../db/create-db';
import { readSetting, writeSetting } from '../db/settings';

/** Settings rows are keyed per station, so each packing bench keeps its own scanner programming. */
export const STATION_SETTINGS_KEY_PREFIX = 'reconcile.station:';

export type StationOptions = Omit<StationSettings, 'station'>;

const DEFAULTS: StationOptions = { suffix: '', prefixToStrip: '', soundVolume: 0.8, interKeyTimeoutMs: 80, acknowledgeKey: DEFAULT_ACKNOWLEDGE_KEY };

/** A damaged or older settings value falls back to the defaults field by field instead of failing scans. */
export function parseStationOptions(value: string | null | undefined): StationOptions {
  if (!value) return DEFAULTS;
  let stored: Partial<Record<keyof StationOptions, unknown>>;
  try {
    stored = JSON.parse(value) as typeof stored;
  } catch {
    return DEFAULTS;
  }
  return {
    suffix: typeof stored.suffix === 'string' ? stored.suffix : DEFAULTS.suffix,
    prefixToStrip: typeof stored.prefixToStrip === 'string' ? stored.prefixToStrip : DEFAULTS.prefixToStrip,
    soundVolume: typeof stored.soundVolume === 'number' ? Math.min(1, Math.max(0, stored.soundVolume)) : DEFAULTS.soundVolume,
    interKeyTimeoutMs: typeof stored.interKeyTimeoutMs === 'number' ? stored.interKeyTimeoutMs : DEFAULTS.interKeyTimeoutMs,
    acknowledgeKey: ACKNOWLEDGE_KEYS.find((k) => k === stored.acknowledgeKey) ?? DEFAULTS.acknowledgeKey,
  };
}

export function getStationSettings(db: Db, station: string): StationSettings {
  return { station, ...parseStationOptions(readSetting(db, STATION_SETTINGS_KEY_PREFIX + station) ?? undefined) };
}

/** Read, patch and write under one lock: two windows changing different fields both keep their change. */
export function setStationSettings(db: Db, station: string, patch: Partial<StationOptions>): StationSettings {
  return db.write(() => {
    const { station: _station, ...options } = getStationSettings(db, station);
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(options, { [key]: value });
    writeSetting(db, STATION_SETTINGS_KEY_PREFIX + station, JSON.stringify(options));
    return { station, ...options };
  });
}
