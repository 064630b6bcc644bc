import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietLogger } from '../testing/temp-core';
import { spawnTs } from '../testing/spawn-cli';
import { startTempPostgres, type TempPostgres } from '../testing/temp-postgres';
import { parseHubUrl } from './config';
import { openHubClient } from './connection';
import { eligibleJobs, type LeaderJob } from './jobs';
import { createLeadership, type Leadership } from './leadership';

let pg: TempPostgres;
let url: string;
let admin: Client;
beforeAll(async () => {
  pg = await startTempPostgres();
  url = `${await pg.createDatabase('hub_leaders')}?sslmode=disable`;
  admin = new Client({ connectionString: pg.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await pg?.stop();
});

const station = (name: string, jobs: () => readonly LeaderJob[]): Leadership =>
  createLeadership({
    connect: (onLost) =>
      openHubClient({ ...parseHubUrl(url), user: 'postgres' }, { onLost }).then(async (c) => (await c.query(`SET application_name = '${name}'`), c)),
    eligible: jobs,
    retryMs: 100,
    heartbeatTimeoutMs: 2_000,
    logger: quietLogger,
  });

const leadersOf = (job: LeaderJob, stations: Leadership[]) => stations.filter((s) => s.isLeader(job)).length;

describe('one leader per job', () => {
  it('gives each job to exactly one station, moves it when the leader dies, and never to a station without the credentials', async () => {
    const allJobs = eligibleJobs({ carriersWithCredentials: ['ups', 'fedex'], platformReady: true, dropFolderReachable: true, reportFolderReachable: true });
    let aJobs = allJobs;
    const a = station('station-a', () => aJobs);
    // Station B has no UPS credentials: it may poll FedEx but never UPS.
    const b = station('station-b', () => allJobs.filter((j) => j !== 'carrier:ups'));
    await a.contend();
    await b.contend();
    for (const job of allJobs) expect(leadersOf(job, [a, b]), job).toBe(1);
    expect(a.leading()).toEqual([...allJobs].sort());

    // A crash as the server sees it: A's session ends without A saying goodbye.
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'station-a'");
    await expect.poll(() => a.leading(), { timeout: 5_000 }).toEqual([]);
    await b.contend();
    expect(b.leading()).toEqual(allJobs.filter((j) => j !== 'carrier:ups').sort());
    expect(b.isLeader('carrier:ups')).toBe(false);

    // A comes back (its next round reconnects) and takes only what nobody holds: UPS.
    await a.contend();
    await a.contend();
    expect(a.leading()).toEqual(['carrier:ups']);
    for (const job of allJobs) expect(leadersOf(job, [a, b]), job).toBe(1);

    // A station whose UPS credentials are removed lets the job go at its next round.
    aJobs = allJobs.filter((j) => j !== 'carrier:ups');
    await a.contend();
    expect(a.leading()).toEqual([]);
    const { rows } = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s USING (pid) WHERE l.locktype = 'advisory' AND s.application_name = 'station-a'",
    );
    expect(rows[0].n).toBe(0);
    await b.stop();
    await a.stop();
  });

  it('a SIGKILLed leader process is replaced within 30 s, and the two never lead at once', async () => {
    const child = spawnTs('src-main/hub/testing/leader-child.ts', [url, 'rules']);
    try {
      const out: string[] = [];
      child.child.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
      await expect.poll(() => out.join(''), { timeout: 20_000 }).toContain('leading rules');
      const follower = station('follower', () => ['rules']);
      await follower.contend();
      expect(follower.isLeader('rules')).toBe(false);
      const killedAt = performance.now();
      child.child.kill('SIGKILL');
      await child.exited;
      let tookOverMs = Number.POSITIVE_INFINITY;
      while (performance.now() - killedAt < 30_000) {
        await follower.contend();
        if (follower.isLeader('rules')) {
          tookOverMs = performance.now() - killedAt;
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(tookOverMs).toBeLessThan(30_000);
      const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted");
      expect(rows[0].n).toBe(1);
      await follower.stop();
    } finally {
      child.child.kill('SIGKILL');
    }
  });
});
