import type { PollCadence } from '../../src-shared/domain/tracking/cadence';
import { DEFAULT_CADENCE } from '../../src-shared/domain/tracking/cadence';
import { TRACKING_ACCOUNTS, type TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import type { TrackingStatus } from '../../src-shared/domain/tracking/status';
import { createFakeCarrierServer, type FakeCarrierServer, type FakeEvent } from '../carriers/fake-server';
import { CARRIER_MANIFESTS } from '../carriers/registry';
import type { Core } from '../core';
import type { Clock } from '../platform/ports';
import { seededRandom } from './random';

const MINUTE = 60_000;
/** Enough moving parcels to watch without flooding the grid. */
const MOVING_PARCELS = 300;

/** Demo parcels move within minutes, so a newcomer sees live updates without waiting hours. */
export const DEMO_CADENCE: PollCadence = {
  ...DEFAULT_CADENCE,
  outForDeliveryMinutes: 1,
  activeHours: 2 / 60,
  createdHours: 2 / 60,
  createdLateHours: 5 / 60,
  deliveryDayMinutes: 1,
};

const NEXT_STEPS: Partial<Record<TrackingStatus, { code: string; description: string; status: TrackingStatus }[]>> = {
  created: [
    { code: 'PU', description: 'Picked up', status: 'in_transit' },
    { code: 'AR', description: 'Arrived at facility', status: 'in_transit' },
    { code: 'OD', description: 'Out for delivery', status: 'out_for_delivery' },
  ],
  in_transit: [
    { code: 'OD', description: 'Out for delivery', status: 'out_for_delivery' },
    { code: 'DL', description: 'Delivered', status: 'delivered' },
  ],
  out_for_delivery: [{ code: 'DL', description: 'Delivered', status: 'delivered' }],
};

/**
 * Browser-mode demo: a loopback fake carrier server scripted to move a few hundred parcels over the next
 * half hour, with carrier accounts pointed at it, so the poller and live grid updates can be watched.
 */
export async function startDemoCarriers(core: Core, clock: Clock): Promise<FakeCarrierServer> {
  const fake = await createFakeCarrierServer({ now: clock.now });
  const random = seededRandom(7);
  const parcels = core.services.db.raw
    .prepare(
      `SELECT tracking_number AS trackingNumber, carrier, status FROM shipments
        WHERE status IN ('created', 'in_transit', 'out_for_delivery') AND carrier IN (SELECT value FROM json_each(?))
        ORDER BY id LIMIT ?`,
    )
    .all(JSON.stringify(TRACKING_ACCOUNTS), MOVING_PARCELS) as { trackingNumber: string; carrier: TrackingAccount; status: TrackingStatus }[];
  const now = clock.now();
  const place = { city: 'DENVER', state: 'CO', postalCode: '80202', country: 'US', utcOffset: '-07:00' };
  for (const parcel of parcels) {
    let at = now + Math.floor(random() * 10 * MINUTE);
    const timeline: FakeEvent[] = (NEXT_STEPS[parcel.status] ?? []).map((step) => {
      at += Math.floor((2 + random() * 10) * MINUTE);
      return { at, code: step.code, description: step.description, location: place, status: step.status };
    });
    fake.script(parcel.carrier, parcel.trackingNumber, timeline);
  }
  // Every carrier account points at the fake; any non-empty credentials satisfy it.
  for (const carrier of TRACKING_ACCOUNTS) {
    const credentials = Object.fromEntries(CARRIER_MANIFESTS[carrier].credentialFields.map((field) => [field, `demo-${field}`]));
    await core.dispatch('carriers.save', { carrier, environment: 'custom', baseUrl: fake.url, credentials, quotaPerMinute: 600 });
  }
  // Only the scripted parcels are polled in the demo; the rest keep their seeded history.
  core.services.db.raw.prepare("UPDATE shipments SET next_poll_at = 'never' WHERE next_poll_at IS NULL").run();
  core.services.db.raw
    .prepare(`UPDATE shipments SET next_poll_at = ? WHERE tracking_number IN (SELECT value FROM json_each(?))`)
    .run(new Date(now).toISOString(), JSON.stringify(parcels.map((p) => p.trackingNumber)));
  return fake;
}
