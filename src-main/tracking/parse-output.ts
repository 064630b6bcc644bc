import type { ParsedTracking } from '../carriers/types';

/** The documented `waybill track parse` shape: stable field order, nothing internal. */
export function toTrackParseOutput(parsed: ParsedTracking) {
  return {
    results: parsed.results.map((r) => ({
      trackingNumber: r.trackingNumber,
      status: r.status,
      substatus: r.substatus,
      deliveredAt: r.deliveredAt,
      originalExpectedAt: r.originalExpectedAt,
      currentExpectedAt: r.currentExpectedAt,
      events: r.events.map((e) => ({
        occurredAt: e.occurredAt,
        localTime: e.localTime,
        code: e.code,
        description: e.description,
        location: e.location,
        status: e.status,
        substatus: e.substatus,
      })),
    })),
    errors: parsed.errors.map((e) => ({ trackingNumber: e.trackingNumber, kind: e.kind, code: e.code, message: e.message })),
  };
}
