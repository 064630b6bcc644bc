import { TRACKING_ACCOUNTS, type TrackingAccount } from '../../src-shared/domain/tracking/carriers';

/**
 * The work exactly one station does at a time: polling each carrier account, the sync (platforms and the drop
 * folder: today one tick of sync/service.ts does both, so they are one job), scheduled reports and the
 * exception rules pass. Each is one advisory lock on the hub.
 */
export type LeaderJob = 'sync' | 'reports' | 'rules' | `carrier:${TrackingAccount}`;

export const ALL_JOBS: readonly LeaderJob[] = [...TRACKING_ACCOUNTS.map((c) => `carrier:${c}` as const), 'sync', 'reports', 'rules'];

export const carrierJob = (carrier: TrackingAccount): LeaderJob => `carrier:${carrier}`;

/** What this station could do right now, learned from its own store, secret store and disk. */
export interface StationFacts {
  /** Carrier accounts that are enabled here and whose credentials this station's secret store holds. */
  carriersWithCredentials: readonly TrackingAccount[];
  /** An enabled platform (ShipStation) whose credentials are here. */
  platformReady: boolean;
  /** The drop folder is set and this station can see it. */
  dropFolderReachable: boolean;
  /** The report schedule is on and its folder is reachable from here. */
  reportFolderReachable: boolean;
}

/**
 * The jobs this station may lead. A station without a carrier's credentials never polls that carrier (they
 * are not stored on the hub), and a station that cannot do a job never takes it from one that can.
 */
export function eligibleJobs(facts: StationFacts): LeaderJob[] {
  return [
    ...facts.carriersWithCredentials.map(carrierJob),
    ...(facts.platformReady || facts.dropFolderReachable ? (['sync'] as const) : []),
    ...(facts.reportFolderReachable ? (['reports'] as const) : []),
    'rules',
  ];
}
