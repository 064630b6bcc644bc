/** UPS Track API v1 (`GET /api/track/v1/details/{inquiryNumber}`) → ParsedTracking. */
import type { NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import {
  bestTime,
  compactWallTime,
  expectedAt,
  parseCompactLocal,
  parseLocalWithOffset,
  withUtcInstant,
  type CarrierTime,
} from '../../../src-shared/domain/tracking/time';
import { withKnownReason, withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, formatLocation, list, rec, str } from '../payload';
import { buildResult } from '../result';
import { mapWith, type Mapping } from '../table';
import type { FailureKind, ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { UPS_STATUS_TABLE } from './status-table';

/** UPS error codes whose meaning is fixed; 2500xx are all access-licence / credential errors. */
function knownKind(code: string | null): FailureKind | null {
  if (code?.startsWith('2500')) return 'auth';
  if (code === 'TW0001') return 'not_found';
  if (code === 'TV1002') return 'invalid_number';
  return null;
}

function upsFailure(error: unknown, ctx: ParseContext, trackingNumber: string | null): TrackingFailure {
  const code = str(at(error, 'code'));
  const message = str(at(error, 'message'));
  return failure(classify(ctx.httpStatus, code, message, knownKind(code)), code, message, trackingNumber);
}

/** `resolve` fills an exception reason from the description: withReason for events, withKnownReason for currentStatus. */
function mapStatus(status: unknown, resolve: typeof withReason): Mapping {
  return resolve(mapWith(UPS_STATUS_TABLE, { statusCode: str(at(status, 'statusCode')), type: str(at(status, 'type')) }), str(at(status, 'description')));
}

/** Local date/time; the instant only when UPS adds `gmtDate`/`gmtTime` or a `gmtOffset`. */
function activityTime(activity: unknown): CarrierTime {
  const local = parseCompactLocal(at(activity, 'date'), at(activity, 'time'));
  const gmtWall = compactWallTime(at(activity, 'gmtDate'), at(activity, 'gmtTime'));
  if (gmtWall !== null) return withUtcInstant(local, `${gmtWall}Z`);
  const offset = at(activity, 'gmtOffset');
  return offset === undefined || local.localTime === null ? local : parseLocalWithOffset(local.localTime, offset);
}

function toEvent(activity: unknown): NormalizedEvent {
  const status = at(activity, 'status');
  const address = at(activity, 'location', 'address');
  const time = activityTime(activity);
  const mapping = mapStatus(status, withReason);
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    code: str(at(status, 'code')) ?? str(at(status, 'statusCode')) ?? str(at(status, 'type')) ?? '',
    description: str(at(status, 'description')) ?? '',
    location: formatLocation({
      city: at(address, 'city'),
      state: at(address, 'stateProvince'),
      postalCode: at(address, 'postalCode'),
      country: at(address, 'countryCode') ?? at(address, 'country'),
    }),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

/** `deliveryDate[]` entries by type: SDD scheduled, RDD rescheduled, DEL delivered (dates `YYYYMMDD`). */
const deliveryDate = (pkg: unknown, type: string): unknown => list(at(pkg, 'deliveryDate')).find((d) => str(at(d, 'type')) === type) as unknown;

function parsePackage(pkg: unknown, inquiryNumber: string | null, ctx: ParseContext): TrackingResult | TrackingFailure {
  const trackingNumber = str(at(pkg, 'trackingNumber')) ?? inquiryNumber;
  if (trackingNumber === null) return failure('bad_payload', 'no_tracking_number', 'UPS package without a tracking number');
  const currentStatus = at(pkg, 'currentStatus');
  const delivered = deliveryDate(pkg, 'DEL');
  const deliveredTime = str(at(pkg, 'deliveryTime', 'type')) === 'DEL' ? at(pkg, 'deliveryTime', 'endTime') : undefined;
  const deliveredLocal = parseCompactLocal(at(delivered, 'date'), deliveredTime);
  return buildResult({
    carrier: 'ups',
    trackingNumber,
    requestedNumber: inquiryNumber ?? soleRequested(ctx.requested),
    shipmentKey: null,
    events: list(at(pkg, 'activity')).map(toEvent),
    order: 'newest_first',
    authoritative: rec(currentStatus) ? mapStatus(currentStatus, withKnownReason) : null,
    carrierDeliveredAt: bestTime(deliveredLocal) ?? deliveredLocal.date,
    originalExpectedAt: expectedAt(parseCompactLocal(at(deliveryDate(pkg, 'SDD'), 'date'), undefined)),
    currentExpectedAt: expectedAt(parseCompactLocal(at(deliveryDate(pkg, 'RDD'), 'date'), undefined)),
  });
}

function parseShipment(shipment: unknown, ctx: ParseContext): ParsedTracking {
  const inquiryNumber = str(at(shipment, 'inquiryNumber')) ?? soleRequested(ctx.requested);
  const packages = list(at(shipment, 'package'));
  const warnings = list(at(shipment, 'warnings'));
  // Not-found comes as a warning inside the shipment, not in response.errors.
  if (packages.length === 0 && warnings.length > 0) return onlyErrors(...warnings.map((w) => upsFailure(w, ctx, inquiryNumber)));
  if (packages.length === 0) return onlyErrors(unexpectedShape(ctx.httpStatus, 'UPS shipment', inquiryNumber));
  return mergeParsed(packages.map((pkg) => guardEntry(inquiryNumber, () => parsePackage(pkg, inquiryNumber, ctx))));
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  const errors = list(at(body, 'response', 'errors'));
  if (errors.length > 0) return onlyErrors(...errors.map((e) => upsFailure(e, ctx, requested)));
  const shipments = list(at(body, 'trackResponse', 'shipment'));
  if (shipments.length === 0) return onlyErrors(unexpectedShape(ctx.httpStatus, 'UPS', requested));
  return mergeParsed(shipments.map((s) => guardEntry(requested, () => parseShipment(s, ctx))));
}
