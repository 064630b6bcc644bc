import { z } from 'zod';
import {
  ApiError,
  BUILT_IN_VIEWS,
  DEFAULT_NOTIFICATION_SETTINGS,
  ExceptionFilter,
  NotificationSettingsSchema,
  OperatorSchema,
  ThresholdsSchema,
  type NotificationSettings,
  type Operator,
  type SavedView,
} from '../../src-shared/api';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../src-shared/domain/exceptions/thresholds';
import type { Db } from '../db/create-db';
import type { Logger } from '../platform/ports';
import { readSetting, writeSetting } from '../db/settings';

export const KEYS = {
  thresholds: 'exceptions.thresholds',
  notifications: 'exceptions.notifications',
  views: 'exceptions.views',
  operators: 'operators',
} as const;

const MAX_SAVED_VIEWS = 50;
/** Only the staff's own views are rows; built-ins live in code. */
const StoredViews = z.array(z.object({ name: z.string().trim().min(1).max(80), filter: ExceptionFilter }).strict());

/** Settings rows are JSON; a row that no longer parses (hand-edited, older shape) falls back to defaults, loudly. */
function readJson<S extends z.ZodType>(db: Db, key: string, schema: S, fallback: z.output<S>, logger: Logger): z.output<S> {
  const stored = readSetting(db, key);
  if (stored === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
    logger.warn(`setting ${key} is not usable; using defaults`, parsed.error.issues[0]?.message);
  } catch {
    logger.warn(`setting ${key} is not JSON; using defaults`);
  }
  return fallback;
}

const writeJson = (db: Db, key: string, value: unknown): void => writeSetting(db, key, JSON.stringify(value));

export function createExceptionSettings(db: Db, logger: Logger) {
  return {
    thresholds: (): Thresholds => readJson(db, KEYS.thresholds, ThresholdsSchema, DEFAULT_THRESHOLDS, logger),
    setThresholds: (value: Thresholds): void => writeJson(db, KEYS.thresholds, value),
    notifications: (): NotificationSettings => readJson(db, KEYS.notifications, NotificationSettingsSchema, DEFAULT_NOTIFICATION_SETTINGS, logger),
    setNotifications: (value: NotificationSettings): void => writeJson(db, KEYS.notifications, value),

    views(): SavedView[] {
      const stored = readJson(db, KEYS.views, StoredViews, [], logger);
      return [...BUILT_IN_VIEWS, ...stored.map((v) => ({ name: v.name, filter: v.filter, builtIn: false }))];
    },
    saveView(name: string, filter: ExceptionFilter): SavedView[] {
      if (BUILT_IN_VIEWS.some((v) => v.name.toLowerCase() === name.toLowerCase())) {
        throw new ApiError('invalid_argument', `“${name}” is a built-in view; save yours under another name.`);
      }
      const stored = readJson(db, KEYS.views, StoredViews, [], logger).filter((v) => v.name.toLowerCase() !== name.toLowerCase());
      if (stored.length >= MAX_SAVED_VIEWS) throw new ApiError('invalid_argument', `At most ${MAX_SAVED_VIEWS} saved views; delete one first.`);
      writeJson(db, KEYS.views, [...stored, { name, filter }]);
      return this.views();
    },
    deleteView(name: string): SavedView[] {
      if (BUILT_IN_VIEWS.some((v) => v.name === name)) throw new ApiError('invalid_argument', `“${name}” is built in and cannot be deleted.`);
      const stored = readJson(db, KEYS.views, StoredViews, [], logger);
      if (!stored.some((v) => v.name === name)) throw new ApiError('not_found', `There is no saved view “${name}”.`);
      writeJson(
        db,
        KEYS.views,
        stored.filter((v) => v.name !== name),
      );
      return this.views();
    },

    operators: (): Operator[] => readJson(db, KEYS.operators, OperatorSchema.array(), [], logger),
    saveOperators(operators: Operator[]): Operator[] {
      const names = new Set<string>();
      const badges = new Set<string>();
      for (const o of operators) {
        const key = o.name.toLowerCase();
        if (names.has(key)) throw new ApiError('invalid_argument', `Operator “${o.name}” is listed twice.`);
        if (o.badge !== null && badges.has(o.badge)) throw new ApiError('invalid_argument', `Badge ${o.badge} belongs to two operators.`);
        names.add(key);
        if (o.badge !== null) badges.add(o.badge);
      }
      writeJson(db, KEYS.operators, operators);
      return operators;
    },
  };
}

export type ExceptionSettings = ReturnType<typeof createExceptionSettings>;
