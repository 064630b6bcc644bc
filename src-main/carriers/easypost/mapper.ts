/** EasyPost Tracker objects (API responses, tracker lists and `tracker.*` webhook Events) → ParsedTracking. */
import { CARRIERS, type Carrier, type NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { expectedAt, parseIsoTime } from '../../../src-shared/domain/tracking/time';
import { withKnownReason, withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, formatLocation, list, rec, str } from '../payload';
import { buildResult } from '../result';
import { mapWith, type Mapping } from '../table';
import type { ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { EASYPOST_STATUS_TABLE } from './status-table';

const mapStatus = (holder: unknown): Mapping => mapWith(EASYPOST_STATUS_TABLE, { status: str(at(holder, 'status')), detail: str(at(holder, 'status_detail')) });

/** EasyPost's carrier name ("FedEx", "USPS", "CanadaPost") as one of ours; anything else is `other`. */
function carrierOf(tracker: unknown): Carrier {
  const name = (str(at(tracker, 'carrier')) ?? '').toLowerCase().replace(/[^a-z]/g, '');
  const aliases: Record<string, Carrier> = { canadapost: 'canada_post', australiapost: 'australia_post', dhlexpress: 'dhl' };
  const carrier = aliases[name] ?? name;
  return (CARRIERS as readonly string[]).includes(carrier) ? (carrier as Carrier) : 'other';
}

function toEvent(detail: unknown): NormalizedEvent {
  const time = parseIsoTime(at(detail, 'datetime'));
  const message = str(at(detail, 'message')) ?? str(at(detail, 'description'));
  const mapping = withReason(mapStatus(detail), message);
  const location = at(detail, 'tracking_location');
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    code: str(at(detail, 'carrier_code')) ?? str(at(detail, 'status_detail')) ?? str(at(detail, 'status')) ?? '',
    description: message ?? '',
    location: formatLocation({
      city: at(location, 'city'),
      state: at(location, 'state'),
      postalCode: at(location, 'zip'),
      country: at(location, 'country'),
    }),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

function parseTracker(tracker: unknown, requested: string | null): TrackingResult | TrackingFailure {
  const trackingNumber = str(at(tracker, 'tracking_code')) ?? requested;
  if (trackingNumber === null) return failure('bad_payload', 'no_tracking_number', 'EasyPost tracker without tracking_code');
  // The local EDD date beats the UTC midnight EasyPost derives from it.
  const estimate =
    expectedAt(parseIsoTime(at(tracker, 'carrier_detail', 'est_delivery_date_local'))) ?? expectedAt(parseIsoTime(at(tracker, 'est_delivery_date')));
  return buildResult({
    carrier: carrierOf(tracker),
    trackingNumber,
    requestedNumber: requested,
    shipmentKey: null,
    // EasyPost lists details oldest first, but not always in order: they are sorted by instant.
    events: list(at(tracker, 'tracking_details')).map(toEvent),
    order: 'oldest_first',
    authoritative: withKnownReason(mapStatus(tracker)),
    originalExpectedAt: expectedAt(parseIsoTime(at(tracker, 'carrier_detail', 'guaranteed_delivery_date'))) ?? estimate,
    currentExpectedAt: estimate,
  });
}

/** `{error: {code, message, errors}}`, e.g. APIKEY.INACTIVE, TRACKER.NOT_FOUND. */
function errorFailure(body: unknown, ctx: ParseContext, requested: string | null): TrackingFailure {
  const code = str(at(body, 'error', 'code'));
  const message = str(at(body, 'error', 'message'));
  return failure(classify(ctx.httpStatus, code, message), code, message, requested);
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  if (rec(at(body, 'error'))) return onlyErrors(errorFailure(body, ctx, requested));
  // In a webhook Event, `status` is the delivery status of the webhook itself; the parcel is in `result`.
  const subject = str(at(body, 'object')) === 'Event' ? at(body, 'result') : body;
  const isTracker = (t: unknown): boolean => str(at(t, 'object')) === 'Tracker' || str(at(t, 'tracking_code')) !== null;
  if (!Array.isArray(at(subject, 'trackers')) && !isTracker(subject)) return onlyErrors(unexpectedShape(ctx.httpStatus, 'EasyPost', requested));
  const trackers = Array.isArray(at(subject, 'trackers')) ? list(at(subject, 'trackers')) : [subject];
  return mergeParsed(
    trackers.map((t) => guardEntry(requested, () => (isTracker(t) ? parseTracker(t, requested) : unexpectedShape(ctx.httpStatus, 'EasyPost tracker')))),
  );
}
