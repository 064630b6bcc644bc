import type { TrackingStatus } from '../../../src-shared/domain/tracking/status';
import type { FakeCarrierSpec, FakeEvent, FakeParcel, FakeResponse } from '../fake-server/model';
import { bodyFields, json, latest, localTime, newestFirst, utcIso } from '../fake-server/model';

const TRACK_PREFIX = '/tracking/v3/tracking/';
/** USPS grants about eight hours. */
const TOKEN_LIFETIME_SECONDS = 28_799;

/** USPS statusCategory for each model status. */
const USPS_CATEGORY: Record<TrackingStatus, string> = {
  created: 'Pre-Shipment',
  in_transit: 'In Transit',
  out_for_delivery: 'Out for Delivery',
  available_for_pickup: 'Available for Pickup',
  delivered: 'Delivered',
  exception: 'Alert',
  return_initiated: 'Return to Sender',
  returned: 'Delivered',
  cancelled: 'Alert',
  unknown: 'Unknown',
};

/** The v3 error envelope: {apiVersion, error:{code, message, errors[]}}. */
function envelope(status: number, title: string, detail: string): FakeResponse {
  return json(status, {
    apiVersion: 'v3',
    error: { code: String(status), message: title, errors: [{ status: String(status), code: String(status), title, detail }] },
  });
}

/** USPS gives the local wall time without offset, the UTC instant, and an offset beside them. */
function trackingEvent(event: FakeEvent): Record<string, unknown> {
  const local = localTime(event);
  const { city, state, postalCode, country } = event.location ?? {};
  return {
    eventType: event.description,
    eventTimestamp: local.iso,
    GMTTimestamp: utcIso(event.at),
    GMTOffset: local.offset,
    // USPS leaves the country empty for domestic scans.
    eventCountry: country && country !== 'US' ? country : null,
    eventCity: city ?? null,
    eventState: state ?? null,
    eventZIP: postalCode ?? null,
    firm: null,
    name: null,
    authorizedAgent: 'false',
    eventCode: event.code,
    additionalProp: null,
  };
}

function trackingBody(parcel: FakeParcel, current: FakeEvent): Record<string, unknown> {
  return {
    mailClass: 'USPS Ground Advantage<SUP>&#153;</SUP>',
    mailType: 'DM',
    proofOfDeliveryEnabled: 'false',
    restoreEnabled: 'false',
    status: current.description,
    statusCategory: USPS_CATEGORY[current.status],
    statusSummary: `Your item's latest update: ${current.description}.`,
    trackingEvents: newestFirst(parcel).map(trackingEvent),
    // USPS puts the number last; clients must not rely on key order either way.
    trackingNumber: parcel.trackingNumber,
  };
}

/** USPS Tracking v3 and OAuth client credentials (JSON or form body). */
export function createUspsSpec(): FakeCarrierSpec {
  return {
    token: {
      path: '/oauth2/v3/token',
      credentials: (req) => {
        const fields = bodyFields(req);
        if (fields.grant_type !== 'client_credentials' || fields.client_id === undefined || fields.client_secret === undefined) return null;
        return { clientId: fields.client_id, clientSecret: fields.client_secret };
      },
      grant: (accessToken, nowMs, credentials) => ({
        access_token: accessToken,
        token_type: 'Bearer',
        issued_at: String(nowMs),
        expires_in: String(TOKEN_LIFETIME_SECONDS),
        status: 'approved',
        scope: 'tracking',
        issuer: 'api.usps.com',
        client_id: credentials.clientId,
        application_name: 'waybill-fake',
        api_products: '[Public Access]',
      }),
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      rejected: () =>
        json(401, {
          error: 'invalid_client',
          error_description: 'Client authentication failed.',
          error_uri: 'https://datatracker.ietf.org/doc/html/rfc6749#page-45',
        }),
    },
    track: {
      method: 'GET',
      matches: (path) => path.startsWith(TRACK_PREFIX) && path.length > TRACK_PREFIX.length,
      numbers: (req) => [decodeURIComponent(req.path.slice(TRACK_PREFIX.length))],
      render: (_req, [parcel]) => {
        const current = latest(parcel);
        return current === undefined
          ? envelope(404, 'Not Found', `The tracking number ${parcel.trackingNumber} could not be found.`)
          : json(200, trackingBody(parcel, current));
      },
    },
    unauthorized: () => envelope(401, 'Unauthorized', 'The access token is missing, invalid or expired.'),
    rateLimited: () => envelope(429, 'Too Many Requests', 'The request quota has been exceeded.'),
    serverError: () => envelope(500, 'Internal Server Error', 'An unexpected error occurred.'),
  };
}
