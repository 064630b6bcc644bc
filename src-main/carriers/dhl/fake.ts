import type { TrackingStatus } from '../../../src-shared/domain/tracking/status';
import type { FakeCarrierSpec, FakeEvent, FakeParcel, FakeResponse } from '../fake-server/model';
import { json, latest, localTime, newestFirst } from '../fake-server/model';

const PROBLEM_JSON = 'application/problem+json';

/**
 * DHL's closed statusCode enum. Finer states (out for delivery, ready for pickup, return) exist only in the
 * description text, as with the real API, so scripts must word them the way DHL does.
 */
const DHL_STATUS_CODE: Record<TrackingStatus, string> = {
  created: 'pre-transit',
  in_transit: 'transit',
  out_for_delivery: 'transit',
  available_for_pickup: 'transit',
  delivered: 'delivered',
  exception: 'failure',
  return_initiated: 'failure',
  returned: 'delivered',
  cancelled: 'failure',
  unknown: 'unknown',
};

/** RFC 7807 problem details, DHL's error format. */
function problem(status: number, title: string, detail: string, instance?: string): FakeResponse {
  return json(status, { title, detail, status, ...(instance && { instance }) }, PROBLEM_JSON);
}

function place(event: FakeEvent): Record<string, unknown> {
  const { city, postalCode, country } = event.location ?? {};
  return {
    address: {
      ...(country && { countryCode: country }),
      ...(postalCode && { postalCode }),
      ...(city && { addressLocality: city }),
    },
  };
}

/** DHL prints ISO 8601 with the local offset ("Z" at UTC). */
function dhlTime(event: FakeEvent): string {
  const local = localTime(event);
  return `${local.iso}${local.offset === '+00:00' ? 'Z' : local.offset}`;
}

function dhlEvent(event: FakeEvent): Record<string, unknown> {
  return {
    timestamp: dhlTime(event),
    ...(event.location && { location: place(event) }),
    // DHL events have no code field besides the statusCode enum; `status` repeats the text, as DHL does.
    statusCode: DHL_STATUS_CODE[event.status],
    status: event.description,
    description: event.description,
  };
}

function shipment(parcel: FakeParcel, current: FakeEvent): Record<string, unknown> {
  return {
    id: parcel.trackingNumber,
    service: 'express',
    status: dhlEvent(current),
    details: {
      product: { productName: 'EXPRESS WORLDWIDE' },
      totalNumberOfPieces: 1,
      ...(current.status === 'delivered' && { proofOfDelivery: { timestamp: dhlTime(current) } }),
    },
    events: newestFirst(parcel).map(dhlEvent),
  };
}

/** DHL Shipment Tracking - Unified: one number per GET, key in the DHL-API-Key header. */
export function createDhlSpec(): FakeCarrierSpec {
  return {
    keyCredentials: (req) => {
      const key = req.headers['dhl-api-key'];
      return typeof key === 'string' ? { apiKey: key } : null;
    },
    track: {
      method: 'GET',
      matches: (path) => path === '/track/shipments',
      numbers: (req) => [req.query.get('trackingNumber') ?? ''],
      render: (_req, [parcel]) => {
        const current = latest(parcel);
        return current === undefined
          ? problem(404, 'No result found', 'No shipment with given tracking number found.', `/shipment/${parcel.trackingNumber}`)
          : json(200, { shipments: [shipment(parcel, current)] });
      },
    },
    unauthorized: () => problem(401, 'Unauthorized', 'Unauthorized for given resource.'),
    rateLimited: () => problem(429, 'Too many requests', 'Too many requests. Please try again later.'),
    serverError: () => problem(500, 'Internal Server Error', 'An unexpected error occurred.'),
  };
}
