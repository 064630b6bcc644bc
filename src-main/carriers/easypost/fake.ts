import { createHash } from 'node:crypto';
import type { TrackingStatus } from '../../../src-shared/domain/tracking/status';
import type { FakeCarrierSpec, FakeEvent, FakeParcel, FakeRequest, FakeResponse } from '../fake-server/model';
import { basicCredentials, json, latest, utcIso } from '../fake-server/model';

/** Carrier name a tracker gets when the request names none. */
const DEFAULT_CARRIER = 'USPS';

/** EasyPost status and status_detail for each model status. */
const EASYPOST_STATUS: Record<TrackingStatus, { status: string; detail: string }> = {
  created: { status: 'pre_transit', detail: 'label_created' },
  in_transit: { status: 'in_transit', detail: 'in_transit' },
  out_for_delivery: { status: 'out_for_delivery', detail: 'out_for_delivery' },
  available_for_pickup: { status: 'available_for_pickup', detail: 'arrived_at_pickup_location' },
  delivered: { status: 'delivered', detail: 'arrived_at_destination' },
  exception: { status: 'failure', detail: 'delivery_exception' },
  return_initiated: { status: 'return_to_sender', detail: 'return' },
  returned: { status: 'return_to_sender', detail: 'return' },
  cancelled: { status: 'cancelled', detail: 'cancelled' },
  unknown: { status: 'unknown', detail: 'unknown' },
};

interface StoredTracker {
  id: string;
  carrier: string;
  createdAt: number;
}

function error(status: number, code: string, message: string): FakeResponse {
  return json(status, { error: { code, message, errors: [] } });
}

function trackingLocation(event: FakeEvent): Record<string, unknown> {
  const { city, state, postalCode, country } = event.location ?? {};
  return { object: 'TrackingLocation', city: city ?? null, state: state ?? null, country: country ?? null, zip: postalCode ?? null };
}

function trackingDetail(event: FakeEvent, carrier: string): Record<string, unknown> {
  const mapped = EASYPOST_STATUS[event.status];
  return {
    object: 'TrackingDetail',
    message: event.description,
    description: event.description,
    status: mapped.status,
    status_detail: mapped.detail,
    datetime: utcIso(event.at),
    source: carrier,
    carrier_code: event.code,
    tracking_location: trackingLocation(event),
    est_delivery_date: null,
  };
}

/** EasyPost sends tracking_details oldest first, unlike the carriers. */
function tracker(stored: StoredTracker, parcel: FakeParcel): Record<string, unknown> {
  const current = latest(parcel);
  const mapped = EASYPOST_STATUS[current?.status ?? 'unknown'];
  return {
    id: stored.id,
    object: 'Tracker',
    mode: 'test',
    tracking_code: parcel.trackingNumber,
    status: mapped.status,
    status_detail: mapped.detail,
    created_at: utcIso(stored.createdAt),
    updated_at: utcIso(Math.max(stored.createdAt, current?.at ?? 0)),
    signed_by: null,
    weight: null,
    est_delivery_date: null,
    shipment_id: null,
    carrier: stored.carrier,
    tracking_details: parcel.events.map((event) => trackingDetail(event, stored.carrier)),
    fees: [],
    carrier_detail: null,
    public_url: `https://track.easypost.com/${Buffer.from(stored.id).toString('base64url')}`,
  };
}

function requestedTracker(req: FakeRequest): { code: string; carrier: string | null } {
  try {
    const body = JSON.parse(req.body) as { tracker?: { tracking_code?: unknown; carrier?: unknown } };
    const carrier = body.tracker?.carrier;
    return { code: String(body.tracker?.tracking_code ?? ''), carrier: typeof carrier === 'string' ? carrier : null };
  } catch {
    return { code: '', carrier: null };
  }
}

/** EasyPost Trackers API: POST /v2/trackers creates a tracker, or returns the existing one for a known code. */
export function createEasyPostSpec(): FakeCarrierSpec {
  const trackers = new Map<string, StoredTracker>();

  const create = (req: FakeRequest, [parcel]: FakeParcel[], now: number): FakeResponse => {
    if (parcel.trackingNumber === '') return error(422, 'TRACKER.CREATE.ERROR', 'Invalid tracking code.');
    const existing = trackers.get(parcel.trackingNumber);
    if (existing) return json(200, tracker(existing, parcel));
    const id = `trk_${createHash('sha1').update(parcel.trackingNumber).digest('hex').slice(0, 32)}`;
    const stored = { id, carrier: requestedTracker(req).carrier ?? DEFAULT_CARRIER, createdAt: now };
    trackers.set(parcel.trackingNumber, stored);
    return json(201, tracker(stored, parcel));
  };

  return {
    keyCredentials: (req) => {
      const basic = basicCredentials(req);
      return basic === null ? null : { apiKey: basic.user };
    },
    track: {
      method: 'POST',
      matches: (path) => path === '/v2/trackers',
      numbers: (req) => [requestedTracker(req).code],
      render: create,
    },
    // The tracker list is only used to prove a key works, so it lists without timelines.
    extra: {
      method: 'GET',
      matches: (path) => path === '/v2/trackers',
      numbers: () => [],
      render: (req) => {
        const pageSize = Number(req.query.get('page_size') ?? 20);
        const page = [...trackers.entries()].slice(0, pageSize);
        return json(200, {
          trackers: page.map(([code, stored]) => tracker(stored, { trackingNumber: code, events: [] })),
          has_more: trackers.size > page.length,
        });
      },
    },
    unauthorized: () => error(401, 'APIKEY.INACTIVE', 'This api key is no longer active. Please use a different api key or reactivate this key.'),
    rateLimited: () => error(429, 'RATE_LIMITED', 'You have exceeded the rate limit. Please slow down your requests.'),
    serverError: () => error(500, 'INTERNAL_SERVER_ERROR', 'We are experiencing an internal error. Please try again later.'),
  };
}
