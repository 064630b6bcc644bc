import type { CandidateRow, OrderValue, RowFields } from '../types';

/** The parts of a ShipStation V1 `/shipments` item the console keeps. */
export interface V1Shipment {
  shipmentId: number;
  orderId?: number | null;
  orderNumber?: string | null;
  createDate?: string | null;
  shipDate?: string | null;
  trackingNumber?: string | null;
  isReturnLabel?: boolean | null;
  carrierCode?: string | null;
  serviceCode?: string | null;
  warehouseId?: number | null;
  voided?: boolean | null;
  voidDate?: string | null;
  shipTo?: { name?: string | null; city?: string | null; state?: string | null; postalCode?: string | null; country?: string | null } | null;
  weight?: { value?: number | null; units?: string | null } | null;
  advancedOptions?: { warehouseId?: number | null } | null;
}

export interface V1Order {
  orderId: number;
  orderNumber: string;
  orderTotal?: number | null;
  modifyDate?: string | null;
}

const OUNCES_PER: Record<string, number> = { ounces: 1, ounce: 1, oz: 1, pounds: 16, pound: 16, lb: 16, grams: 0.035274, gram: 0.035274, g: 0.035274 };

/** ShipStation weighs in ounces by default but lets an account pick pounds or grams. */
export function weightInOunces(weight: V1Shipment['weight']): number | null {
  if (!weight || typeof weight.value !== 'number') return null;
  const factor = OUNCES_PER[(weight.units ?? 'ounces').toLowerCase()];
  return factor === undefined ? null : Math.round(weight.value * factor * 100) / 100;
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

export function shipmentFields(s: V1Shipment, orderValue: OrderValue | undefined): RowFields {
  const warehouse = s.warehouseId ?? s.advancedOptions?.warehouseId;
  return {
    externalId: str(s.shipmentId),
    trackingNumber: str(s.trackingNumber),
    carrier: str(s.carrierCode),
    service: str(s.serviceCode),
    warehouse: str(warehouse),
    orderNumber: str(s.orderNumber),
    orderValue: orderValue ? orderValue.valueCents / 100 : null,
    currency: orderValue?.currency ?? null,
    labelCreatedAt: str(s.createDate),
    shipDate: str(s.shipDate),
    isReturn: s.isReturnLabel === true,
    voided: s.voided === true,
    shipToName: str(s.shipTo?.name),
    shipToCity: str(s.shipTo?.city),
    shipToRegion: str(s.shipTo?.state),
    shipToPostalCode: str(s.shipTo?.postalCode),
    shipToCountry: str(s.shipTo?.country),
    weightOz: weightInOunces(s.weight),
  };
}

/** What a reject keeps of a platform row: its own field names, flat, as a person would look them up in ShipStation. */
const flatRaw = (s: V1Shipment) => (): Record<string, string> => {
  const raw: Record<string, string> = {};
  const visit = (value: unknown, prefix: string) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, prefix ? `${prefix}.${k}` : k);
    } else if (!Array.isArray(value)) raw[prefix] = String(value);
  };
  visit(s, '');
  return raw;
};

export function shipmentRow(s: V1Shipment, rowNumber: number, orderValue: OrderValue | undefined): CandidateRow {
  return { rowNumber, raw: flatRaw(s), fields: shipmentFields(s, orderValue) };
}

export function orderValue(o: V1Order): OrderValue | null {
  if (typeof o.orderTotal !== 'number' || !o.orderNumber) return null;
  // V1 orders carry no currency; the account's own currency is implied, so none is claimed here.
  return { orderNumber: o.orderNumber, valueCents: Math.round(o.orderTotal * 100), currency: null };
}

/** `2026-11-20T10:15:00.1230000` → `2026-11-20 10:15:00`, the wall-time shape V1 date filters take. */
export function filterWallTime(value: string | null | undefined): string | null {
  const m = value ? /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(value) : null;
  return m ? `${m[1]} ${m[2]}` : null;
}
