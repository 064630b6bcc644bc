import type { MethodArg, MethodName, MethodResult } from '../../src-shared/api';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import type { Db } from '../db/create-db';
import type { TempCore } from '../testing/temp-core';

/** Calls the core through dispatch (validation included) and fails the test on an error envelope. */
export async function call<N extends MethodName>(core: TempCore, name: N, arg: MethodArg<N>): Promise<MethodResult<N>> {
  const envelope = await core.dispatch(name, arg);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value;
}

export async function callError(core: TempCore, name: MethodName, arg: unknown): Promise<{ code: string; message: string }> {
  const envelope = await core.dispatchUntrusted(name, arg);
  if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
  return envelope.error;
}

export interface TestShipment {
  trackingNumber: string;
  carrier: Carrier;
  labelCreatedAt?: string;
  status?: string;
  warehouse?: string | null;
  orderNumber?: string;
  firstScanAt?: string | null;
  isReturn?: boolean;
}

/** Inserts one shipment as an upstream import would have, and returns its id. */
export function insertShipment(db: Db, s: TestShipment): number {
  const stamp = '2026-11-20T00:00:00.000Z';
  return Number(
    db
      .prepare(
        `INSERT INTO shipments (source, external_id, tracking_number, carrier, warehouse, order_number, label_created_at, status,
          first_scan_at, is_return, created_at, updated_at) VALUES ('test', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        `T-${s.trackingNumber}`,
        s.trackingNumber,
        s.carrier,
        s.warehouse === undefined ? 'east' : s.warehouse,
        s.orderNumber ?? `O-${s.trackingNumber.slice(-6)}`,
        s.labelCreatedAt ?? '2026-11-20T10:00:00.000Z',
        s.status ?? 'created',
        s.firstScanAt ?? null,
        s.isReturn ? 1 : 0,
        stamp,
        stamp,
      ).lastInsertRowid,
  );
}
