import type { Carrier, TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import { australiaPost } from './australiapost/manifest';
import { canadaPost } from './canadapost/manifest';
import type { CarrierManifest } from './carrier-manifest';
import { dhl } from './dhl/manifest';
import { easypost } from './easypost/manifest';
import { fedex } from './fedex/manifest';
import { ups } from './ups/manifest';
import { usps } from './usps/manifest';

/**
 * One line per carrier folder. Keyed by the shared catalog's accounts, so a catalog entry without its folder,
 * or a folder the catalog does not name as an account, fails the type check.
 */
export const CARRIER_MANIFESTS = {
  ups,
  fedex,
  usps,
  dhl,
  canada_post: canadaPost,
  australia_post: australiaPost,
  easypost,
} as const satisfies Record<TrackingAccount, CarrierManifest>;

const isTrackingAccount = (name: string): name is TrackingAccount => Object.hasOwn(CARRIER_MANIFESTS, name);

/** Which account tracks a parcel: its own carrier's when configured, else the aggregator. */
export function trackingAccountFor(carrier: Carrier, configured: ReadonlySet<TrackingAccount>): TrackingAccount | null {
  if (isTrackingAccount(carrier) && configured.has(carrier)) return carrier;
  return configured.has('easypost') ? 'easypost' : null;
}
