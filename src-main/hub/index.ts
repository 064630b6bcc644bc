import type { Core } from '../core';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { readHubConfig } from './config';
import { stationFacts } from './facts';
import { eligibleJobs } from './jobs';
import { startLeaderJobs, TIMERS_LED_BY_HUB, type LeaderJobTimers } from './leader-jobs';
import { createHubStation } from './service';

export { TIMERS_LED_BY_HUB };

/** Whether this station was joined to a hub (`hub connect`); asked before the core starts its own timers. */
export const hubConfigured = async (secrets: SecretStore): Promise<boolean> => (await readHubConfig(secrets)) !== null;

/**
 * A running console on a hub: the station contends for jobs and runs each job's timer only while it leads it.
 * The core must have been created with TIMERS_LED_BY_HUB so that it does not run them as well.
 */
export async function startStationOnHub(deps: { core: Core; secrets: SecretStore; clock: Clock; logger: Logger; timers: LeaderJobTimers }): Promise<{ stop(): Promise<void> }> {
  const hub = createHubStation({
    db: deps.core.services.db,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger,
    eligible: async () => eligibleJobs(await stationFacts(deps.core.services)),
  });
  await hub.start();
  const jobs = startLeaderJobs(deps.core.services, hub.isLeader, deps.timers, deps.logger);
  return {
    stop: async () => {
      jobs.stop();
      await hub.stop();
    },
  };
}
