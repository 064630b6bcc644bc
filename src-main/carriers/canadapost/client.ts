import { createCarrierClient } from '../carrier-client';
import { basicAuth, joinUrl, type RequestSpec } from '../transport';
import type { CarrierClient, CarrierClientOptions } from '../types';
import { parseTracking } from './mapper';

/** Canada Post web services: the development gateway and production. */
export const CANADA_POST_SANDBOX_BASE_URL = 'https://ct.soa-gw.canadapost.ca';
export const CANADA_POST_PRODUCTION_BASE_URL = 'https://soa-gw.canadapost.ca';

/** The API key's user name and password from the Canada Post developer program (HTTP Basic). */
export const credentialFields = ['username', 'password'] as const;

const TRACK_XML = 'application/vnd.cpc.track-v2+xml';
/** A pin no parcel carries: good credentials get 404 "No Pin History", bad ones a 401. */
const PROBE_PIN = '0000000000000000';

export function createCanadaPostClient(options: CarrierClientOptions): CarrierClient {
  const detailRequest = (pin: string, authHeaders: Record<string, string>): RequestSpec => ({
    method: 'GET',
    url: joinUrl(options.baseUrl, `/vis/track/pin/${encodeURIComponent(pin)}/detail`),
    headers: { ...authHeaders, Accept: TRACK_XML, 'Accept-Language': 'en-CA' },
  });
  return createCarrierClient(
    {
      carrier: 'canada_post',
      maxBatch: 1,
      credentialFields,
      auth: { kind: 'static', headers: (credentials) => ({ Authorization: basicAuth(credentials.username, credentials.password) }) },
      trackRequest: ([pin], authHeaders) => detailRequest(pin, authHeaders),
      probeRequest: (authHeaders) => detailRequest(PROBE_PIN, authHeaders),
      body: 'xml',
      parse: parseTracking,
    },
    options,
  );
}
