import { TRACKING_ACCOUNTS } from '../../src-shared/domain/tracking/carriers';
import type { Core } from '../core';
import type { Logger } from '../platform/ports';
import { carrierJob, type LeaderJob } from './jobs';

/** The timers the core runs on its own without a hub; with one, this file runs them, each only at its leader. */
export interface LeaderJobTimers {
  pollIntervalMs: number;
  syncTickMs: number;
  rulesTickMs: number;
  reportScheduleTickMs: number;
}

/**
 * Core config to pass to createCore when a hub is configured: the timers below take the place of the core's own,
 * and the rules that write on events (exceptions, returns) wait for startStationOnHub to say who leads them.
 */
export const TIMERS_LED_BY_HUB = { pollIntervalMs: 0, syncTickMs: 0, rulesTickMs: 0, reportScheduleTickMs: 0, jobsLedByHub: true } as const;

/**
 * Runs each job's tick on the core's usual interval, and only where this station leads the job: carrier
 * polling per account, sync, the rules pass and scheduled reports. A tick that began while leading finishes
 * even if leadership moves meanwhile; the next one asks again.
 */
export function startLeaderJobs(services: Core['services'], isLeader: (job: LeaderJob) => boolean, timers: LeaderJobTimers, logger: Logger): { stop(): void } {
  const ticks: [number, string, () => Promise<unknown> | undefined][] = [
    [
      timers.pollIntervalMs,
      'poll run',
      () => {
        const led = new Set(TRACKING_ACCOUNTS.filter((c) => isLeader(carrierJob(c))));
        return led.size ? services.tracking.poller.runOnce(led) : undefined;
      },
    ],
    [timers.syncTickMs, 'sync tick', () => (isLeader('sync') ? services.sync.tick() : undefined)],
    [
      timers.rulesTickMs,
      'exception tick',
      () => {
        if (isLeader('rules')) return services.exceptions.tick();
        services.exceptions.standDown();
        return undefined;
      },
    ],
    // The returns clock runs on the poller's cadence in the core; on a hub it is part of the rules job.
    [timers.pollIntervalMs, 'returns tick', () => (isLeader('rules') ? Promise.resolve(services.returns.tick()) : undefined)],
    [timers.reportScheduleTickMs, 'report schedule tick', () => (isLeader('reports') ? services.reports.scheduler.tick() : undefined)],
  ];
  const running = ticks
    .filter(([ms]) => ms > 0)
    .map(([ms, what, tick]) => {
      const timer = setInterval(() => void Promise.resolve(tick()).catch((error) => logger.error(`${what} failed`, error)), ms);
      timer.unref();
      return timer;
    });
  return { stop: () => running.forEach((t) => clearInterval(t)) };
}
