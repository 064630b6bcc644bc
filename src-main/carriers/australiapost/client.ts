import { createCarrierClient } from '../carrier-client';
import { basicAuth, joinUrl } from '../transport';
import type { CarrierClient, CarrierClientOptions } from '../types';
import { parseTracking } from './mapper';

/** Australia Post Digital API: the test environment lives under /test on the same host. */
export const AUSTRALIA_POST_SANDBOX_BASE_URL = 'https://digitalapi.auspost.com.au/test';
export const AUSTRALIA_POST_PRODUCTION_BASE_URL = 'https://digitalapi.auspost.com.au';

/** Shipping & Tracking API key and password (Basic auth), and the eParcel account number sent as a header. */
export const credentialFields = ['apiKey', 'password', 'accountNumber'] as const;

/** Australia Post refuses more than ten ids in one call (error 51101). */
const MAX_IDS = 10;
/** An id no article carries: good credentials get a per-id "Invalid tracking ID", bad ones a 401. */
const PROBE_ID = '7XX0000000000';

export function createAustraliaPostClient(options: CarrierClientOptions): CarrierClient {
  const trackUrl = (ids: string[]): string => joinUrl(options.baseUrl, `/shipping/v1/track?tracking_ids=${ids.map(encodeURIComponent).join(',')}`);
  return createCarrierClient(
    {
      carrier: 'australia_post',
      maxBatch: MAX_IDS,
      credentialFields,
      auth: {
        kind: 'static',
        headers: (credentials) => ({ Authorization: basicAuth(credentials.apiKey, credentials.password), 'Account-Number': credentials.accountNumber }),
      },
      trackRequest: (ids, authHeaders) => ({ method: 'GET', url: trackUrl(ids), headers: { ...authHeaders, Accept: 'application/json' } }),
      probeRequest: (authHeaders) => ({ method: 'GET', url: trackUrl([PROBE_ID]), headers: { ...authHeaders, Accept: 'application/json' } }),
      parse: parseTracking,
    },
    options,
  );
}
