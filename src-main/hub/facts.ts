import { existsSync } from 'node:fs';
import type { Core } from '../core';
import type { StationFacts } from './jobs';

/** What this station can do, read from its own core: credentials in its secret store, folders on its disk. */
export async function stationFacts(services: Core['services']): Promise<StationFacts> {
  const accounts = services.tracking.accounts.list().filter((a) => a.enabled && a.configured);
  const withCredentials = await Promise.all(accounts.map(async (a) => ((await services.tracking.accounts.credentials(a.carrier)) ? a.carrier : null)));
  const sources = await services.sync.sourceStates();
  const dropFolder = services.sync.settings.get().dropFolder;
  const schedule = services.reports.scheduler.getState().schedule;
  return {
    carriersWithCredentials: withCredentials.filter((c) => c !== null),
    platformReady: sources.some((s) => s.enabled && s.hasCredentials),
    dropFolderReachable: dropFolder !== null && existsSync(dropFolder),
    reportFolderReachable: schedule.folder !== null && (schedule.daily.enabled || schedule.weekly.enabled) && existsSync(schedule.folder),
  };
}
