/** DHL Shipment Tracking – Unified (`GET /track/shipments?trackingNumber=…`) → ParsedTracking. */
import type { NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { bestTime, expectedAt, parseIsoTime } from '../../../src-shared/domain/tracking/time';
import { withKnownReason, withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, formatLocation, joinText, list, rec, str } from '../payload';
import { buildResult } from '../result';
import { mapWith, type Mapping } from '../table';
import type { ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { DHL_STATUS_TABLE } from './status-table';

/**
 * Status of a DHL status object (shipment `status` or an event): statusCode decides, the texts refine;
 * `resolve` is withReason for events and withKnownReason for the shipment status.
 */
function mapStatus(status: unknown, resolve: typeof withReason): Mapping {
  const description = str(at(status, 'description'));
  const remark = str(at(status, 'remark'));
  return resolve(
    mapWith(DHL_STATUS_TABLE, { statusCode: str(at(status, 'statusCode')), text: joinText(description, str(at(status, 'status'))) }),
    description,
    remark,
  );
}

function toEvent(event: unknown): NormalizedEvent {
  const time = parseIsoTime(at(event, 'timestamp'));
  const mapping = mapStatus(event, withReason);
  const address = at(event, 'location', 'address');
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    code: str(at(event, 'statusCode')) ?? '',
    description: joinText(at(event, 'status'), at(event, 'description'), at(event, 'remark')),
    location: formatLocation({
      city: at(address, 'addressLocality'),
      postalCode: at(address, 'postalCode'),
      country: at(address, 'countryCode'),
    }),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

function parseShipment(shipment: unknown, requested: string | null): TrackingResult | TrackingFailure {
  // The example sends a numeric id; str() turns numbers into text.
  const trackingNumber = str(at(shipment, 'id')) ?? requested;
  if (trackingNumber === null) return failure('bad_payload', 'no_tracking_number', 'DHL shipment without an id');
  const estimate = expectedAt(parseIsoTime(at(shipment, 'estimatedTimeOfDelivery')));
  return buildResult({
    carrier: 'dhl',
    trackingNumber,
    requestedNumber: requested,
    // The same number can exist in several DHL services (express, parcel-de…).
    shipmentKey: str(at(shipment, 'service')),
    events: list(at(shipment, 'events')).map(toEvent),
    order: 'newest_first',
    authoritative: rec(at(shipment, 'status')) ? mapStatus(at(shipment, 'status'), withKnownReason) : null,
    // Proof of delivery counts only when the status says delivered (the example's POD contradicts its status).
    carrierDeliveredAt: bestTime(parseIsoTime(at(shipment, 'details', 'proofOfDelivery', 'timestamp'))),
    originalExpectedAt: estimate,
    currentExpectedAt: estimate ?? expectedAt(parseIsoTime(at(shipment, 'estimatedDeliveryTimeFrame', 'estimatedThrough'))),
  });
}

/** RFC 7807 problem+json: `{title, status, detail, instance}`; 404 means not found, 429 rate limited. */
function problemFailure(body: unknown, ctx: ParseContext, requested: string | null): TrackingFailure {
  const bodyStatus = Number(at(body, 'status'));
  const httpStatus = ctx.httpStatus >= 400 || !Number.isInteger(bodyStatus) ? ctx.httpStatus : bodyStatus;
  const message = joinText(at(body, 'title'), at(body, 'detail'));
  const fromInstance = /\/shipments?\/([^/?]+)$/.exec(str(at(body, 'instance')) ?? '')?.[1] ?? null;
  return failure(classify(httpStatus, null, message), `http_${httpStatus}`, message, requested ?? fromInstance);
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  const shipments = at(body, 'shipments');
  if (Array.isArray(shipments) && shipments.length > 0) {
    return mergeParsed(shipments.map((s) => guardEntry(requested, () => parseShipment(s, requested))));
  }
  if (at(body, 'title') !== undefined || at(body, 'status') !== undefined) return onlyErrors(problemFailure(body, ctx, requested));
  return onlyErrors(unexpectedShape(ctx.httpStatus, 'DHL', requested));
}
