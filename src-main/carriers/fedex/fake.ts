import { randomUUID } from 'node:crypto';
import type { TrackingStatus } from '../../../src-shared/domain/tracking/status';
import type { FakeCarrierSpec, FakeEvent, FakeParcel, FakeRequest, FakeResponse } from '../fake-server/model';
import { bodyFields, earliest, json, latest, localTime, newestFirst } from '../fake-server/model';

/** FedEx tokens last an hour. */
const TOKEN_LIFETIME_SECONDS = 3599;

/** FedEx derived status code and its text for each model status. */
const FEDEX_STATUS: Record<TrackingStatus, { code: string; text: string }> = {
  created: { code: 'IN', text: 'Initiated' },
  in_transit: { code: 'IT', text: 'In transit' },
  out_for_delivery: { code: 'OD', text: 'On FedEx vehicle for delivery' },
  available_for_pickup: { code: 'HP', text: 'Ready for recipient pickup' },
  delivered: { code: 'DL', text: 'Delivered' },
  exception: { code: 'DE', text: 'Delivery exception' },
  return_initiated: { code: 'RS', text: 'Return to shipper' },
  returned: { code: 'DL', text: 'Delivered' },
  cancelled: { code: 'CA', text: 'Shipment cancelled' },
  unknown: { code: 'NA', text: 'Not available' },
};

function errors(status: number, code: string, message: string): FakeResponse {
  return json(status, { transactionId: randomUUID(), errors: [{ code, message }] });
}

function scanLocation(event: FakeEvent): Record<string, unknown> {
  const { city, state, postalCode, country } = event.location ?? {};
  return {
    streetLines: [''],
    ...(city && { city }),
    ...(state && { stateOrProvinceCode: state }),
    ...(postalCode && { postalCode }),
    ...(country && { countryCode: country }),
    residential: false,
  };
}

/** FedEx prints the local time with its offset. */
function fedexTime(event: FakeEvent): string {
  const local = localTime(event);
  return `${local.iso}${local.offset}`;
}

function scanEvent(event: FakeEvent): Record<string, unknown> {
  const derived = FEDEX_STATUS[event.status];
  return {
    date: fedexTime(event),
    eventType: event.code,
    eventDescription: event.description,
    exceptionCode: '',
    exceptionDescription: '',
    scanLocation: scanLocation(event),
    derivedStatusCode: derived.code,
    derivedStatus: derived.text,
  };
}

function notFound(trackingNumber: string): Record<string, unknown> {
  return {
    trackingNumberInfo: { trackingNumber, trackingNumberUniqueId: '', carrierCode: '' },
    error: {
      code: 'TRACKING.TRACKINGNUMBER.NOTFOUND',
      message: 'Tracking number cannot be found. Please correct the tracking number and try again.',
    },
  };
}

/** FedEx failing one number of a batch while it answers the others. */
function unavailable(trackingNumber: string): Record<string, unknown> {
  return {
    trackingNumberInfo: { trackingNumber, trackingNumberUniqueId: '', carrierCode: '' },
    error: { code: 'SYSTEM.UNAVAILABLE.EXCEPTION', message: 'default.error' },
  };
}

function trackResult(parcel: FakeParcel): Record<string, unknown> {
  if (parcel.failed) return unavailable(parcel.trackingNumber);
  const current = latest(parcel);
  const first = earliest(parcel);
  if (current === undefined || first === undefined) return notFound(parcel.trackingNumber);
  const derived = FEDEX_STATUS[current.status];
  return {
    trackingNumberInfo: {
      trackingNumber: parcel.trackingNumber,
      trackingNumberUniqueId: `${Math.floor(first.at / 1000)}~${parcel.trackingNumber}~FDEG`,
      carrierCode: 'FDXG',
    },
    additionalTrackingInfo: { nickname: '', hasAssociatedShipments: false },
    latestStatusDetail: {
      code: current.code,
      derivedCode: derived.code,
      statusByLocale: derived.text,
      description: current.description,
      scanLocation: scanLocation(current),
    },
    dateAndTimes: current.status === 'delivered' ? [{ type: 'ACTUAL_DELIVERY', dateTime: fedexTime(current) }] : [],
    availableImages: [],
    scanEvents: newestFirst(parcel).map(scanEvent),
  };
}

function requestedNumbers(req: FakeRequest): string[] {
  try {
    const body = JSON.parse(req.body) as { trackingInfo?: Array<{ trackingNumberInfo?: { trackingNumber?: unknown } }> };
    return (body.trackingInfo ?? []).map((info) => String(info.trackingNumberInfo?.trackingNumber ?? ''));
  } catch {
    return [];
  }
}

function render(req: FakeRequest, parcels: FakeParcel[]): FakeResponse {
  if (parcels.length === 0) return errors(400, 'TRACKING.TRACKINGNUMBER.EMPTY', 'Please provide tracking number.');
  // Unknown numbers get a per-number NOTFOUND error inside a 200, next to the numbers that were found.
  return json(200, {
    transactionId: randomUUID(),
    customerTransactionId: req.headers['x-customer-transaction-id'] ?? '',
    output: {
      completeTrackResults: parcels.map((parcel) => ({ trackingNumber: parcel.trackingNumber, trackResults: [trackResult(parcel)] })),
    },
  });
}

/** FedEx Track API v1 and OAuth client credentials (form body). */
export function createFedexSpec(): FakeCarrierSpec {
  return {
    token: {
      path: '/oauth/token',
      credentials: (req) => {
        const fields = bodyFields(req);
        if (fields.grant_type !== 'client_credentials' || fields.client_id === undefined || fields.client_secret === undefined) return null;
        return { clientId: fields.client_id, clientSecret: fields.client_secret };
      },
      grant: (accessToken) => ({ access_token: accessToken, token_type: 'bearer', expires_in: TOKEN_LIFETIME_SECONDS, scope: 'CXS-TP' }),
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      rejected: () => errors(401, 'NOT.AUTHORIZED.ERROR', 'The given client credentials were not valid. Please modify your request and try again.'),
    },
    itemErrors: true,
    track: {
      method: 'POST',
      matches: (path) => path === '/track/v1/trackingnumbers',
      numbers: requestedNumbers,
      render,
    },
    unauthorized: () => errors(401, 'NOT.AUTHORIZED.ERROR', 'Access token expired. Please modify your request and try again.'),
    rateLimited: () => errors(429, 'TOO.MANY.REQUESTS', 'We have received too many requests in a short duration. Please wait a while to try again.'),
    serverError: () =>
      errors(
        500,
        'INTERNAL.SERVER.ERROR',
        'We encountered an unexpected error and are working to resolve the issue. We apologize for any inconvenience. Please check back at a later time.',
      ),
  };
}
