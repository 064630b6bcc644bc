/** Defensive readers for untyped carrier JSON: they never throw and turn odd values into null / []. */

export type JsonRecord = Record<string, unknown>;

export const rec = (value: unknown): JsonRecord | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null);

/** Arrays as they are; a lone object as a one-item list (some APIs collapse single-item arrays); else []. */
export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return rec(value) ? [value] : [];
}

/** Trimmed non-empty text; finite numbers become text (DHL sends a numeric `id`). */
export function str(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Walks nested objects and arrays by key or index; any missing step gives undefined. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = rec(current)?.[step];
  }
  return current;
}

export interface LocationParts {
  city?: unknown;
  state?: unknown;
  postalCode?: unknown;
  country?: unknown;
}

/** "CITY, ST 12345, CC" with blanks left out; null when nothing is known. */
export function formatLocation(parts: LocationParts): string | null {
  const region = [str(parts.state), str(parts.postalCode)].filter(Boolean).join(' ');
  const text = [str(parts.city), region, str(parts.country)].filter(Boolean).join(', ');
  return text === '' ? null : text;
}

/** Joins text fragments with " — ", dropping blanks and repeats. */
export function joinText(...parts: unknown[]): string {
  const texts = parts.map(str).filter((t): t is string => t !== null);
  return [...new Set(texts)].join(' — ');
}
