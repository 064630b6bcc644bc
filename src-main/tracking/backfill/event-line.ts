/**
 * One line of the normalized tracking events JSONL (FORMATS.md), validated strictly: a line is either a
 * usable event or a plain reason a person can fix.
 */
import { eventProblem } from '../../../src-shared/domain/intake/event';
import { normalizeSubstatus } from '../../../src-shared/domain/tracking/derive';
import { CARRIERS, TRACKING_STATUSES, type Carrier, type NormalizedEvent, type TrackingStatus } from '../../../src-shared/domain/tracking/status';
import { parseIsoTime } from '../../../src-shared/domain/tracking/time';

export interface BackfillEvent extends NormalizedEvent {
  trackingNumber: string;
  carrier: Carrier;
}

/** The longest tracking number any carrier issues is well under this. */
const MAX_TRACKING_NUMBER_CHARS = 40;

export type LineResult = { ok: true; event: BackfillEvent } | { ok: false; reason: string };

const optionalText = (value: unknown, field: string): string | null | Error => {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : new Error(`${field} must be text`);
};

/** `nowMs` places the time window every importer shares. */
export function parseEventLine(text: string, nowMs: number): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'expected one JSON object per line' };
  const line = value as Record<string, unknown>;

  const trackingNumber = typeof line.trackingNumber === 'string' ? line.trackingNumber.replace(/\s+/g, '').toUpperCase() : '';
  if (!trackingNumber) return { ok: false, reason: 'missing trackingNumber' };
  if (trackingNumber.length > MAX_TRACKING_NUMBER_CHARS) return { ok: false, reason: `trackingNumber is longer than ${MAX_TRACKING_NUMBER_CHARS} characters` };
  if (typeof line.carrier !== 'string' || !(CARRIERS as readonly string[]).includes(line.carrier)) {
    return { ok: false, reason: `unknown carrier ${JSON.stringify(line.carrier ?? null)} (expected one of ${CARRIERS.join(', ')})` };
  }
  if (typeof line.occurredAt !== 'string') return { ok: false, reason: 'missing occurredAt' };
  const time = parseIsoTime(line.occurredAt);
  if (time.date === null) return { ok: false, reason: `occurredAt ${JSON.stringify(line.occurredAt)} is not an ISO 8601 time` };
  if (time.occurredAt === null)
    return { ok: false, reason: `occurredAt ${JSON.stringify(line.occurredAt)} has no UTC offset (write it like 2026-11-20T14:03:00-05:00)` };

  const status = line.status ?? null;
  if (status !== null && (typeof status !== 'string' || !(TRACKING_STATUSES as readonly string[]).includes(status))) {
    return {
      ok: false,
      reason: `unknown status ${JSON.stringify(status)} (expected one of ${TRACKING_STATUSES.join(', ')}, or null for an informational event)`,
    };
  }
  const fields = {
    substatus: optionalText(line.substatus, 'substatus'),
    code: optionalText(line.code, 'code'),
    description: optionalText(line.description, 'description'),
    location: optionalText(line.location, 'location'),
  };
  for (const v of Object.values(fields)) if (v instanceof Error) return { ok: false, reason: v.message };
  const { substatus, code, description, location } = fields as Record<keyof typeof fields, string | null>;
  const typedStatus = status as TrackingStatus | null;

  const event: BackfillEvent = {
    trackingNumber,
    carrier: line.carrier as Carrier,
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    status: typedStatus,
    substatus: typedStatus === null ? substatus : normalizeSubstatus(typedStatus, substatus),
    // The idempotency key hashes the code: a tracker that exported none still gets a stable one.
    code: code?.trim() || typedStatus || 'INFO',
    description: description ?? '',
    location: location?.trim() || null,
  };
  const problem = eventProblem(event, nowMs);
  return problem ? { ok: false, reason: problem } : { ok: true, event };
}
