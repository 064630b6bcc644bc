/** USPS Tracking v3 (`GET /tracking/v3/tracking/{number}?expand=DETAIL`) → ParsedTracking. */
import type { NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { expectedAt, parseIsoTime, parseLocalWithOffset, withUtcInstant, type CarrierTime } from '../../../src-shared/domain/tracking/time';
import { withKnownReason, withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, formatLocation, list, str } from '../payload';
import { buildResult } from '../result';
import { mapWith } from '../table';
import type { ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { USPS_CATEGORY_TABLE, USPS_EVENT_TABLE } from './status-table';

/** `eventTimestamp` is local without offset; `GMTTimestamp` is the instant (`GMTOffset` is unreliable, so only a fallback). */
function eventTime(event: unknown): CarrierTime {
  const local = parseIsoTime(at(event, 'eventTimestamp'));
  const withGmt = withUtcInstant(local, at(event, 'GMTTimestamp'));
  return withGmt.occurredAt !== null ? withGmt : parseLocalWithOffset(at(event, 'eventTimestamp'), at(event, 'GMTOffset'));
}

function toEvent(event: unknown): NormalizedEvent {
  const time = eventTime(event);
  const eventType = str(at(event, 'eventType'));
  const mapping = withReason(mapWith(USPS_EVENT_TABLE, { eventCode: str(at(event, 'eventCode')), eventType }), eventType);
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    code: str(at(event, 'eventCode')) ?? '',
    description: eventType ?? '',
    location: formatLocation({
      city: at(event, 'eventCity'),
      state: at(event, 'eventState'),
      postalCode: at(event, 'eventZIP'),
      country: at(event, 'eventCountry'),
    }),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

const expected = (body: unknown, field: string): string | null => expectedAt(parseIsoTime(at(body, field)));

function parseShipment(body: unknown, trackingNumber: string, requested: string | null): TrackingResult {
  const status = str(at(body, 'status'));
  const authoritative = withKnownReason(
    mapWith(USPS_CATEGORY_TABLE, { statusCategory: str(at(body, 'statusCategory')), status }),
    status,
    str(at(body, 'statusSummary')),
  );
  return buildResult({
    carrier: 'usps',
    trackingNumber,
    requestedNumber: requested,
    shipmentKey: null,
    events: list(at(body, 'trackingEvents')).map(toEvent),
    order: 'newest_first',
    authoritative,
    originalExpectedAt: expected(body, 'guaranteedDeliveryTimeStamp') ?? expected(body, 'expectedDeliveryTimeStamp'),
    currentExpectedAt: expected(body, 'predictedDeliveryTimeStamp') ?? expected(body, 'predictedDeliveryDate') ?? expected(body, 'expectedDeliveryTimeStamp'),
  });
}

/** OAuth token-endpoint errors (`{error: "invalid_client"}`) are credential problems unless the server says otherwise. */
function oauthFailure(body: unknown, ctx: ParseContext, trackingNumber: string | null): TrackingFailure {
  const code = str(at(body, 'error'));
  const message = str(at(body, 'error_description')) ?? code;
  const known = code && /^(invalid_|unauthorized|access_denied)/.test(code) ? 'auth' : null;
  return failure(classify(ctx.httpStatus, code, message, known), code, message, trackingNumber);
}

/** The v3 envelope `{apiVersion, error: {code, message, errors: [...]}}`; values may be placeholders. */
function envelopeFailure(body: unknown, ctx: ParseContext, trackingNumber: string | null): TrackingFailure {
  const error = at(body, 'error');
  const detail = at(error, 'errors', 0);
  const code = str(at(error, 'code')) ?? str(at(detail, 'code'));
  const message = str(at(error, 'message')) ?? str(at(detail, 'detail')) ?? str(at(detail, 'title'));
  return failure(classify(ctx.httpStatus, code, message), code, message, trackingNumber);
}

function parseOne(body: unknown, ctx: ParseContext, requested: string | null): ParsedTracking {
  const trackingNumber = str(at(body, 'trackingNumber')) ?? requested;
  if (typeof at(body, 'error') === 'string') return onlyErrors(oauthFailure(body, ctx, trackingNumber));
  if (at(body, 'error') !== undefined) return onlyErrors(envelopeFailure(body, ctx, trackingNumber));
  const hasData = Array.isArray(at(body, 'trackingEvents')) || str(at(body, 'statusCategory')) !== null;
  if (trackingNumber === null || !hasData) return onlyErrors(unexpectedShape(ctx.httpStatus, 'USPS', trackingNumber));
  return guardEntry(trackingNumber, () => parseShipment(body, trackingNumber, requested));
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  // The batch variant answers with an array of the same objects; the number each one asked for is unknown.
  if (Array.isArray(body)) return mergeParsed(body.map((item) => parseOne(item, ctx, null)));
  return parseOne(body, ctx, soleRequested(ctx.requested));
}
