import { randomUUID } from 'node:crypto';
import { createCarrierClient } from '../carrier-client';
import { joinUrl } from '../transport';
import type { CarrierClient, CarrierClientOptions } from '../types';
import { parseTracking } from './mapper';

/** FedEx developer sandbox and production hosts (Track API v1, OAuth client credentials). */
export const FEDEX_SANDBOX_BASE_URL = 'https://apis-sandbox.fedex.com';
export const FEDEX_PRODUCTION_BASE_URL = 'https://apis.fedex.com';

/** The Track API project's API Key (client_id) and Secret Key (client_secret); FedEx issues them per project. */
export const credentialFields = ['clientId', 'clientSecret'] as const;

export function createFedexClient(options: CarrierClientOptions): CarrierClient {
  return createCarrierClient(
    {
      carrier: 'fedex',
      maxBatch: 30,
      credentialFields,
      auth: {
        kind: 'oauth',
        tokenRequest: (credentials) => ({
          method: 'POST',
          url: joinUrl(options.baseUrl, '/oauth/token'),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          }).toString(),
        }),
      },
      trackRequest: (numbers, authHeaders) => ({
        method: 'POST',
        url: joinUrl(options.baseUrl, '/track/v1/trackingnumbers'),
        headers: {
          ...authHeaders,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-locale': 'en_US',
          'x-customer-transaction-id': randomUUID(),
        },
        body: JSON.stringify({
          includeDetailedScans: true,
          trackingInfo: numbers.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
        }),
      }),
      parse: parseTracking,
    },
    options,
  );
}
