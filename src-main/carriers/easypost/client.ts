import { createCarrierClient } from '../carrier-client';
import { basicAuth, joinUrl } from '../transport';
import type { CarrierClient, CarrierClientOptions } from '../types';
import { parseTracking } from './mapper';

/** EasyPost has one host; a test-mode API key (EZTK…) selects the sandbox. */
export const EASYPOST_SANDBOX_BASE_URL = 'https://api.easypost.com';
export const EASYPOST_PRODUCTION_BASE_URL = 'https://api.easypost.com';

/** The account's API key (test or production), sent as the Basic-auth user name. */
export const credentialFields = ['apiKey'] as const;

export interface EasyPostClientOptions extends CarrierClientOptions {
  /** EasyPost carrier name (e.g. "USPS", "UPS", "FedEx"); without it EasyPost detects the carrier from the code. */
  carrier?: string;
}

export function createEasyPostClient(options: EasyPostClientOptions): CarrierClient {
  return createCarrierClient(
    {
      carrier: 'easypost',
      maxBatch: 1,
      credentialFields,
      auth: { kind: 'static', headers: (credentials) => ({ Authorization: basicAuth(credentials.apiKey, '') }) },
      // Creating a tracker for a code EasyPost already tracks returns the existing tracker, so this doubles as a fetch.
      trackRequest: ([trackingCode], authHeaders) => ({
        method: 'POST',
        url: joinUrl(options.baseUrl, '/v2/trackers'),
        headers: { ...authHeaders, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ tracker: options.carrier ? { tracking_code: trackingCode, carrier: options.carrier } : { tracking_code: trackingCode } }),
      }),
      // Listing one tracker proves the key without creating (and paying for) a tracker.
      probeRequest: (authHeaders) => ({
        method: 'GET',
        url: joinUrl(options.baseUrl, '/v2/trackers?page_size=1'),
        headers: { ...authHeaders, Accept: 'application/json' },
      }),
      parse: parseTracking,
    },
    options,
  );
}
