/** Priority = severity of the reason × order value × age (DOMAIN.md §3), with the sum spelled out for a tooltip. */
import { REASON_PROFILES, reasonLabel, type QueueReason } from './reasons';

const HOUR_MS = 3_600_000;

/** An order without a value still needs a weight; this is about a typical parcel's worth. */
export const UNKNOWN_ORDER_VALUE = 50;

export interface Priority {
  value: number;
  severity: number;
  orderValue: number;
  /** 1 when the item opens, 2 a day later, 3 after two days: old problems rise. */
  ageFactor: number;
  explanation: string;
}

/** 12,345.67 — by hand: toLocaleString builds a formatter per call, too slow for a page of rows. */
export function grouped(n: number, digits = 0): string {
  const [whole, fraction] = Math.abs(n).toFixed(digits).split('.');
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${withCommas}${fraction ? `.${fraction}` : ''}`;
}

function ageText(ageMs: number): string {
  const hours = ageMs / HOUR_MS;
  return hours < 48 ? `${Math.floor(hours)} h open` : `${Math.floor(hours / 24)} days open`;
}

const ageFactorOf = (ageMs: number): number => 1 + Math.max(0, ageMs) / (24 * HOUR_MS);
const weightOf = (orderValue: number | null): number => (orderValue !== null && orderValue > 0 ? orderValue : UNKNOWN_ORDER_VALUE);

/** The number alone, for the rules engine's hot loop. */
export const priorityValue = (reason: QueueReason, orderValue: number | null, ageMs: number): number =>
  Math.round(REASON_PROFILES[reason].severity * weightOf(orderValue) * ageFactorOf(ageMs) * 100) / 100;

export function priorityOf(reason: QueueReason, orderValue: number | null, ageMs: number): Priority {
  const severity = REASON_PROFILES[reason].severity;
  const value = weightOf(orderValue);
  const ageFactor = ageFactorOf(ageMs);
  const priority = priorityValue(reason, orderValue, ageMs);
  const valueText = orderValue !== null && orderValue > 0 ? `order value ${grouped(value, 2)}` : `order value unknown (counted as ${UNKNOWN_ORDER_VALUE})`;
  return {
    value: priority,
    severity,
    orderValue: value,
    ageFactor,
    explanation: `${reasonLabel(reason)}: severity ${severity} × ${valueText} × age ${ageFactor.toFixed(2)} (${ageText(ageMs)}) = ${grouped(priority)}`,
  };
}

/** Age keeps growing, so stored priorities are refreshed on each pass; tiny drifts are not worth a write. */
export const priorityMoved = (stored: number, fresh: number): boolean => Math.abs(fresh - stored) > Math.max(0.01, Math.abs(stored) * 0.01);

/** Past the instant `priorityMoved` turns true, so a refresh a little late never finds nothing to write. */
const PRIORITY_DUE_SLACK_MS = 60_000;

/**
 * When an open item's stored priority will have drifted enough (`priorityMoved`) to be rewritten: age alone
 * raises it, by severity × value per day. The rules pass comes back to the item then, not on every pass.
 */
export function priorityDueAt(reason: QueueReason, orderValue: number | null, stored: number, openedAtMs: number): number {
  const perDay = REASON_PROFILES[reason].severity * weightOf(orderValue);
  if (!(perDay > 0)) return Infinity;
  const target = stored + Math.max(0.01, Math.abs(stored) * 0.01);
  // The value rounds to cents; half a cent over the target is enough to pass it.
  const ageMs = ((target + 0.005) / perDay - 1) * 24 * HOUR_MS;
  return openedAtMs + Math.max(0, ageMs) + PRIORITY_DUE_SLACK_MS;
}
