import type { TrackingStatus } from '../../../src-shared/domain/tracking/status';
import type { FakeCarrierSpec, FakeEvent, FakeParcel, FakeResponse } from '../fake-server/model';
import { basicCredentials, bodyFields, json, latest, localTime, newestFirst } from '../fake-server/model';

const TRACK_PREFIX = '/api/track/v1/details/';
/** UPS grants about four hours; the grant says 14399 as a string. */
const TOKEN_LIFETIME_SECONDS = 14_399;

/** UPS activity type letter and 3-digit status description code a model status is reported with. */
const UPS_STATUS: Record<TrackingStatus, { type: string; statusCode: string }> = {
  created: { type: 'M', statusCode: '003' },
  in_transit: { type: 'I', statusCode: '005' },
  out_for_delivery: { type: 'I', statusCode: '021' },
  available_for_pickup: { type: 'I', statusCode: '040' },
  delivered: { type: 'D', statusCode: '011' },
  exception: { type: 'X', statusCode: '013' },
  return_initiated: { type: 'X', statusCode: '035' },
  returned: { type: 'D', statusCode: '034' },
  cancelled: { type: 'MV', statusCode: '007' },
  unknown: { type: 'NA', statusCode: '000' },
};

function errors(status: number, code: string, message: string): FakeResponse {
  return json(status, { response: { errors: [{ code, message }] } });
}

function address(event: FakeEvent): Record<string, string> {
  const { city, state, postalCode, country } = event.location ?? {};
  const out: Record<string, string> = {};
  if (city) out.city = city;
  if (state) out.stateProvince = state;
  if (postalCode) out.postalCode = postalCode;
  if (country) Object.assign(out, { countryCode: country, country });
  return out;
}

function status(event: FakeEvent): Record<string, string> {
  const { type, statusCode } = UPS_STATUS[event.status];
  return { type, description: event.description, code: event.code, statusCode };
}

/** UPS prints the local date and time at the scan, plus the GMT date, time and offset. */
function activity(event: FakeEvent): Record<string, unknown> {
  const local = localTime(event);
  const gmt = new Date(event.at).toISOString();
  return {
    location: { address: address(event) },
    status: status(event),
    date: local.date.replaceAll('-', ''),
    time: local.time.replaceAll(':', ''),
    gmtDate: gmt.slice(0, 10).replaceAll('-', ''),
    gmtTime: gmt.slice(11, 19).replaceAll(':', ''),
    gmtOffset: local.offset,
  };
}

function shipment(parcel: FakeParcel): Record<string, unknown> {
  const current = latest(parcel);
  if (current === undefined) {
    return { warnings: [{ code: 'TW0001', message: 'Tracking Information Not Found' }] };
  }
  const delivered = current.status === 'delivered' ? activity(current) : null;
  return {
    inquiryNumber: parcel.trackingNumber,
    package: [
      {
        trackingNumber: parcel.trackingNumber,
        currentStatus: { ...status(current), simplifiedTextDescription: current.description },
        ...(delivered && {
          deliveryDate: [{ type: 'DEL', date: delivered.date }],
          deliveryTime: { type: 'DEL', endTime: delivered.time },
        }),
        activity: newestFirst(parcel).map(activity),
        packageCount: 1,
      },
    ],
  };
}

/** UPS Track API v1 and OAuth client credentials (Basic client_id:client_secret). */
export function createUpsSpec(): FakeCarrierSpec {
  return {
    token: {
      path: '/security/v1/oauth/token',
      credentials: (req) => {
        const basic = basicCredentials(req);
        if (basic === null || bodyFields(req).grant_type !== 'client_credentials') return null;
        return { clientId: basic.user, clientSecret: basic.password };
      },
      grant: (accessToken, nowMs, credentials) => ({
        token_type: 'Bearer',
        issued_at: String(nowMs),
        client_id: credentials.clientId,
        access_token: accessToken,
        expires_in: String(TOKEN_LIFETIME_SECONDS),
        refresh_count: '0',
        status: 'approved',
      }),
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      rejected: () => errors(401, '10401', 'ClientId is Invalid'),
    },
    track: {
      method: 'GET',
      matches: (path) => path.startsWith(TRACK_PREFIX) && path.length > TRACK_PREFIX.length,
      numbers: (req) => [decodeURIComponent(req.path.slice(TRACK_PREFIX.length))],
      // Unknown numbers answer 200 with a TW0001 warning inside the shipment, as UPS does.
      render: (_req, parcels) => json(200, { trackResponse: { shipment: parcels.map(shipment) } }),
    },
    unauthorized: () => errors(401, '250002', 'Invalid Authentication Information.'),
    rateLimited: () => errors(429, '10429', 'Too Many Requests.'),
    serverError: () => errors(500, '10500', 'Internal Server Error.'),
  };
}
