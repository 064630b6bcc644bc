import type { TrackingStatus } from '../../../src-shared/domain/tracking/status';
import type { FakeCarrierSpec, FakeEvent, FakeParcel, FakeResponse } from '../fake-server/model';
import { basicCredentials, json, latest, localTime, newestFirst } from '../fake-server/model';

/** The item status Australia Post prints over each model status; events carry only words, scripted per event. */
const ITEM_STATUS: Record<TrackingStatus, string> = {
  created: 'Created',
  in_transit: 'In transit',
  out_for_delivery: 'On Board for Delivery',
  available_for_pickup: 'Awaiting collection',
  delivered: 'Delivered',
  exception: 'Possible delay',
  return_initiated: 'Returned to sender',
  returned: 'Delivered',
  cancelled: 'Cancelled',
  unknown: 'Unknown',
};

/** The request-level envelope: {errors:[{code, name, message}]}. */
function errors(status: number, code: string, name: string, message: string): FakeResponse {
  return json(status, { errors: [{ code, name, message }] });
}

/** ISO 8601 with the local offset, as Australia Post prints it. */
function auspostEvent(event: FakeEvent): Record<string, unknown> {
  const local = localTime(event);
  const { city, state } = event.location ?? {};
  const location = [city, state].filter(Boolean).join(' ');
  return { date: `${local.iso}${local.offset}`, description: event.description, ...(location && { location }) };
}

function trackingResult(parcel: FakeParcel): Record<string, unknown> {
  if (parcel.failed)
    return { tracking_id: parcel.trackingNumber, errors: [{ code: 'ESB-10002', name: 'Internal server error', message: 'Please try again later.' }] };
  const current = latest(parcel);
  if (current === undefined) return { tracking_id: parcel.trackingNumber, errors: [{ code: 'ESB-10001', name: 'Invalid tracking ID' }] };
  const status = ITEM_STATUS[current.status];
  return {
    tracking_id: parcel.trackingNumber,
    status,
    trackable_items: [{ article_id: parcel.trackingNumber, product_type: 'eParcel', status, events: newestFirst(parcel).map(auspostEvent) }],
  };
}

/** Australia Post Shipping & Tracking: up to ten ids per GET, Basic auth plus the Account-Number header. */
export function createAustraliaPostSpec(): FakeCarrierSpec {
  return {
    keyCredentials: (req) => {
      const basic = basicCredentials(req);
      const account = req.headers['account-number'];
      return basic && typeof account === 'string' ? { apiKey: basic.user, password: basic.password, accountNumber: account } : null;
    },
    itemErrors: true,
    track: {
      method: 'GET',
      matches: (path) => path === '/shipping/v1/track',
      numbers: (req) => (req.query.get('tracking_ids') ?? '').split(',').filter(Boolean),
      render: (_req, parcels) =>
        parcels.length > 10
          ? errors(400, '51101', 'TOO_MANY_AP_TRACKING_IDS', 'The request must contain 10 or less AP article ids, consignment ids, or barcode ids.')
          : json(200, { tracking_results: parcels.map(trackingResult) }),
    },
    unauthorized: () => errors(401, 'API_001', 'UNAUTHORISED', 'The request is not authorised.'),
    rateLimited: () => errors(429, 'API_002', 'TOO_MANY_REQUESTS', 'Too many requests have been made.'),
    serverError: () => errors(500, 'API_003', 'INTERNAL_SERVER_ERROR', 'An internal error occurred.'),
  };
}
