import type { Carrier } from '../../src-shared/domain/tracking/status';
import { normalizeCode, resolveCarrier, resolveService } from './carrier-codes';
import { numberProblem, textProblem, type NumberField, type TextField } from '../../src-shared/domain/intake/field-limits';
import { timeWindowProblem, type TimeKind } from '../../src-shared/domain/intake/time-window';
import { toDate, toInstant } from './times';
import type { CandidateRow, Reject, RejectCode, RowRules, ShipmentInput } from './types';

export interface OperatorMapping {
  carriers: Readonly<Record<string, Carrier>>;
  services: Readonly<Record<string, string>>;
}

type Value = string | number | boolean | null | undefined;

const text = (value: Value): string | null => {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
};

/** Text that is stored: capped per field, never a NUL byte. */
const capped = (value: Value, field: TextField, column: string): string | null => {
  const s = text(value);
  const problem = s === null ? null : textProblem(field, column, s);
  if (problem) throw new RowProblem('bad_text', problem);
  return s;
};

const quote = (value: Value) => JSON.stringify(String(value).slice(0, 60));

class RowProblem extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
    readonly codeValue: string | null = null,
  ) {
    super(message);
  }
}

/** Plain decimals with a dot (FORMATS.md); "12,50" or "$12" are refused rather than guessed, and so is the absurd. */
function decimal(value: Value, field: NumberField, column: string): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new RowProblem('bad_number', `bad number in ${column}: ${quote(value)}`);
  } else {
    const s = text(value);
    if (s === null) return null;
    if (!/^\d+(\.\d+)?$/.test(s)) throw new RowProblem('bad_number', `bad number in ${column}: ${quote(s)}`);
    value = Number(s);
  }
  const problem = numberProblem(field, column, value);
  if (problem) throw new RowProblem('bad_number', `bad number: ${problem}`);
  return value;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

function flag(value: Value, column: string): boolean {
  if (typeof value === 'boolean') return value;
  const s = text(value)?.toLowerCase();
  if (s === undefined || s === null) return false;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new RowProblem('bad_flag', `bad value in ${column}: ${quote(s)} (use true or false)`);
}

function date(value: Value, column: string, kind: TimeKind, nowMs: number): string | null {
  const s = text(value);
  if (s === null) return null;
  const d = toDate(s);
  if (!d) throw new RowProblem('bad_date', `bad date in ${column}: ${quote(s)}`);
  const outside = timeWindowProblem(kind, d, nowMs);
  if (outside) throw new RowProblem('bad_date', `bad date in ${column}: ${outside}`);
  return d;
}

/** Printed numbers carry spaces; carriers' systems take them upper case and without. */
function trackingNumber(value: Value): string {
  const s = text(value)?.replace(/\s+/g, '').toUpperCase();
  if (!s) throw new RowProblem('missing_tracking_number', 'missing tracking number');
  if (!/^[A-Z0-9-]{5,40}$/.test(s)) throw new RowProblem('bad_tracking_number', `bad tracking number: ${quote(s)}`);
  return s;
}

function build(row: CandidateRow, rules: RowRules, mapping: OperatorMapping, nowMs: number): ShipmentInput {
  const f = row.fields;
  if (row.problem) throw new RowProblem(row.problem.code, row.problem.reason);
  const externalId = capped(f.externalId, 'externalId', 'external id');
  if (!externalId) throw new RowProblem('missing_external_id', 'missing external id');
  const tracking = trackingNumber(f.trackingNumber);
  const carrierCode = text(f.carrier);
  if (!carrierCode) throw new RowProblem('missing_carrier', 'missing carrier');
  const carrier = resolveCarrier(carrierCode, mapping.carriers);
  if (!carrier) throw new RowProblem('unknown_carrier', `unknown carrier ${quote(carrierCode)} (map it in Sync settings)`, normalizeCode(carrierCode));
  const created = text(f.labelCreatedAt);
  if (!created) throw new RowProblem('missing_date', 'missing label creation date');
  const instant = toInstant(created, rules.zone);
  if (!instant.ok) {
    throw new RowProblem(
      'bad_date',
      instant.problem === 'no_offset'
        ? `bad date in label_created_at: ${quote(created)} has no time zone offset (write it like 2026-11-20T14:03:00Z)`
        : `bad date in label_created_at: ${quote(created)}`,
    );
  }
  const outside = timeWindowProblem('event', instant.iso, nowMs);
  if (outside) throw new RowProblem('bad_date', `bad date in label_created_at: ${outside}`);
  const serviceCode = capped(f.service, 'service', 'service');
  const orderValue = decimal(f.orderValue, 'orderValue', 'order_value');
  const currency = text(f.currency)?.toUpperCase() ?? null;
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) throw new RowProblem('bad_text', `bad currency: ${quote(currency)} (use a code like USD)`);
  return {
    source: rules.source,
    externalId,
    trackingNumber: tracking,
    carrier,
    service: serviceCode === null ? null : resolveService(serviceCode, carrierCode, carrier, mapping.services, rules.stripServicePrefix),
    warehouse: capped(f.warehouse, 'warehouse', 'warehouse'),
    orderNumber: capped(f.orderNumber, 'orderNumber', 'order_number'),
    orderValueCents: orderValue === null ? null : Math.round(orderValue * 100),
    currency,
    labelCreatedAt: instant.iso,
    shipDate: date(f.shipDate, 'ship_date', 'event', nowMs),
    expectedDelivery: date(f.expectedDelivery, 'expected_delivery', 'expected', nowMs),
    isReturn: flag(f.isReturn, 'is_return'),
    voided: flag(f.voided, 'voided'),
    shipToName: capped(f.shipToName, 'shipToName', 'ship_to_name'),
    shipToCity: capped(f.shipToCity, 'shipToCity', 'ship_to_city'),
    shipToRegion: capped(f.shipToRegion, 'shipToRegion', 'ship_to_region'),
    shipToPostalCode: capped(f.shipToPostalCode, 'shipToPostalCode', 'ship_to_postal_code'),
    shipToCountry: capped(f.shipToCountry, 'shipToCountry', 'ship_to_country'),
    weightOz: decimal(f.weightOz, 'weightOz', 'weight_oz'),
  };
}

/** One row through every rule: a shipment to store, or the first problem in plain words. `nowMs` places the time window. */
export function toShipment(
  row: CandidateRow,
  rules: RowRules,
  mapping: OperatorMapping,
  nowMs: number,
): { ok: true; shipment: ShipmentInput } | { ok: false; reject: Reject } {
  try {
    return { ok: true, shipment: build(row, rules, mapping, nowMs) };
  } catch (error) {
    if (!(error instanceof RowProblem)) throw error;
    return {
      ok: false,
      reject: { rowNumber: row.rowNumber, raw: row.raw(), fields: row.fields, code: error.code, codeValue: error.codeValue, reason: error.message },
    };
  }
}
