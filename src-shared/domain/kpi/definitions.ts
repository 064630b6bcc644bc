import type { MetricName } from './performance';

export interface MetricDefinition {
  label: string;
  unit: 'shipments' | 'rate' | 'days' | 'hours' | 'business days';
  formula: string;
  /** Which shipments the figure is computed over; the drill-down lists exactly these. */
  population: string;
  /** Set for the resolution rates, whose population counts exception items; every other figure counts shipments. */
  populationUnit?: 'exceptions';
}

/** Shared words for every population below. */
export const SCOPE =
  'Shipments whose ship date (label creation date when there is none) falls in the range; voided labels (cancelled) and customer returns are left out.';

/** The hover text of every figure: one source for the screen, the exports and the CLI's --explain readers. */
export const METRIC_DEFINITIONS: Readonly<Record<MetricName, MetricDefinition>> = {
  shipped: { label: 'Shipped', unit: 'shipments', formula: 'count of shipments', population: 'all shipments in scope' },
  delivered: {
    label: 'Delivered',
    unit: 'shipments',
    formula: 'shipments whose status is delivered (a parcel delivered twice counts once; its delivery time is the last delivery the tracking engine kept)',
    population: 'delivered shipments in scope',
  },
  terminal: {
    label: 'Terminal',
    unit: 'shipments',
    formula: 'delivered + returned + lost + disposed (exception with substatus lost or disposed)',
    population: 'terminal shipments in scope',
  },
  deliverySuccessRate: { label: 'Delivery success', unit: 'rate', formula: 'delivered ÷ terminal', population: 'terminal shipments' },
  firstAttemptSuccessRate: {
    label: 'First-attempt success',
    unit: 'rate',
    formula: 'delivered with no attempt_failed event ÷ delivered',
    population: 'delivered shipments',
  },
  onTimeRate: {
    label: 'On time',
    unit: 'rate',
    formula: 'delivered on or before the original expected date ÷ delivered with an original expected date',
    population:
      'delivered shipments with an original expected date; the delivery date is the local date of the delivery scan when the carrier gave it, else the UTC date',
  },
  expectedDateCoverage: {
    label: 'Expected-date coverage',
    unit: 'rate',
    formula: 'delivered with an original expected date ÷ delivered',
    population: 'delivered shipments',
  },
  avgDeliveryVarianceDays: {
    label: 'Avg delivery variance',
    unit: 'days',
    formula: 'mean(delivery date − original expected date), signed: negative is early',
    population: 'delivered shipments with an original expected date',
  },
  firstScanLatencyHours: {
    label: 'First-scan latency',
    unit: 'hours',
    formula: 'first carrier scan − label created; mean, median and p90 (linear interpolation, as Excel PERCENTILE.INC)',
    population: 'shipments with a first scan whose time is a known instant (local-only carrier times cannot be placed on the timeline)',
  },
  transitHours: {
    label: 'Transit time',
    unit: 'hours',
    formula: 'delivered − first carrier scan; mean, median and p90 (linear interpolation, as Excel PERCENTILE.INC)',
    population: 'delivered shipments whose first scan and delivery are both known instants',
  },
  transitBusinessDays: {
    label: 'Transit (business days)',
    unit: 'business days',
    formula: 'Monday–Friday dates after the first-scan date up to and including the delivery date (holidays not known); mean, median, p90',
    population: 'delivered shipments with a first scan',
  },
  exceptionRate: {
    label: 'Exception rate',
    unit: 'rate',
    formula: 'shipments with ≥ 1 carrier exception (an exception event, or exception status now) ÷ shipped',
    population: 'all shipments in scope',
  },
  stalledRate: {
    label: 'Stalled rate',
    unit: 'rate',
    formula: 'shipments ever flagged stalled ÷ shipped',
    population: 'all shipments in scope',
  },
  proactiveResolutionRate: {
    label: 'Proactively resolved',
    unit: 'rate',
    formula:
      'exception items resolved by staff before the shipment became late ÷ exception items closed (by staff or by the carrier recovering); a shipment becomes late at the end (UTC) of its original expected date unless delivered by then, and one without an expected date never does',
    population: 'closed exception items of shipments in scope; the drill-down lists their shipments',
    populationUnit: 'exceptions',
  },
  selfRecoveryRate: {
    label: 'Carrier self-recovery',
    unit: 'rate',
    formula: 'exception items closed automatically because the carrier recovered (delivered, back in transit) ÷ exception items closed',
    population: 'closed exception items of shipments in scope; the drill-down lists their shipments',
    populationUnit: 'exceptions',
  },
  exceptionsByReason: {
    label: 'Exceptions by reason',
    unit: 'shipments',
    formula: 'shipments with ≥ 1 carrier exception of each reason (one shipment can count under several reasons)',
    population: 'all shipments in scope',
  },
};

const UNIT_WORDS: Record<MetricDefinition['unit'], string> = { shipments: 'shipments', rate: '%', days: 'days', hours: 'h', 'business days': 'business days' };

/** A figure's name with its unit once, as a column header: "Transit time (h)", "On time (%)", "Transit (business days)". */
export function metricHeader(metric: MetricName): string {
  const { label, unit } = METRIC_DEFINITIONS[metric];
  const suffix = UNIT_WORDS[unit];
  return unit === 'shipments' || label.includes(`(${suffix})`) ? label : `${label} (${suffix})`;
}
