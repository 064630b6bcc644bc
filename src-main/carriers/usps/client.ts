import { createCarrierClient } from '../carrier-client';
import { joinUrl } from '../transport';
import type { CarrierClient, CarrierClientOptions } from '../types';
import { parseTracking } from './mapper';

/** USPS Test Environment for Mailers and production hosts (USPS APIs v3). */
export const USPS_SANDBOX_BASE_URL = 'https://apis-tem.usps.com';
export const USPS_PRODUCTION_BASE_URL = 'https://apis.usps.com';

/** The app's Consumer Key (client_id) and Consumer Secret (client_secret) from developer.usps.com. */
export const credentialFields = ['clientId', 'clientSecret'] as const;

export function createUspsClient(options: CarrierClientOptions): CarrierClient {
  return createCarrierClient(
    {
      carrier: 'usps',
      maxBatch: 1,
      credentialFields,
      auth: {
        kind: 'oauth',
        // USPS's own examples (github.com/USPS/api-examples) post the client credentials as JSON.
        tokenRequest: (credentials) => ({
          method: 'POST',
          url: joinUrl(options.baseUrl, '/oauth2/v3/token'),
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          }),
        }),
      },
      trackRequest: ([trackingNumber], authHeaders) => ({
        method: 'GET',
        url: joinUrl(options.baseUrl, `/tracking/v3/tracking/${encodeURIComponent(trackingNumber)}?expand=DETAIL`),
        headers: { ...authHeaders, Accept: 'application/json' },
      }),
      parse: parseTracking,
    },
    options,
  );
}
