import type { Core } from '../core';
import type { Capability } from '../dispatch/capability';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { readHubConfig } from './config';
import { stationFor } from './for-core';
import { startLeaderJobs, TIMERS_LED_BY_HUB, type LeaderJobTimers } from './leader-jobs';
import type { ReplicationTiming } from './service';

export { TIMERS_LED_BY_HUB };

/**
 * The hub is not a contract capability (no window calls it yet); it joins the core's list to own its local
 * tables: this station's identity and cursors, and the hub names of rows pulled from other stations.
 */
export const hubCapability = (): Capability => ({
  name: 'hub',
  handlers: {},
  events: [],
  tables: { hub_station: 'local', hub_row_origins: 'local', hub_row_seen: 'local' },
  service: undefined,
});

/** Whether this station was joined to a hub (`hub connect`); asked before the core starts its own timers. */
export const hubConfigured = async (secrets: SecretStore): Promise<boolean> => (await readHubConfig(secrets)) !== null;

/**
 * A running console on a hub: the station replicates, contends for jobs and runs each job's timer only while it leads it.
 * The core must have been created with TIMERS_LED_BY_HUB so that it does not run them as well.
 */
export async function startStationOnHub(deps: {
  core: Core;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  timers: LeaderJobTimers;
  /** The replication's fallback checks; the app's defaults unless a test needs them out of the way. */
  replication?: ReplicationTiming;
}): Promise<{ stop(): Promise<void> }> {
  const hub = stationFor(deps.core, deps);
  await hub.start();
  const jobs = startLeaderJobs(deps.core.services, hub.isLeader, deps.timers, deps.logger);
  const replication = hub.startReplication(deps.replication);
  // The core announces its writes (a scan, a resolution, an import): each goes to the hub at once, not on the next outbox check.
  const unsubscribe = deps.core.events.subscribe(() => replication.pushSoon());
  return {
    stop: async () => {
      unsubscribe();
      jobs.stop();
      await replication.stop();
      await hub.stop();
    },
  };
}
