/** Canada Post tracking (`GET /vis/track/pin/{pin}/detail`, XML `tracking-detail`) → ParsedTracking. */
import type { NormalizedEvent } from '../../../src-shared/domain/tracking/status';
import { expectedAt, parseIsoTime, parseLocalWithOffset } from '../../../src-shared/domain/tracking/time';
import { withReason } from '../exception-reasons';
import { classify, failure, guardEntry, kindFromHttp, onlyErrors, soleRequested, unexpectedShape } from '../failures';
import { formatLocation, joinText } from '../payload';
import { buildResult } from '../result';
import { mapWith } from '../table';
import type { ParseContext, ParsedTracking, TrackingFailure, TrackingResult } from '../types';
import { childElement, childElements, childText, parseXml, type XmlElement } from '../xml';
import { CANADA_POST_STATUS_TABLE } from './status-table';

function toEvent(occurrence: XmlElement): NormalizedEvent {
  const code = childText(occurrence, 'event-identifier') ?? '';
  const description = childText(occurrence, 'event-description');
  // event-time-zone is an abbreviation (EST, PDT), not an offset.
  const time = parseLocalWithOffset(
    `${childText(occurrence, 'event-date') ?? ''}T${childText(occurrence, 'event-time') ?? ''}`,
    childText(occurrence, 'event-time-zone'),
  );
  const mapping = withReason(mapWith(CANADA_POST_STATUS_TABLE, { code: code.replace(/^0+(?=\d)/, ''), text: description }), description);
  const signatory = childText(occurrence, 'signatory-name');
  return {
    occurredAt: time.occurredAt,
    localTime: time.localTime,
    code,
    description: joinText(description, signatory && `signed by ${signatory}`),
    location: formatLocation({ city: childText(occurrence, 'event-site'), state: childText(occurrence, 'event-province') }),
    status: mapping.status,
    substatus: mapping.substatus,
  };
}

function parseDetail(detail: XmlElement, requested: string | null): TrackingResult | TrackingFailure {
  const trackingNumber = childText(detail, 'pin') ?? requested;
  if (trackingNumber === null) return failure('bad_payload', 'no_tracking_number', 'Canada Post tracking-detail without a pin');
  const expected = expectedAt(parseIsoTime(childText(detail, 'expected-delivery-date')));
  return buildResult({
    carrier: 'canada_post',
    trackingNumber,
    requestedNumber: requested,
    shipmentKey: null,
    events: childElements(childElement(detail, 'significant-events'), 'occurrence').map(toEvent),
    order: 'newest_first',
    // Canada Post has no overall status field: the newest status-bearing event decides.
    authoritative: null,
    originalExpectedAt: expected,
    currentExpectedAt: expectedAt(parseIsoTime(childText(detail, 'changed-expected-date'))) ?? expected,
  });
}

function messageFailure(message: XmlElement, ctx: ParseContext, requested: string | null): TrackingFailure {
  const code = childText(message, 'code');
  const description = childText(message, 'description');
  return failure(classify(ctx.httpStatus, code, description), code, description, requested);
}

/** Takes the XML text as received (the client hands over the body unparsed for XML carriers). */
export function parseTracking(body: unknown, ctx: ParseContext): ParsedTracking {
  const requested = soleRequested(ctx.requested);
  // A body that is not Canada Post XML at all (a gateway's HTML page) says nothing about the pin: whole-call, as for JSON carriers.
  if (typeof body !== 'string') return onlyErrors(unexpectedShape(ctx.httpStatus, 'Canada Post'));
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    return onlyErrors(failure(kindFromHttp(ctx.httpStatus) ?? 'bad_payload', 'unparseable', `Canada Post XML: ${(error as Error).message}`));
  }
  if (root.name === 'messages') return onlyErrors(...childElements(root, 'message').map((m) => messageFailure(m, ctx, requested)));
  if (root.name !== 'tracking-detail') return onlyErrors(unexpectedShape(ctx.httpStatus, 'Canada Post'));
  return guardEntry(requested, () => parseDetail(root, requested));
}
