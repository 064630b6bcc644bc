/**
 * What each shipment contributes to the carrier KPIs, spelled once in SQL (DOMAIN.md §7). The report, the
 * drill-down and the bench baseline all build on these expressions, so a figure and the shipments listed
 * behind it can never disagree. `s` is the shipments table.
 */
import type { DrillPart, ReportFilter } from '../../src-shared/api/reports';
import type { GroupKey, GroupValues, MetricName } from '../../src-shared/domain/kpi/performance';

/** Ship date, falling back to the label's creation date (FORMATS.md). */
export const SHIP_DAY = 'coalesce(s.ship_date, substr(s.label_created_at, 1, 10))';

export const GROUP_SQL: Record<GroupKey, string> = {
  carrier: 's.carrier',
  service: 's.service',
  warehouse: 's.warehouse',
  week: `strftime('%G-W%V', ${SHIP_DAY})`,
};

/** A stored time is an instant when it carries `Z` or an offset; local-only carrier times have neither. */
const isInstant = (column: string) => `(substr(${column}, -1) = 'Z' OR substr(${column}, -6, 1) IN ('+', '-'))`;

/** Days since 1970-01-01 of a `YYYY-MM-DD…` value. */
const dayNumber = (text: string) => `(unixepoch(substr(${text}, 1, 10)) / 86400)`;

/**
 * The local calendar date of a stored delivery instant: the wall time of the matching delivery scan when the
 * carrier gave one (an 8 pm delivery in New York is already tomorrow in UTC), else the stored value's own date.
 */
const LOCAL_DELIVERY_DATE = `coalesce(
  (SELECT substr(e.local_time, 1, 10) FROM tracking_events e
    WHERE e.shipment_id = s.id AND e.status = 'delivered' AND e.occurred_at = s.delivered_at AND e.local_time IS NOT NULL LIMIT 1),
  substr(s.delivered_at, 1, 10))`;

export const FACT = {
  delivered: "s.status = 'delivered'",
  terminal: "(s.status IN ('delivered', 'returned') OR (s.status = 'exception' AND s.substatus IN ('lost', 'disposed')))",
  /** Only meaningful for delivered shipments. */
  noFailedAttempt: "NOT EXISTS (SELECT 1 FROM tracking_events e WHERE e.shipment_id = s.id AND e.substatus = 'attempt_failed')",
  hadException: "(s.status = 'exception' OR EXISTS (SELECT 1 FROM tracking_events e WHERE e.shipment_id = s.id AND e.status = 'exception'))",
  /** flags_seen keeps every flag ever set (bit 1 = stalled); the live mask is or-ed in for stores written before it existed. */
  everStalled: '((s.flags | s.flags_seen) & 1) <> 0',
  deliveredDay: `CASE WHEN s.status = 'delivered' AND s.delivered_at IS NOT NULL THEN ${dayNumber(LOCAL_DELIVERY_DATE)} END`,
  expectedDay: `${dayNumber('s.expected_delivery_original')}`,
  firstScanDay: `CASE WHEN s.status = 'delivered' AND s.first_scan_at IS NOT NULL THEN ${dayNumber('s.first_scan_at')} END`,
  latencyHours: `CASE WHEN s.first_scan_at IS NOT NULL AND ${isInstant('s.first_scan_at')} AND ${isInstant('s.label_created_at')}
    THEN (julianday(s.first_scan_at) - julianday(s.label_created_at)) * 24 END`,
  transitHours: `CASE WHEN s.status = 'delivered' AND s.delivered_at IS NOT NULL AND s.first_scan_at IS NOT NULL
    AND ${isInstant('s.delivered_at')} AND ${isInstant('s.first_scan_at')}
    THEN (julianday(s.delivered_at) - julianday(s.first_scan_at)) * 24 END`,
} as const;

/**
 * When the shipment became late, as an ISO instant to compare with `closed_at`: the end (UTC) of its original
 * expected date, unless it was delivered by then; null when it never became late (no promise, or on time).
 */
const LATE_FROM = `CASE WHEN s.expected_delivery_original IS NULL OR ${FACT.deliveredDay} <= ${FACT.expectedDay} THEN NULL
  ELSE date(s.expected_delivery_original, '+1 day') || 'T00:00:00.000Z' END`;

/** Exception items (`x`) as the resolution rates count them; auto-resolution is the carrier recovering. */
export const ITEM = {
  closed: "x.state IN ('resolved', 'auto_resolved')",
  proactive: `(x.state = 'resolved' AND coalesce(x.closed_at < ${LATE_FROM}, 1))`,
  selfRecovered: "x.state = 'auto_resolved'",
} as const;

/** Bits of the packed per-shipment flags column the report reads back. */
export const BIT = { delivered: 1, terminal: 2, firstAttempt: 4, hadException: 8, everStalled: 16 } as const;

/** Sums, not ORs: SQLite gives | and << the same precedence, and one shipment sets each bit at most once. */
const PACKED_BITS = `(${FACT.delivered})
  + (${FACT.terminal}) * 2
  + (CASE WHEN ${FACT.delivered} THEN ${FACT.noFailedAttempt} ELSE 0 END) * 4
  + (${FACT.hadException}) * 8
  + (${FACT.everStalled}) * 16`;

export interface Scope {
  from: string;
  to: string;
  filter: ReportFilter;
}

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** Shipments in scope: ship date in range, no voided labels, no customer returns, then the filters. */
export function scopeSql(scope: Scope): SqlPart {
  const clauses = [`${SHIP_DAY} BETWEEN ? AND ?`, "s.status <> 'cancelled'", 's.is_return = 0'];
  const params: unknown[] = [scope.from, scope.to];
  for (const [column, values] of [
    ['s.carrier', scope.filter.carrier],
    ['s.service', scope.filter.service],
    ['s.warehouse', scope.filter.warehouse],
  ] as const) {
    if (!values?.length) continue;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  return { sql: clauses.join(' AND '), params };
}

/** `s.carrier = ?` for a value, `s.service IS NULL` for a row whose shipments have none. */
export function groupMatchSql(group: GroupValues): SqlPart {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(group) as [GroupKey, string | null | undefined][]) {
    if (value === undefined) continue;
    if (value === null) clauses.push(`${GROUP_SQL[key]} IS NULL`);
    else {
      clauses.push(`${GROUP_SQL[key]} = ?`);
      params.push(value);
    }
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

/**
 * One row per shipment with id in (?, ?]: grouping columns, then packed bits, delivered/expected/first-scan day
 * numbers, latency and transit hours. Walking the table in id ranges keeps each statement short (the event
 * loop breathes between ranges) and makes SQLite scan by rowid rather than wander through a carrier index.
 */
export function factsSql(groupBy: readonly GroupKey[], scope: Scope): SqlPart {
  const where = scopeSql(scope);
  const groups = groupBy.map((key) => `${GROUP_SQL[key]} AS ${key}`);
  return {
    sql: `SELECT ${[...groups, `${PACKED_BITS} AS bits`, `${FACT.deliveredDay} AS deliveredDay`, `${FACT.expectedDay} AS expectedDay`, `${FACT.firstScanDay} AS firstScanDay`, `${FACT.latencyHours} AS latency`, `${FACT.transitHours} AS transit`].join(',\n  ')}
FROM shipments s WHERE s.id > ? AND s.id <= ? AND ${where.sql}`,
    params: where.params,
  };
}

/**
 * Shipments per carrier exception reason, once per (shipment, reason), for shipments with id in (@lo, @hi];
 * bind `{ lo, hi }` first, then the scope's positional parameters.
 */
export function exceptionReasonsSql(groupBy: readonly GroupKey[], scope: Scope): SqlPart {
  const where = scopeSql(scope);
  const groups = groupBy.map((key) => `${GROUP_SQL[key]} AS ${key}`);
  return {
    sql: `SELECT ${[...groups, 'x.reason AS reason', 'count(*) AS n'].join(', ')}
FROM (
  SELECT e.shipment_id AS id, coalesce(e.substatus, 'other') AS reason FROM tracking_events e
    WHERE e.shipment_id > @lo AND e.shipment_id <= @hi AND e.status = 'exception'
  UNION
  SELECT s2.id, coalesce(s2.substatus, 'other') FROM shipments s2 NOT INDEXED WHERE s2.id > @lo AND s2.id <= @hi AND s2.status = 'exception'
) x JOIN shipments s ON s.id = x.id
WHERE ${where.sql}
GROUP BY ${[...groupBy.map((k) => k), 'reason'].join(', ')}`,
    params: where.params,
  };
}

/**
 * Closed exception items per group, counted and classified, for shipments with id in (@lo, @hi]; bind
 * `{ lo, hi }` first, then the scope's positional parameters.
 */
export function closedItemsSql(groupBy: readonly GroupKey[], scope: Scope): SqlPart {
  const where = scopeSql(scope);
  const groups = groupBy.map((key) => `${GROUP_SQL[key]} AS ${key}`);
  return {
    sql: `SELECT ${[...groups, 'count(*) AS closed', `sum(${ITEM.proactive}) AS proactive`, `sum(${ITEM.selfRecovered}) AS selfRecovered`].join(', ')}
FROM exceptions x JOIN shipments s ON s.id = x.shipment_id
WHERE x.shipment_id > @lo AND x.shipment_id <= @hi AND ${ITEM.closed} AND ${where.sql}
${groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : 'HAVING count(*) > 0'}`,
    params: where.params,
  };
}

const hasItem = (condition: string) => `EXISTS (SELECT 1 FROM exceptions x WHERE x.shipment_id = s.id AND ${condition})`;

const exceptionWithReason = `((s.status = 'exception' AND coalesce(s.substatus, 'other') = ?)
  OR EXISTS (SELECT 1 FROM tracking_events e WHERE e.shipment_id = s.id AND e.status = 'exception' AND coalesce(e.substatus, 'other') = ?))`;

const WITH_EXPECTED = `${FACT.deliveredDay} IS NOT NULL AND ${FACT.expectedDay} IS NOT NULL`;

interface DrillRule {
  population: string;
  /** The numerator of a rate; absent for counts and distributions. */
  counted?: string;
  /** Longest or latest first where the figure is a duration, so the outliers lead the list. */
  order?: string;
}

/** For each figure: which shipments it is computed over and which it counts (see METRIC_DEFINITIONS). */
export const DRILL: Record<Exclude<MetricName, 'exceptionsByReason'>, DrillRule> = {
  shipped: { population: '1' },
  delivered: { population: FACT.delivered },
  terminal: { population: FACT.terminal },
  deliverySuccessRate: { population: FACT.terminal, counted: FACT.delivered },
  firstAttemptSuccessRate: { population: FACT.delivered, counted: FACT.noFailedAttempt },
  onTimeRate: { population: WITH_EXPECTED, counted: `${FACT.deliveredDay} <= ${FACT.expectedDay}`, order: `${FACT.deliveredDay} - ${FACT.expectedDay} DESC` },
  expectedDateCoverage: { population: FACT.delivered, counted: WITH_EXPECTED },
  avgDeliveryVarianceDays: { population: WITH_EXPECTED, order: `${FACT.deliveredDay} - ${FACT.expectedDay} DESC` },
  firstScanLatencyHours: { population: `${FACT.latencyHours} IS NOT NULL`, order: `${FACT.latencyHours} DESC` },
  transitHours: { population: `${FACT.transitHours} IS NOT NULL`, order: `${FACT.transitHours} DESC` },
  transitBusinessDays: {
    population: `${FACT.firstScanDay} IS NOT NULL AND ${FACT.deliveredDay} IS NOT NULL`,
    order: `${FACT.deliveredDay} - ${FACT.firstScanDay} DESC`,
  },
  exceptionRate: { population: '1', counted: FACT.hadException },
  stalledRate: { population: '1', counted: FACT.everStalled },
  // Their figures count items; the lists show the shipments those items belong to.
  proactiveResolutionRate: { population: hasItem(ITEM.closed), counted: hasItem(ITEM.proactive) },
  selfRecoveryRate: { population: hasItem(ITEM.closed), counted: hasItem(ITEM.selfRecovered) },
};

/** The WHERE condition (beyond scope and group) selecting the shipments behind one figure, and their order. */
export function drillCondition(metric: MetricName, part: DrillPart, reason: string | undefined): { sql: string; params: unknown[]; order: string | null } {
  if (metric === 'exceptionsByReason') return { sql: exceptionWithReason, params: [reason, reason], order: null };
  const rule = DRILL[metric];
  if (part === 'population' || !rule.counted) return { sql: rule.population, params: [], order: rule.order ?? null };
  const counted = part === 'counted' ? rule.counted : `NOT (${rule.counted})`;
  return { sql: `(${rule.population}) AND ${counted}`, params: [], order: rule.order ?? null };
}
