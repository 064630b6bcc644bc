import { createCore } from '../../core';
import { memorySecretStore, systemClock, type Logger } from '../../platform/ports';
import { startStationOnHub, TIMERS_LED_BY_HUB } from '..';
import { stationFor } from '../for-core';
import { keepFakeUpsAccount } from './fake-ups';

/**
 * A whole station in a process of its own, for tests that SIGKILL the one polling a carrier:
 * `polling-station.ts DB HUB_URL CARRIER_URL NAME` keeps UPS credentials for the fake carrier, joins the hub and
 * runs as the app does (every job only while it leads it, polling every 50 ms), with one UPS parcel always due.
 * It prints "polling" once it leads UPS, then lives until it is killed.
 */
const [dbPath, hubUrl, carrierUrl, name] = process.argv.slice(2);
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${String(m)}\n`) };
const secrets = memorySecretStore();
const core = createCore({
  dbPath,
  clock: systemClock,
  fetch: globalThis.fetch,
  secrets,
  config: { version: 'test', dataDir: null, ...TIMERS_LED_BY_HUB },
  logger: quiet,
});

void (async () => {
  await keepFakeUpsAccount(core, carrierUrl);
  const stamp = '2026-11-20T07:00:00.000Z';
  core.services.db.write(() =>
    core.services.db.raw
      .prepare(
        `INSERT INTO shipments (source, external_id, tracking_number, carrier, label_created_at, status, created_at, updated_at) VALUES ('test', ?, '1Z999AA10123456784', 'ups', ?, 'in_transit', ?, ?)`,
      )
      .run(name, stamp, stamp, stamp),
  );
  const hub = stationFor(core, { secrets, clock: systemClock, logger: quiet });
  await hub.connect(hubUrl, { name });
  await startStationOnHub({
    core,
    secrets,
    clock: systemClock,
    logger: quiet,
    timers: { pollIntervalMs: 50, syncTickMs: 0, rulesTickMs: 0, reportScheduleTickMs: 0 },
  });
  // The parcel stays due, so whichever station leads UPS polls it on every tick.
  setInterval(() => core.services.db.write(() => core.services.db.raw.prepare("UPDATE shipments SET next_poll_at = '2000-01-01T00:00:00.000Z'").run()), 20);
  process.stdout.write('started\n');
})().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
