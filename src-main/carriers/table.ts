/**
 * Ordered status tables (DOMAIN.md §2): each carrier maps its codes with an explicit list of rows, and the
 * first matching row wins. A row with `status: null` marks an informational event that never changes status.
 */
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';

export interface Mapping {
  status: TrackingStatus | null;
  substatus: string | null;
}

export type Fields<F extends string> = Partial<Record<F, string | null | undefined>>;

export interface StatusRow<F extends string> extends Mapping {
  /** Fields that must equal the input (trimmed, case-insensitive). */
  is: Partial<Record<F, string>>;
  /** Fields that must contain the text (case-insensitive). */
  has?: Partial<Record<F, string>>;
}

const norm = (value: string | null | undefined): string => (value ?? '').trim().toUpperCase();

/** A row matching on equal fields. */
export function when<F extends string>(is: Partial<Record<F, string>>, status: TrackingStatus | null, substatus: string | null = null): StatusRow<F> {
  return { is, status, substatus };
}

/** A row matching on equal fields plus contained text. */
export function whenText<F extends string>(
  is: Partial<Record<F, string>>,
  has: Partial<Record<F, string>>,
  status: TrackingStatus | null,
  substatus: string | null = null,
): StatusRow<F> {
  return { is, has, status, substatus };
}

/** One row per code, all with the same mapping (long code lists such as Canada Post's reasons). */
export function eachCode<F extends string>(field: F, codes: readonly string[], status: TrackingStatus | null, substatus: string | null = null): StatusRow<F>[] {
  return codes.map((code) => when({ [field]: code } as Partial<Record<F, string>>, status, substatus));
}

function rowMatches<F extends string>(row: StatusRow<F>, input: Fields<F>): boolean {
  const equal = (Object.entries(row.is) as [F, string][]).every(([field, value]) => norm(input[field]) === norm(value));
  const contained = (Object.entries(row.has ?? {}) as [F, string][]).every(([field, value]) => norm(input[field]).includes(norm(value)));
  return equal && contained;
}

/** The first row that matches, or null when none does. */
export function lookup<F extends string>(table: readonly StatusRow<F>[], input: Fields<F>): StatusRow<F> | null {
  return table.find((row) => rowMatches(row, input)) ?? null;
}

const UNMAPPED: Mapping = Object.freeze({ status: 'unknown', substatus: null });

/** The mapping of the first matching row; `unknown` when nothing matches (tables end with a catch-all anyway). */
export function mapWith<F extends string>(table: readonly StatusRow<F>[], input: Fields<F>): Mapping {
  const row = lookup(table, input);
  return row ? { status: row.status, substatus: row.substatus } : UNMAPPED;
}
