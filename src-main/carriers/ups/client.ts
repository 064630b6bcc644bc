import { randomUUID } from 'node:crypto';
import { createCarrierClient } from '../carrier-client';
import { basicAuth, joinUrl } from '../transport';
import type { CarrierClient, CarrierClientOptions } from '../types';
import { parseTracking } from './mapper';

/** UPS Customer Integration Environment and production hosts (UPS Track API v1 / OAuth client credentials). */
export const UPS_SANDBOX_BASE_URL = 'https://wwwcie.ups.com';
export const UPS_PRODUCTION_BASE_URL = 'https://onlinetools.ups.com';

/** The app's Client ID and Client Secret from developer.ups.com. */
export const credentialFields = ['clientId', 'clientSecret'] as const;

export function createUpsClient(options: CarrierClientOptions): CarrierClient {
  return createCarrierClient(
    {
      carrier: 'ups',
      maxBatch: 1,
      credentialFields,
      auth: {
        kind: 'oauth',
        tokenRequest: (credentials) => ({
          method: 'POST',
          url: joinUrl(options.baseUrl, '/security/v1/oauth/token'),
          headers: {
            Authorization: basicAuth(credentials.clientId, credentials.clientSecret),
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
          },
          body: 'grant_type=client_credentials',
        }),
      },
      trackRequest: ([inquiryNumber], authHeaders) => ({
        method: 'GET',
        url: joinUrl(options.baseUrl, `/api/track/v1/details/${encodeURIComponent(inquiryNumber)}?locale=en_US&returnSignature=false`),
        headers: {
          ...authHeaders,
          // UPS requires a unique transaction id (max 32 chars) and a caller name on every track call.
          transId: randomUUID().replaceAll('-', ''),
          transactionSrc: 'waybill',
          Accept: 'application/json',
        },
      }),
      parse: parseTracking,
    },
    options,
  );
}
