import type { PollCadence } from '../../src-shared/domain/tracking/cadence';
import type { Capability, CoreContext } from '../dispatch/capability';
import { createTrackingService, type TrackingService, type TrackingServiceOptions } from './service';

export type { TrackingService } from './service';
export type { PollRunSummary } from './poller';

export interface TrackingOptions {
  cadence?: PollCadence;
  /** How often the poller looks for due parcels; 0 leaves polling to explicit calls (tests, CLI). */
  pollIntervalMs: number;
  /** Replaces the HTTP carrier clients, for simulations that run a whole day in seconds. */
  createClient?: TrackingServiceOptions['createClient'];
  /** On a hub: a person's refresh polls only the accounts the hub says this station leads. */
  ledByHub?: boolean;
}

/** Carrier accounts, the poller that asks carriers about parcels, and the events it normalizes into the store. */
export function trackingCapability(ctx: CoreContext, options: TrackingOptions): Capability<TrackingService> {
  const tracking = createTrackingService({ ...ctx, ...options });
  return {
    name: 'tracking',
    handlers: tracking.handlers,
    events: ['tracking.updated', 'carriers.healthChanged'],
    tables: {
      tracking_events: 'replicated',
      // Credentials and quotas are per station: only a station holding an account's credentials polls it.
      carrier_accounts: 'local',
      carrier_requests: 'local',
      carrier_responses: 'local',
    },
    start: tracking.start,
    dispose: tracking.stop,
    service: tracking,
  };
}
