import type { PolledElsewhere } from '../../src-shared/api/tracking';
import { CARRIER_LABELS, TRACKING_ACCOUNTS } from '../../src-shared/domain/tracking/carriers';
import type { Core } from '../core';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import type { PollRunSummary } from '../tracking';
import { stationFor } from './for-core';
import { carrierJob } from './jobs';

const CARRIER_JOBS: ReadonlySet<string> = new Set(TRACKING_ACCOUNTS.map(carrierJob));

/**
 * `track poll --once`. Alone, it polls what is due, as always. On a hub a CLI run is a station too: it takes the
 * lock of each carrier account it can poll and holds it for the whole run (so no station starts polling that
 * account meanwhile), polls those, and names the station polling each of the others. With the hub out of reach
 * it polls nothing, since it could not prove no other station polls the same account.
 */
export async function pollOnceAsStation(
  core: Core,
  deps: { secrets: SecretStore; clock: Clock; logger: Logger },
): Promise<{ summary: PollRunSummary; elsewhere: PolledElsewhere[] }> {
  const { poller, accounts } = core.services.tracking;
  const station = stationFor(core, { ...deps, only: (job) => CARRIER_JOBS.has(job) });
  if (!(await station.start())) return { summary: await poller.runOnce(), elsewhere: [] };
  try {
    await station.contend();
    const unreachable = station.summary().lastError;
    if (unreachable) throw new Error(`the hub is out of reach (${unreachable}): nothing was polled, so no carrier account is polled by two stations at once`);
    const active = accounts.list().filter((a) => a.enabled && a.configured);
    const led = new Set(active.map((a) => a.carrier).filter((carrier) => station.isLeader(carrierJob(carrier))));
    const summary = led.size ? await poller.runOnce(led) : { requested: 0, results: 0, newEvents: 0, changed: 0, errors: 0 };
    const elsewhere = active
      .filter((a) => !led.has(a.carrier))
      .map((a) => ({ carrier: a.carrier, label: CARRIER_LABELS[a.carrier], station: station.leaderOf(carrierJob(a.carrier))?.stationName ?? null }));
    return { summary, elsewhere };
  } finally {
    await station.stop();
  }
}
