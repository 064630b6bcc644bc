/** Flag thresholds per carrier and service (DOMAIN.md §2 "Computed flags"), in hours. */
import type { Carrier } from '../tracking/status';

export interface ThresholdDefaults {
  stalledHours: number;
  /** Used instead of `stalledHours` for express services (see EXPRESS_SERVICE_MARKERS). */
  expressStalledHours: number;
  noFirstScanHours: number;
}

/** An override for one carrier, or one carrier's service; a missing hour value falls through to the next level. */
export interface ThresholdRule {
  carrier: Carrier;
  /** null: every service of the carrier. Matched after normalizing (case, spaces and hyphens). */
  service: string | null;
  stalledHours?: number | null;
  noFirstScanHours?: number | null;
}

export interface Thresholds {
  defaults: ThresholdDefaults;
  rules: ThresholdRule[];
}

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  defaults: Object.freeze({ stalledHours: 48, expressStalledHours: 24, noFirstScanHours: 24 }),
  rules: [],
}) as Thresholds;

/** A threshold beyond 30 days would never fire before the carriers give up tracking (DOMAIN.md §6: 60 days). */
export const MAX_THRESHOLD_HOURS = 720;

/**
 * A service is express when its normalized name contains one of these: UPS next_day_air / 2nd_day_air,
 * FedEx priority_overnight / 2day, USPS priority_mail(_express), DHL express_worldwide, "same day" couriers.
 */
export const EXPRESS_SERVICE_MARKERS = [
  'express',
  'overnight',
  'next_day',
  'nextday',
  'same_day',
  'sameday',
  '2day',
  '2_day',
  '2nd_day',
  'second_day',
  'two_day',
  'priority',
] as const;

export const normalizeService = (service: string): string =>
  service
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export const isExpressService = (service: string | null): boolean => {
  if (!service) return false;
  const name = normalizeService(service);
  return EXPRESS_SERVICE_MARKERS.some((marker) => name.includes(marker));
};

export interface ResolvedThreshold {
  stalledHours: number;
  noFirstScanHours: number;
  express: boolean;
}

/** Most specific first: carrier + service rule, then carrier rule, then the (express) default. */
export function thresholdFor(thresholds: Thresholds, carrier: string, service: string | null): ResolvedThreshold {
  const normalized = service === null ? null : normalizeService(service);
  const exact = thresholds.rules.find((r) => r.carrier === carrier && r.service !== null && normalizeService(r.service) === normalized);
  const carrierWide = thresholds.rules.find((r) => r.carrier === carrier && r.service === null);
  const express = isExpressService(service);
  const pick = (key: 'stalledHours' | 'noFirstScanHours', fallback: number): number => exact?.[key] ?? carrierWide?.[key] ?? fallback;
  const { defaults } = thresholds;
  return {
    stalledHours: pick('stalledHours', express ? defaults.expressStalledHours : defaults.stalledHours),
    noFirstScanHours: pick('noFirstScanHours', defaults.noFirstScanHours),
    express,
  };
}

/** Two rules for the same carrier and service would make the outcome depend on their order. */
export function duplicateRule(rules: readonly ThresholdRule[]): ThresholdRule | null {
  const seen = new Set<string>();
  for (const rule of rules) {
    const key = `${rule.carrier}|${rule.service === null ? '*' : normalizeService(rule.service)}`;
    if (seen.has(key)) return rule;
    seen.add(key);
  }
  return null;
}
