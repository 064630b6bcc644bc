/**
 * Per-field bounds every importer applies before anything is stored: text has a length cap and no NUL,
 * numbers are finite and plausible. One bad field rejects its row with the reason; the others go on.
 */
export const TEXT_LIMITS = Object.freeze({
  externalId: 100,
  orderNumber: 64,
  service: 100,
  warehouse: 100,
  shipToName: 200,
  shipToCity: 100,
  shipToRegion: 100,
  shipToPostalCode: 20,
  shipToCountry: 60,
  eventCode: 100,
  substatus: 100,
  description: 1000,
  location: 200,
});
export type TextField = keyof typeof TEXT_LIMITS;

/** Upper bounds: a parcel over 100,000 oz (about 2.8 t) or an order over 10 million is a typo or an attack. */
export const NUMBER_LIMITS = Object.freeze({
  weightOz: 100_000,
  orderValue: 10_000_000,
});
export type NumberField = keyof typeof NUMBER_LIMITS;

/** Null when `value` may be stored as `field`; else the reason, naming the column as the file spells it. */
export function textProblem(field: TextField, column: string, value: string): string | null {
  if (value.includes('\u0000')) return `${column} contains a NUL byte`;
  if (value.length > TEXT_LIMITS[field]) return `${column} is longer than ${TEXT_LIMITS[field]} characters`;
  return null;
}

export function numberProblem(field: NumberField, column: string, value: number): string | null {
  if (!Number.isFinite(value)) return `${column} is not a finite number`;
  if (value < 0) return `${column} is negative`;
  if (value > NUMBER_LIMITS[field]) return `${column} is more than ${NUMBER_LIMITS[field].toLocaleString('en-US')}`;
  return null;
}
