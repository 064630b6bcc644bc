import type { ExceptionRow, MethodArg, MethodName, MethodResult } from '../../src-shared/api';
import type { Notifier } from '../platform/ports';
import { createTempCore, type TempCore } from '../testing/temp-core';

export const HOUR = 3_600_000;
/** Monday 2026-11-16 12:00 UTC. */
export const MONDAY_NOON = Date.parse('2026-11-16T12:00:00Z');

export interface RecordingNotifier extends Notifier {
  sent: { title: string; body: string }[];
}

export const recordingNotifier = (): RecordingNotifier => {
  const sent: { title: string; body: string }[] = [];
  return { sent, notify: (title, body) => void sent.push({ title, body }) };
};

export interface ExceptionsCore extends TempCore {
  notifier: RecordingNotifier;
}

export function exceptionsCore(start = MONDAY_NOON): ExceptionsCore {
  const notifier = recordingNotifier();
  return Object.assign(createTempCore(start, fetch, notifier), { notifier });
}

let serial = 0;

/** A shipment row as ingest and sync leave it; times are ISO strings, the value in cents. */
export function addShipment(core: TempCore, patch: Record<string, string | number | null> = {}): number {
  serial++;
  const row: Record<string, string | number | null> = {
    source: 'test',
    external_id: `T-${serial}`,
    tracking_number: `1ZTEST${String(serial).padStart(8, '0')}`,
    carrier: 'ups',
    service: 'ground',
    warehouse: null,
    order_number: `ORD-${serial}`,
    order_value_cents: 10_000,
    currency: 'USD',
    label_created_at: new Date(core.clock.now() - 24 * HOUR).toISOString(),
    status: 'in_transit',
    substatus: null,
    last_event_at: new Date(core.clock.now()).toISOString(),
    first_scan_at: new Date(core.clock.now() - 20 * HOUR).toISOString(),
    created_at: new Date(core.clock.now()).toISOString(),
    updated_at: new Date(core.clock.now()).toISOString(),
    ...patch,
  };
  const columns = Object.keys(row);
  const result = core.services.db.raw
    .prepare(`INSERT INTO shipments (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    .run(...Object.values(row));
  return Number(result.lastInsertRowid);
}

/** What a carrier update does to the row, followed by the event the ingest emits after its batch. */
export async function carrierUpdate(core: TempCore, shipmentId: number, patch: Record<string, string | number | null>): Promise<void> {
  const sets = Object.keys(patch).map((c) => `${c} = ?`);
  core.services.db.raw.prepare(`UPDATE shipments SET ${sets.join(', ')} WHERE id = ?`).run(...Object.values(patch), shipmentId);
  await core.services.exceptions.evaluateShipments([shipmentId]);
}

export interface ItemRecord {
  id: number;
  shipment_id: number;
  reason: string;
  state: string;
  assignee: string | null;
  version: number;
  closed_by: string | null;
  closed_at: string | null;
  snoozed_until: string | null;
  resolution_code: string | null;
}

export const itemsOf = (core: TempCore, shipmentId: number): ItemRecord[] =>
  core.services.db.raw.prepare('SELECT * FROM exceptions WHERE shipment_id = ? ORDER BY id').all(shipmentId) as ItemRecord[];

export const auditOf = (core: TempCore, exceptionId: number) =>
  (
    core.services.db.raw
      .prepare("SELECT action, operator, station, at, before, after FROM audit_log WHERE entity = 'exception' AND entity_id = ? ORDER BY id")
      .all(exceptionId) as {
      action: string;
      operator: string;
      station: string | null;
      at: string;
      before: string | null;
      after: string | null;
    }[]
  ).map((a) => ({ ...a, before: a.before && JSON.parse(a.before), after: a.after && JSON.parse(a.after) }));

export async function call<N extends MethodName>(
  core: TempCore,
  method: N,
  arg: MethodArg<N>,
  who: { operator?: string; station?: string } = { operator: 'Ana Ruiz', station: 'Desk 2' },
): Promise<MethodResult<N>> {
  const result = await core.dispatch(method, arg, { transport: 'in-process', ...who });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value;
}

export async function refused(core: TempCore, method: string, arg: unknown, who?: { operator?: string; station?: string }) {
  const result = await core.dispatchUntrusted(method, arg, { transport: 'in-process', ...(who ?? { operator: 'Ana Ruiz', station: 'Desk 2' }) });
  if (result.ok) throw new Error(`${method} was accepted`);
  return result.error;
}

export const ref = (row: Pick<ExceptionRow, 'id' | 'version'> | ItemRecord) => ({ id: row.id, version: row.version });
