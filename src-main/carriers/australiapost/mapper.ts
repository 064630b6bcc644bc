/** Australia Post Shipping & Tracking (`GET /shipping/v1/track?tracking_ids=…`, JSON) → ParsedTracking. */
import type { NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { parseIsoTime } from '../../../src-shared/domain/tracking/time';
import { withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, list, str } from '../payload';
import { buildResult } from '../result';
import { mapWith } from '../table';
import type { ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
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

/** ESB-10001 "Invalid tracking ID" is how Australia Post says it has never seen the number. */
function itemFailure(error: unknown, ctx: ParseContext, trackingNumber: string | null): TrackingFailure {
  const code = str(at(error, 'code'));
  const message = str(at(error, 'message')) ?? str(at(error, 'name'));
  return failure(classify(ctx.httpStatus, code, message, code === 'ESB-10001' ? 'not_found' : null), code, message, trackingNumber);
}

/** Each result tracks an article or a consignment; its first trackable item carries the status and events. */
function parseResult(result: unknown, ctx: ParseContext, requested: string | null): ParsedTracking {
  const trackingNumber = str(at(result, 'tracking_id')) ?? requested;
  const errors = list(at(result, 'errors'));
  if (errors.length) return onlyErrors(...errors.map((e) => itemFailure(e, ctx, trackingNumber)));
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

function requestFailure(error: unknown, ctx: ParseContext, requested: string | null): TrackingFailure {
  const code = str(at(error, 'code'));
  const message = [str(at(error, 'name')), str(at(error, 'message'))].filter(Boolean).join(': ') || null;
  // 51101 is a batch of more than ten ids: the request was wrong, not any one number.
  const known = code === '51101' ? 'invalid_number' : null;
  return failure(classify(ctx.httpStatus, code, message, known), code, message, requested);
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  const results = at(body, 'tracking_results');
  if (Array.isArray(results)) return mergeParsed(results.map((r) => parseResult(r, ctx, results.length === 1 ? requested : null)));
  // A request-level envelope: 51101 TOO_MANY_AP_TRACKING_IDS (more than 10 ids), bad credentials, outages.
  const errors = list(at(body, 'errors'));
  if (errors.length) return onlyErrors(...errors.map((e) => requestFailure(e, ctx, requested)));
  return onlyErrors(unexpectedShape(ctx.httpStatus, 'Australia Post', requested));
}
