/** FedEx Track API v1 (`POST /track/v1/trackingnumbers`) → ParsedTracking. */
import type { NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { bestTime, expectedAt, parseIsoTime } from '../../../src-shared/domain/tracking/time';
import { withKnownReason, withReason } from '../exception-reasons';
import { classify, failure, guardEntry, mergeParsed, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { at, formatLocation, joinText, list, rec, str } from '../payload';
import { buildResult } from '../result';
import { mapWith } from '../table';
import type { ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { FEDEX_STATUS_TABLE } from './status-table';

function fedexFailure(error: unknown, ctx: ParseContext, trackingNumber: string | null): TrackingFailure {
  const code = str(at(error, 'code'));
  const message = str(at(error, 'message'));
  return failure(classify(ctx.httpStatus, code, message), code, message, trackingNumber);
}

function toEvent(scan: unknown): NormalizedEvent {
  const time = parseIsoTime(at(scan, 'date'));
  const exceptionCode = str(at(scan, 'exceptionCode'));
  const exceptionText = str(at(scan, 'exceptionDescription'));
  const eventText = str(at(scan, 'eventDescription'));
  const mapping = withReason(
    mapWith(FEDEX_STATUS_TABLE, { code: str(at(scan, 'eventType')), derivedCode: str(at(scan, 'derivedStatusCode')), exceptionCode }),
    exceptionText,
    eventText,
    str(at(scan, 'delayDetail', 'type')),
  );
  const location = at(scan, 'scanLocation');
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    code: str(at(scan, 'eventType')) ?? str(at(scan, 'derivedStatusCode')) ?? '',
    description: joinText(eventText, exceptionText && exceptionCode ? `${exceptionText} (${exceptionCode})` : exceptionText),
    location: formatLocation({
      city: at(location, 'city'),
      state: at(location, 'stateOrProvinceCode'),
      postalCode: at(location, 'postalCode'),
      country: at(location, 'countryCode'),
    }),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

const dateOfType = (result: unknown, type: string): unknown =>
  at(
    list(at(result, 'dateAndTimes')).find((d) => str(at(d, 'type')) === type),
    'dateTime',
  );

/** A delivery window's end (the latest promise), else its start; `{}` windows give null. */
function windowEnd(window: unknown): string | null {
  return expectedAt(parseIsoTime(at(window, 'window', 'ends'))) ?? expectedAt(parseIsoTime(at(window, 'window', 'begins')));
}

function parseTrackResult(result: unknown, requestKey: string | null, ctx: ParseContext): TrackingResult | TrackingFailure {
  const info = at(result, 'trackingNumberInfo');
  const trackingNumber = str(at(info, 'trackingNumber')) ?? requestKey;
  const scans = list(at(result, 'scanEvents'));
  const latest = at(result, 'latestStatusDetail');
  // An `error` beside real data (FedEx's own example does this) must not hide the data.
  if (rec(at(result, 'error')) && scans.length === 0 && !rec(latest)) return fedexFailure(at(result, 'error'), ctx, trackingNumber);
  if (trackingNumber === null) return failure('bad_payload', 'no_tracking_number', 'FedEx result without a tracking number');
  const authoritative = withKnownReason(
    mapWith(FEDEX_STATUS_TABLE, { code: str(at(latest, 'code')), derivedCode: str(at(latest, 'derivedCode')) }),
    str(at(latest, 'description')),
    str(at(latest, 'ancillaryDetails', 0, 'reasonDescription')),
  );
  return buildResult({
    carrier: 'fedex',
    trackingNumber,
    requestedNumber: requestKey,
    shipmentKey: str(at(info, 'trackingNumberUniqueId')),
    events: scans.map(toEvent),
    order: 'newest_first',
    authoritative: rec(latest) ? authoritative : null,
    carrierDeliveredAt: bestTime(parseIsoTime(dateOfType(result, 'ACTUAL_DELIVERY'))),
    originalExpectedAt: windowEnd(at(result, 'standardTransitTimeWindow')) ?? expectedAt(parseIsoTime(dateOfType(result, 'COMMITMENT'))),
    currentExpectedAt: windowEnd(at(result, 'estimatedDeliveryTimeWindow')) ?? expectedAt(parseIsoTime(dateOfType(result, 'ESTIMATED_DELIVERY'))),
  });
}

/** Ship date, else the newest scan instant: how recent one shipment behind a reused number is. */
function recency(result: unknown): string {
  const ship = parseIsoTime(dateOfType(result, 'SHIP'));
  const scans = list(at(result, 'scanEvents')).map((s) => parseIsoTime(at(s, 'date')).occurredAt ?? '');
  return ship.occurredAt ?? ship.date ?? scans.sort().at(-1) ?? '';
}

/**
 * FedEx reuses numbers, so one number can return several trackResults (uniqueIdentifier tells them apart).
 * We keep them all as separate results and put the most recent shipment (latest SHIP date, else latest scan)
 * first, so a consumer that reads only the first result sees the current parcel.
 */
function parseGroup(group: unknown, ctx: ParseContext): ParsedTracking {
  const requestKey = str(at(group, 'trackingNumber'));
  const newestFirst = list(at(group, 'trackResults'))
    .map((result) => ({ result, recency: recency(result) }))
    .sort((a, b) => (a.recency < b.recency ? 1 : a.recency > b.recency ? -1 : 0));
  return mergeParsed(newestFirst.map(({ result }) => guardEntry(requestKey, () => parseTrackResult(result, requestKey, ctx))));
}

export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  const requestErrors = list(at(body, 'errors')).map((e) => fedexFailure(e, ctx, requested));
  const groups = list(at(body, 'output', 'completeTrackResults'));
  if (groups.length === 0 && requestErrors.length === 0) return onlyErrors(unexpectedShape(ctx.httpStatus, 'FedEx', requested));
  const parsed = groups.map((group) => guardEntry(str(at(group, 'trackingNumber')), () => parseGroup(group, ctx)));
  return mergeParsed([onlyErrors(...requestErrors), ...parsed]);
}
