import type { Core } from '../core';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { stationFacts } from './facts';
import { eligibleJobs, type LeaderJob } from './jobs';
import { createHubStation, type HubStation, type HubStationOptions } from './service';

/** The tables the core's capabilities declare replicated. */
export const replicatedTables = (core: Pick<Core, 'capabilities'>): string[] =>
  core.capabilities.flatMap((c) =>
    Object.entries(c.tables)
      .filter(([, role]) => role === 'replicated')
      .map(([table]) => table),
  );

/** This core as a station: its store, what it replicates, and the jobs its credentials and folders allow. */
export const stationFor = (
  core: Pick<Core, 'capabilities' | 'services' | 'events'>,
  deps: { secrets: SecretStore; clock: Clock; logger: Logger } & Partial<Pick<HubStationOptions, 'retryMs' | 'heartbeatTimeoutMs' | 'connectTimeoutMs'>> & {
      /** The jobs this station contends for at all (a CLI poll: its carrier accounts only); default every job it is eligible for. */
      only?: (job: LeaderJob) => boolean;
    },
): HubStation =>
  createHubStation({
    ...deps,
    db: core.services.db,
    events: core.events,
    replicated: replicatedTables(core),
    eligible: async () => eligibleJobs(await stationFacts(core.services)).filter(deps.only ?? (() => true)),
  });
