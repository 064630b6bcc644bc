import { parseHubUrl } from '../config';
import { openHubClient } from '../connection';
import type { LeaderJob } from '../jobs';
import { createLeadership } from '../leadership';

/**
 * A station in a process of its own, for tests that SIGKILL a leader: `leader-child.ts URL JOB` contends for
 * JOB every 100 ms and prints "leading JOB" once it holds it, then lives until it is killed.
 */
const [url, job] = process.argv.slice(2);
const leadership = createLeadership({
  connect: (onLost) => openHubClient(parseHubUrl(url), { onLost }),
  eligible: () => [job as LeaderJob],
  retryMs: 100,
  heartbeatTimeoutMs: 2_000,
  logger: { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) },
});
let said = false;
setInterval(() => {
  void leadership.contend().then(() => {
    if (!said && leadership.isLeader(job as LeaderJob)) {
      said = true;
      process.stdout.write(`leading ${job}\n`);
    }
  });
}, 100);
