import { createCarrierClient } from '../carrier-client';
import { joinUrl } from '../transport';
import type { CarrierClient, CarrierClientOptions } from '../types';
import { parseTracking } from './mapper';

/** DHL Shipment Tracking - Unified test and production hosts. */
export const DHL_SANDBOX_BASE_URL = 'https://api-test.dhl.com';
export const DHL_PRODUCTION_BASE_URL = 'https://api-eu.dhl.com';

/** The app's API Key from developer.dhl.com, sent as the DHL-API-Key header. */
export const credentialFields = ['apiKey'] as const;

/** A number no shipment carries: the key check answers 404 when the key is good, 401 when it is not. */
const PROBE_NUMBER = '0000000000';

export function createDhlClient(options: CarrierClientOptions): CarrierClient {
  const trackUrl = (trackingNumber: string): string => joinUrl(options.baseUrl, `/track/shipments?trackingNumber=${encodeURIComponent(trackingNumber)}`);
  return createCarrierClient(
    {
      carrier: 'dhl',
      maxBatch: 1,
      credentialFields,
      auth: { kind: 'static', headers: (credentials) => ({ 'DHL-API-Key': credentials.apiKey }) },
      trackRequest: ([trackingNumber], authHeaders) => ({
        method: 'GET',
        url: trackUrl(trackingNumber),
        headers: { ...authHeaders, Accept: 'application/json' },
      }),
      probeRequest: (authHeaders) => ({ method: 'GET', url: trackUrl(PROBE_NUMBER), headers: { ...authHeaders, Accept: 'application/json' } }),
      parse: parseTracking,
    },
    options,
  );
}
