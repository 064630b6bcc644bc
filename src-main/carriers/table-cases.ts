/**
 * Test support for the ordered status tables: one case per row, the input that row is meant to catch, and a
 * check that every mapping uses the domain's words (DOMAIN.md §2).
 */
import { EXCEPTION_REASONS, TRACKING_STATUSES, type TrackingStatus } from '../../src-shared/domain/tracking/status';
import type { Fields, StatusRow } from './table';

/** Substatuses DOMAIN.md §2 lists per status; exception substatuses are the exception reasons. */
const SUBSTATUSES: Readonly<Partial<Record<TrackingStatus, readonly string[]>>> = Object.freeze({
  created: ['label_created', 'info_received'],
  in_transit: ['accepted', 'at_facility', 'departed', 'customs', 'forwarded', 'delivery_rescheduled'],
  delivered: ['signed', 'safe_place', 'neighbour', 'locker', 'picked_up_by_recipient'],
  exception: EXCEPTION_REASONS,
  return_initiated: ['carrier_rts', 'customer_return'],
  unknown: ['not_found', 'sync_error'],
});

/** The smallest input a row is meant to catch: if another row answers it, this row is shadowed (dead). */
export function rowExample<F extends string>(row: StatusRow<F>): Fields<F> {
  const example: Fields<F> = { ...row.is };
  for (const [field, text] of Object.entries(row.has ?? {}) as [F, string][]) {
    example[field] = example[field] ? `${example[field]} ${text}` : text;
  }
  return example;
}

/** `[label, row]` pairs for `it.each`, labelled like `statusCode=011 → delivered`. */
export function tableCases<F extends string>(table: readonly StatusRow<F>[]): [string, StatusRow<F>][] {
  return table.map((row) => {
    const match = [...Object.entries(row.is), ...Object.entries(row.has ?? {}).map(([f, t]) => [f, `*${t}*`])]
      .map(([field, value]) => `${field}=${value}`)
      .join(' ');
    return [`${match || '(any)'} → ${row.status ?? 'informational'}${row.substatus ? `/${row.substatus}` : ''}`, row];
  });
}

/** Why a row's mapping is outside the domain vocabulary; empty when it is fine. */
export function mappingProblems<F extends string>(row: StatusRow<F>): string[] {
  if (row.status === null) return row.substatus === null ? [] : ['informational rows carry no substatus'];
  if (!TRACKING_STATUSES.includes(row.status)) return [`unknown status ${row.status}`];
  if (row.substatus === null) return [];
  return (SUBSTATUSES[row.status] ?? []).includes(row.substatus) ? [] : [`substatus ${row.substatus} is not a ${row.status} substatus`];
}
