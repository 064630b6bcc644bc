/** AfterShip Tracking (`GET /trackings/{slug}/{number}`, list and webhook `msg`) → ParsedTracking. */
import { CARRIERS, type Carrier, type NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { bestTime, expectedAt, parseIsoTime, parseLocalWithOffset } from '../../../src-shared/domain/tracking/time';
import { withKnownReason, withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, formatLocation, list, rec, str } from '../payload';
import { buildResult } from '../result';
import { mapWith, type Mapping } from '../table';
import type { ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { AFTERSHIP_STATUS_TABLE } from './status-table';

const mapStatus = (holder: unknown): Mapping => mapWith(AFTERSHIP_STATUS_TABLE, { tag: str(at(holder, 'tag')), subtag: str(at(holder, 'subtag')) });

/** AfterShip courier slug ("ups", "canada-post") as one of ours; anything else is `other`. */
function carrierOf(slug: string | null): Carrier {
  const name = (slug ?? '').toLowerCase().replace(/-/g, '_');
  return (CARRIERS as readonly string[]).includes(name) ? (name as Carrier) : 'other';
}

function toEvent(checkpoint: unknown): NormalizedEvent {
  // checkpoint_time is local, with an offset in newer data and without one in older data.
  const time = parseIsoTime(at(checkpoint, 'checkpoint_time'));
  const message = str(at(checkpoint, 'message'));
  const mapping = withReason(mapStatus(checkpoint), message);
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    code: str(at(checkpoint, 'raw_tag')) ?? str(at(checkpoint, 'subtag')) ?? str(at(checkpoint, 'tag')) ?? '',
    description: message ?? '',
    location: formatLocation({
      city: at(checkpoint, 'city'),
      state: at(checkpoint, 'state'),
      postalCode: at(checkpoint, 'zip'),
      // country_name holds ISO-2 codes in practice; country_iso3 is often null.
      country: at(checkpoint, 'country_name') ?? at(checkpoint, 'country_iso3'),
    }),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

const estimate = (tracking: unknown, field: string): string | null =>
  expectedAt(parseIsoTime(at(tracking, field, 'datetime'))) ?? expectedAt(parseIsoTime(at(tracking, 'expected_delivery')));

function parseOne(tracking: unknown, requested: string | null): TrackingResult | TrackingFailure {
  const trackingNumber = str(at(tracking, 'tracking_number')) ?? requested;
  if (trackingNumber === null) return failure('bad_payload', 'no_tracking_number', 'AfterShip tracking without tracking_number');
  return buildResult({
    carrier: carrierOf(str(at(tracking, 'slug'))),
    trackingNumber,
    requestedNumber: requested,
    shipmentKey: null,
    events: list(at(tracking, 'checkpoints')).map(toEvent),
    order: 'oldest_first',
    authoritative: withKnownReason(mapStatus(tracking)),
    // shipment_delivery_date is UTC written without a Z.
    carrierDeliveredAt: bestTime(parseLocalWithOffset(at(tracking, 'shipment_delivery_date'), 'Z')),
    originalExpectedAt: estimate(tracking, 'first_estimated_delivery'),
    currentExpectedAt: estimate(tracking, 'latest_estimated_delivery'),
  });
}

/** `meta.code` is an HTTP status (401, 429) or an AfterShip code (4004 "Tracking does not exist"). */
function metaFailure(meta: unknown, ctx: ParseContext, requested: string | null): TrackingFailure {
  const metaCode = Number(at(meta, 'code'));
  const httpStatus = metaCode >= 400 && metaCode < 600 ? metaCode : ctx.httpStatus;
  const code = str(at(meta, 'code'));
  const message = [str(at(meta, 'message')), str(at(meta, 'type'))].filter(Boolean).join(' ') || null;
  const known = metaCode === 4004 ? 'not_found' : null;
  return failure(classify(httpStatus, code, message, known), code, message, requested);
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  const metaCode = Number(at(body, 'meta', 'code'));
  if (Number.isFinite(metaCode) && metaCode >= 300) return onlyErrors(metaFailure(at(body, 'meta'), ctx, requested));
  // The webhook body carries the tracking in `msg`; the API in `data.tracking` or `data.trackings`.
  const trackings = Array.isArray(at(body, 'data', 'trackings'))
    ? list(at(body, 'data', 'trackings'))
    : [at(body, 'data', 'tracking') ?? at(body, 'msg')].filter((t) => rec(t) !== null);
  if (trackings.length === 0) return onlyErrors(unexpectedShape(ctx.httpStatus, 'AfterShip', requested));
  return mergeParsed(trackings.map((t) => guardEntry(requested, () => parseOne(t, requested))));
}
