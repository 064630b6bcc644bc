/** Australia Post Shipping & Tracking (`GET /shipping/v1/track?tracking_ids=…`, JSON) → ParsedTracking. */
import type { NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { parseIsoTime } from '../../../src-shared/domain/tracking/time';
import { withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, list, str } from '../payload';
import { buildResult } from '../result';
import { mapWith } from '../table';
import type { FailureKind, ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { AUSTRALIA_POST_EVENT_TABLE, AUSTRALIA_POST_ITEM_STATUS_TABLE } from './status-table';

function toEvent(event: unknown): NormalizedEvent {
  const description = str(at(event, 'description'));
  const time = parseIsoTime(at(event, 'date'));
  const mapping = withReason(mapWith(AUSTRALIA_POST_EVENT_TABLE, { text: description }), description);
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    // No event codes exist; the wording is the closest thing to one, and keys an event with its time and place.
    code: description ?? '',
    description: description ?? '',
    location: str(at(event, 'location')),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

/** Australia Post codes whose kind the wording alone would get wrong or leave open. */
const KNOWN_KINDS: Readonly<Record<string, FailureKind>> = {
  // "Invalid tracking ID" is how Australia Post says it has never seen the number.
  'ESB-10001': 'not_found',
  // TOO_MANY_AP_TRACKING_IDS: more than ten ids in one call; the request was wrong, it is not a rate limit.
  '51101': 'invalid_number',
};

/** One entry of an `errors` list, per id or for the whole request: {code, name, message}. */
function errorFailure(error: unknown, ctx: ParseContext, trackingNumber: string | null): TrackingFailure {
  const code = str(at(error, 'code'));
  const message = [str(at(error, 'name')), str(at(error, 'message'))].filter(Boolean).join(': ') || null;
  const known = code !== null && Object.hasOwn(KNOWN_KINDS, code) ? KNOWN_KINDS[code] : null;
  return failure(classify(ctx.httpStatus, code, message, known), code, message, trackingNumber);
}

/** Each result tracks an article or a consignment; its first trackable item carries the status and events. */
function parseResult(result: unknown, ctx: ParseContext, requested: string | null): ParsedTracking {
  const trackingNumber = str(at(result, 'tracking_id')) ?? requested;
  const errors = list(at(result, 'errors'));
  if (errors.length) return onlyErrors(...errors.map((e) => errorFailure(e, ctx, trackingNumber)));
  return guardEntry(trackingNumber, (): TrackingResult | TrackingFailure => {
    if (trackingNumber === null) return failure('bad_payload', 'no_tracking_number', 'Australia Post result without tracking_id');
    const item = at(result, 'trackable_items', 0);
    const itemStatus = str(at(item, 'status')) ?? str(at(result, 'status'));
    return buildResult({
      carrier: 'australia_post',
      trackingNumber,
      requestedNumber: requested,
      shipmentKey: null,
      events: list(at(item, 'events')).map(toEvent),
      order: 'newest_first',
      authoritative: mapWith(AUSTRALIA_POST_ITEM_STATUS_TABLE, { status: itemStatus }),
      originalExpectedAt: null,
      currentExpectedAt: null,
    });
  });
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  const results = at(body, 'tracking_results');
  if (Array.isArray(results)) return mergeParsed(results.map((r) => parseResult(r, ctx, results.length === 1 ? requested : null)));
  // A request-level envelope: too many ids, bad credentials, outages.
  const errors = list(at(body, 'errors'));
  if (errors.length) return onlyErrors(...errors.map((e) => errorFailure(e, ctx, requested)));
  return onlyErrors(unexpectedShape(ctx.httpStatus, 'Australia Post', requested));
}
