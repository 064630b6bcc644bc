import type { EventMap } from '../../src-shared/api';
import { TRACKING_ACCOUNTS } from '../../src-shared/domain/tracking/carriers';
import type { Core } from '../core';
import type { Capability, CoreContext } from '../dispatch/capability';
import type { Db } from '../db/create-db';
import type { UntrustedDispatch } from '../dispatch/dispatcher';
import { readStationValue, STATION_KEYS } from './station';
import { createHubConsole, type HubConsole } from './console';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { readHubConfig } from './config';
import { stationFor } from './for-core';
import { carrierJob } from './jobs';
import { startLeaderJobs, TIMERS_LED_BY_HUB, type LeaderJobTimers } from './leader-jobs';
import type { ReplicationTiming } from './service';

export { TIMERS_LED_BY_HUB };

/**
 * The hub in the windows (status, test, connect, disconnect; `hub.statusChanged`), and the owner of its local
 * tables: this station's identity and cursors, and the hub names of rows pulled from other stations.
 */
export function hubCapability(ctx: CoreContext): Capability<HubConsole> {
  const { handlers, service } = createHubConsole(ctx);
  return {
    name: 'hub',
    handlers,
    // Besides its own status, a running station announces pulled rows as the capabilities that own them would.
    events: ['hub.statusChanged', 'shipments.changed', 'tracking.updated', 'reconcile.scanned', 'exceptions.changed', 'returns.changed'],
    tables: { hub_station: 'local', hub_row_origins: 'local', hub_row_seen: 'local', hub_refused_rows: 'local' },
    service,
  };
}

/**
 * Once a station has a name (Settings → Warehouse hub), every change made here is audited under it, whatever a
 * window or the CLI sent: one name per station in every trail, the one the other stations know it by.
 */
export const stampStationName =
  (db: Db, dispatch: UntrustedDispatch): UntrustedDispatch =>
  (name, arg, ctx = { transport: 'in-process' }) => {
    const station = readStationValue(db, STATION_KEYS.name);
    return dispatch(name, arg, station ? { ...ctx, station } : ctx);
  };

const hubConsoleOf = (core: Core): HubConsole => {
  const hub = core.capabilities.find((c) => c.name === 'hub');
  if (!hub) throw new Error('this core has no hub capability');
  return hub.service as HubConsole;
};

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
  // Pulled news reaches every station's rules; only the station leading them writes exception and return rows.
  const rules = [deps.core.services.exceptions, deps.core.services.returns];
  rules.forEach((r) => r.ledBy(() => hub.isLeader('rules')));
  // A person's refresh polls only the accounts this station leads; for the others it says which station does.
  const tracking = deps.core.services.tracking;
  tracking.ledBy({
    polls: (account) => hub.isLeader(carrierJob(account)),
    polledBy: (account) => hub.leaderOf(carrierJob(account))?.stationName ?? null,
  });
  const replication = hub.startReplication(deps.replication);
  // The core announces its writes (a scan, a resolution, an import): each goes to the hub at once, not on the next outbox check.
  const unsubscribe = deps.core.events.subscribe((name, payload) => {
    replication.pushSoon();
    // Parcels another station marked due (a person's refresh there) are asked about at once by the station polling their account.
    if (name !== 'shipments.changed' || (payload as EventMap['shipments.changed']).reason !== 'hub') return;
    const led = new Set(TRACKING_ACCOUNTS.filter((account) => hub.isLeader(carrierJob(account))));
    if (led.size) void tracking.poller.runOnce(led).catch((error: unknown) => deps.logger.error('poll run failed', error));
  });
  let stopping: Promise<void> | null = null;
  // Once, whether the console quits or a person disconnects the station from Settings first.
  const stop = () =>
    (stopping ??= (async () => {
      unsubscribe();
      detach();
      jobs.stop();
      await replication.stop();
      await hub.stop();
      // Alone again (disconnected from Settings): this station leads its own rules and polls its own accounts.
      rules.forEach((r) => r.ledBy(null));
      tracking.ledBy(null);
    })());
  const detach = hubConsoleOf(deps.core).attach({ station: hub, stop });
  return { stop };
}
