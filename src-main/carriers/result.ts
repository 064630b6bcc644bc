/** Assembles one TrackingResult from a carrier's normalized events and authoritative status. */
import { deriveTracking, orderEvents, type CarrierOrder } from '../../src-shared/domain/tracking/derive';
import type { Carrier, NormalizedEvent } from '../../src-shared/domain/tracking/status';
import { isInstant } from '../../src-shared/domain/tracking/time';
import type { Mapping } from './table';
import type { TrackingResult } from './types';

export interface ResultParts {
  carrier: Carrier;
  trackingNumber: string;
  /** The number we asked for; dropped when it equals the tracking number. */
  requestedNumber: string | null;
  shipmentKey: string | null;
  /** In the carrier's order; `order` says which way round that is. */
  events: NormalizedEvent[];
  order: CarrierOrder;
  /** The carrier's own overall status, when it has one; a null status means it gave no usable one. */
  authoritative: Mapping | null;
  /** A delivery time from a carrier field, used only when no delivered event carries one. */
  carrierDeliveredAt?: string | null;
  originalExpectedAt: string | null;
  currentExpectedAt: string | null;
}

/** A carrier delivery time earlier than the first event is a placeholder (FedEx's example says 2007). */
function plausibleDelivery(deliveredAt: string | null | undefined, events: readonly NormalizedEvent[]): string | null {
  if (!deliveredAt) return null;
  const firstInstant = events.find((e) => isInstant(e.occurredAt))?.occurredAt;
  return isInstant(deliveredAt) && firstInstant && deliveredAt < firstInstant ? null : deliveredAt;
}

/** An event with neither a readable time nor a code says nothing: storing it would invent an event. */
export const isUnreadableEvent = (e: NormalizedEvent): boolean => e.occurredAt === null && e.localTime === null && e.code.trim() === '';

/**
 * Throws for a parcel whose answer holds an unreadable event, so the mapper's entry guard turns it into a
 * bad_payload of that parcel (the raw response is kept) and none of its events is stored.
 */
export function buildResult(parts: ResultParts): TrackingResult {
  const unreadable = parts.events.findIndex(isUnreadableEvent);
  if (unreadable >= 0) throw new Error(`${parts.carrier} event ${unreadable + 1} of ${parts.trackingNumber} has no readable time and no code`);
  const events = orderEvents(parts.events, parts.order);
  const authoritative = parts.authoritative?.status ? { status: parts.authoritative.status, substatus: parts.authoritative.substatus } : null;
  const derived = deriveTracking(events, authoritative);
  const deliveredAt = derived.status === 'delivered' ? (derived.deliveredAt ?? plausibleDelivery(parts.carrierDeliveredAt, events)) : null;
  return {
    trackingNumber: parts.trackingNumber,
    requestedNumber: parts.requestedNumber !== parts.trackingNumber ? parts.requestedNumber : null,
    carrier: parts.carrier,
    status: derived.status,
    substatus: derived.substatus,
    deliveredAt,
    // A carrier that gives a single promise gives both the original and the current one.
    originalExpectedAt: parts.originalExpectedAt ?? parts.currentExpectedAt,
    currentExpectedAt: parts.currentExpectedAt ?? parts.originalExpectedAt,
    events,
    shipmentKey: parts.shipmentKey,
  };
}
