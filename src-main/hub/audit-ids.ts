/**
 * Audit entries keep what changed as JSON text (before/after), and that text can name records by their local
 * id: a return's `shipmentId`, a pickup's `returnIds`, a scan's `sessionId`. Ids differ between stations, so
 * these travel as hub names like any reference and are read back as the receiving station's own ids.
 */

/** The JSON keys that hold a record's local id, and the table it names; `entity` is the entry's own record. */
export const AUDIT_ID_KEYS: Readonly<Record<string, string>> = {
  id: 'entity',
  key: 'entity',
  shipmentId: 'shipments',
  shipment_id: 'shipments',
  alsoOn: 'shipments',
  scanId: 'scans',
  scan_id: 'scans',
  sessionId: 'scan_sessions',
  session_id: 'scan_sessions',
  pickupId: 'pickups',
  pickup_id: 'pickups',
  returnId: 'returns',
  return_id: 'returns',
  returnIds: 'returns',
  exceptionId: 'exceptions',
  itemId: 'exceptions',
};

/** Told a table and one id-like value found at one of the keys; returns what to write in its place. */
export type IdTranslation = (table: string, value: unknown) => unknown;

/**
 * Rewrites the ids inside one before/after text, at every depth, with `translate`; the entry's own record is
 * `entityTable` (null when its entity names no id-keyed table: its `id` and `key` are left alone). Text that
 * is not JSON, or names no id, comes back unchanged (the same string), so an entry without ids costs a parse.
 */
export function translateAuditIds(text: unknown, entityTable: string | null, translate: IdTranslation): unknown {
  if (typeof text !== 'string' || !/[{[]/.test(text.slice(0, 1))) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  let changed = false;
  const walk = (value: unknown, table: string | null): unknown => {
    if (table) {
      if (Array.isArray(value) && !isHubName(value)) return value.map((v) => walk(v, table));
      const next = translate(table, value);
      if (next !== value) changed = true;
      return next;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, null));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, tableOf(k, entityTable))]));
    return value;
  };
  const out = walk(parsed, null);
  return changed ? JSON.stringify(out) : text;
}

const tableOf = (key: string, entityTable: string | null): string | null => {
  const table = AUDIT_ID_KEYS[key];
  if (!table) return null;
  return table === 'entity' ? entityTable : table;
};

/** A hub name as it travels: [origin station, key]. */
export const isHubName = (value: unknown): value is [string, string] =>
  Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string' && part.length <= 200);

/** A local id as audit text holds it: a whole number, or the same written as digits (a conflict's `key`). */
export const isLocalId = (value: unknown): value is number | string =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) || (typeof value === 'string' && /^[0-9]{1,15}$/.test(value));
