import type { Carrier } from '../../src-shared/domain/tracking/status';
import * as australiaPost from './australiapost/client';
import * as canadaPost from './canadapost/client';
import * as dhl from './dhl/client';
import * as easypost from './easypost/client';
import * as fedex from './fedex/client';
import type { CarrierClient, CarrierClientOptions } from './types';
import * as ups from './ups/client';
import * as usps from './usps/client';

export const TRACKING_CARRIERS = ['ups', 'fedex', 'usps', 'dhl', 'canada_post', 'australia_post', 'easypost'] as const;
export type TrackingCarrier = (typeof TRACKING_CARRIERS)[number];

export interface CarrierAdapter {
  label: string;
  credentialFields: readonly string[];
  sandboxUrl: string;
  productionUrl: string;
  /** Requests per minute when IT has not set one; from each carrier's published default limits. */
  defaultQuotaPerMinute: number;
  create(options: CarrierClientOptions): CarrierClient;
}

export const CARRIER_ADAPTERS: Record<TrackingCarrier, CarrierAdapter> = {
  ups: { label: 'UPS', credentialFields: ups.credentialFields, sandboxUrl: ups.UPS_SANDBOX_BASE_URL, productionUrl: ups.UPS_PRODUCTION_BASE_URL, defaultQuotaPerMinute: 250, create: ups.createUpsClient },
  fedex: { label: 'FedEx', credentialFields: fedex.credentialFields, sandboxUrl: fedex.FEDEX_SANDBOX_BASE_URL, productionUrl: fedex.FEDEX_PRODUCTION_BASE_URL, defaultQuotaPerMinute: 100, create: fedex.createFedexClient },
  // USPS grants 60 requests an hour by default; more must be requested from USPS.
  usps: { label: 'USPS', credentialFields: usps.credentialFields, sandboxUrl: usps.USPS_SANDBOX_BASE_URL, productionUrl: usps.USPS_PRODUCTION_BASE_URL, defaultQuotaPerMinute: 1, create: usps.createUspsClient },
  // DHL's default key: about 250 calls a day and one call every 5 s.
  dhl: { label: 'DHL', credentialFields: dhl.credentialFields, sandboxUrl: dhl.DHL_SANDBOX_BASE_URL, productionUrl: dhl.DHL_PRODUCTION_BASE_URL, defaultQuotaPerMinute: 0.17, create: dhl.createDhlClient },
  // Canada Post publishes no per-minute figure for tracking either: a modest start, to raise to the account's allowance.
  canada_post: { label: 'Canada Post', credentialFields: canadaPost.credentialFields, sandboxUrl: canadaPost.CANADA_POST_SANDBOX_BASE_URL, productionUrl: canadaPost.CANADA_POST_PRODUCTION_BASE_URL, defaultQuotaPerMinute: 60, create: canadaPost.createCanadaPostClient },
  // Australia Post publishes no single figure (limits vary by plan and come back in X-RateLimit-* headers): start low.
  australia_post: { label: 'Australia Post', credentialFields: australiaPost.credentialFields, sandboxUrl: australiaPost.AUSTRALIA_POST_SANDBOX_BASE_URL, productionUrl: australiaPost.AUSTRALIA_POST_PRODUCTION_BASE_URL, defaultQuotaPerMinute: 10, create: australiaPost.createAustraliaPostClient },
  easypost: { label: 'EasyPost', credentialFields: easypost.credentialFields, sandboxUrl: easypost.EASYPOST_SANDBOX_BASE_URL, productionUrl: easypost.EASYPOST_PRODUCTION_BASE_URL, defaultQuotaPerMinute: 300, create: easypost.createEasyPostClient },
};

export const isTrackingCarrier = (name: string): name is TrackingCarrier => Object.hasOwn(CARRIER_ADAPTERS, name);

/** Which account tracks a parcel: its own carrier's when configured, else the aggregator. */
export function trackingAccountFor(carrier: Carrier, configured: ReadonlySet<TrackingCarrier>): TrackingCarrier | null {
  if (isTrackingCarrier(carrier) && configured.has(carrier)) return carrier;
  return configured.has('easypost') ? 'easypost' : null;
}
