import type { Client, ClientBase } from 'pg';
import type { Logger } from '../platform/ports';
import { ALL_JOBS, type LeaderJob } from './jobs';
import { advisoryKey } from './keys';

export interface LeadershipOptions {
  /** Opens this station's dedicated leadership connection; `onLost` fires if it dies later. */
  connect: (onLost: (error: Error) => void) => Promise<Client>;
  /** The jobs this station could do right now (jobs.ts); asked again every round. */
  eligible: () => Promise<readonly LeaderJob[]> | readonly LeaderJob[];
  /** How often a follower tries to take free jobs and a leader proves it still holds them. */
  retryMs: number;
  /** A heartbeat slower than this means the hub is out of reach: leadership is given up at once. */
  heartbeatTimeoutMs: number;
  logger: Logger;
}

/** Who holds a job's lock, as the hub's sessions say (their application_name carries the station id). */
export interface JobLeader {
  job: LeaderJob;
  stationId: string;
  stationName: string | null;
}

const KEY_TO_JOB = new Map(ALL_JOBS.map((job) => [advisoryKey(job), job]));

/** Every job's leader right now, read from pg_locks joined to the sessions' application names; jobs nobody leads are left out. */
export async function readLeaders(client: ClientBase): Promise<JobLeader[]> {
  // An advisory lock on a bigint shows in pg_locks as its high half (classid) and low half (objid).
  const { rows } = await client.query<{ key: string; application_name: string; name: string | null }>(
    `SELECT ((l.classid::bigint << 32) | l.objid::bigint)::text AS key, a.application_name, s.name
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid LEFT JOIN stations s ON 'waybill ' || s.id = a.application_name
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows
    .map((l) => ({ job: KEY_TO_JOB.get(l.key), stationId: l.application_name.replace(/^waybill /, ''), stationName: l.name }))
    .filter((l): l is JobLeader => l.job !== undefined)
    .sort((a, b) => a.job.localeCompare(b.job));
}

export interface Leadership {
  /** True only while this station holds the job's lock on a connection that answered within the heartbeat. */
  isLeader(job: LeaderJob): boolean;
  /** Who led the job at the last round, this station included; null when nobody did or the hub was out of reach. */
  leaderOf(job: LeaderJob): JobLeader | null;
  leading(): LeaderJob[];
  lastError(): string | null;
  /** One round: connect if needed, heartbeat, let go of jobs no longer eligible, try to take the free ones. */
  contend(): Promise<void>;
  start(): void;
  /** Releases every lock (closing the connection does) and stops contending. */
  stop(): Promise<void>;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * One leader per job, by session-level advisory locks held on one connection per station. The server frees a
 * station's locks when its session ends: a clean quit, a crash (the kernel closes the socket), or a network
 * loss once TCP keepalive gives up (connection.ts). A station stops believing it leads as soon as its own
 * heartbeat fails, which is sooner than the server lets the lock go, so two stations never both lead a job.
 */
export function createLeadership(options: LeadershipOptions): Leadership {
  let client: Client | null = null;
  const held = new Set<LeaderJob>();
  let leaders = new Map<LeaderJob, JobLeader>();
  let error: string | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let round: Promise<void> | null = null;
  let stopped = false;

  const drop = (reason: Error) => {
    if (held.size) options.logger.warn('hub connection lost: this station leads no job until it is back', reason.message);
    error = reason.message;
    held.clear();
    leaders = new Map();
    const lost = client;
    client = null;
    // Not awaited: on a dead network end() can hang, and the server frees the locks on its own.
    void lost?.end().catch(() => undefined);
  };

  const oneRound = async (): Promise<void> => {
    if (stopped) return;
    if (!client) {
      try {
        // Lost while still opening (a hub dropped under it), the round's heartbeat fails and says so.
        let opened: Client | undefined = undefined;
        opened = await options.connect((lost) => {
          if (opened !== undefined && client === opened) drop(lost);
        });
        if (stopped) return void (await opened.end().catch(() => undefined));
        client = opened;
      } catch (e) {
        error = (e as Error).message;
        return;
      }
    }
    const current = client;
    try {
      await withTimeout(current.query('SELECT 1'), options.heartbeatTimeoutMs, 'the hub heartbeat');
      const wanted = new Set(await options.eligible());
      for (const job of [...held].filter((j) => !wanted.has(j))) {
        held.delete(job);
        await current.query('SELECT pg_advisory_unlock($1)', [advisoryKey(job)]);
      }
      for (const job of wanted) {
        if (held.has(job)) continue;
        const { rows } = await withTimeout(
          current.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [advisoryKey(job)]),
          options.heartbeatTimeoutMs,
          'taking a job',
        );
        if (rows[0].got && client === current) held.add(job);
      }
      error = null;
      // Who leads what else, so a person asking for a job led elsewhere is told where (a manual poll). Only a
      // courtesy: failing to read it leaves the names unknown and costs no job.
      const now = await withTimeout(readLeaders(current), options.heartbeatTimeoutMs, 'reading the leaders').catch(() => null);
      if (client === current) leaders = new Map((now ?? []).map((l) => [l.job, l]));
    } catch (e) {
      if (client === current) drop(e as Error);
    }
  };

  const contend = (): Promise<void> => (round ??= oneRound().finally(() => (round = null)));

  return {
    isLeader: (job) => held.has(job),
    leaderOf: (job) => leaders.get(job) ?? null,
    leading: () => [...held].sort(),
    lastError: () => error,
    contend,
    start() {
      if (timer) return;
      void contend();
      timer = setInterval(() => void contend(), options.retryMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await round;
      held.clear();
      leaders = new Map();
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
}
