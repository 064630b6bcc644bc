import type { Core } from '../core';
import { consoleLogger, systemClock, type SecretStore } from '../platform/ports';
import { CommandUsage } from '../platform/cli-usage';
import { stationFor } from './for-core';
import type { HubStatus } from './service';

/** The CLI's station: the same store and secret store as the app, for one command, contending for nothing. */
const cliStation = (core: Core, secrets: SecretStore) => stationFor(core, { secrets, clock: systemClock, logger: consoleLogger });

/** `hub connect URL`: checks the hub answers (migrating it and registering this station) before keeping the address. */
export async function hubConnectCommand(core: Core, secrets: SecretStore, url: string | undefined, station: { name?: string; role?: string }): Promise<string> {
  if (!url) throw new CommandUsage('hub connect needs the hub address: postgres://user:password@host:5432/database?sslmode=verify-full');
  const connected = await cliStation(core, secrets).connect(url, station);
  return JSON.stringify({ connected: true, ...connected });
}

const statusText = (s: HubStatus): string =>
  !s.configured
    ? `No hub configured: station ${s.station.name} works alone.`
    : [
        `Hub ${s.hub}: ${s.connected ? 'connected' : `not reachable (${s.lastError})`}`,
        `This station: ${s.station.name} (${s.station.role}), id ${s.station.id}`,
        `Outbox: ${s.outbox} change(s) to send; ${s.cursorLag ?? '?'} change(s) on the hub not yet here`,
        ...(s.refused
          ? [`Refused: ${s.refused} row(s) from the hub this station would not store (listed in the hub panel: click the Hub line of the status bar)`]
          : []),
        ...s.stations.map((st) => `  station ${st.name.padEnd(20)} ${st.role.padEnd(8)} last seen ${st.lastSeen}`),
        ...s.leaders.map((l) => `  ${l.job.padEnd(22)} led by ${l.stationName ?? l.stationId}`),
      ].join('\n');

/** `hub status`: what the hub says now; exit code 0 even when it is unreachable, which is a state, not a failure. */
export async function hubStatusCommand(core: Core, secrets: SecretStore, json: boolean): Promise<string> {
  const status = await cliStation(core, secrets).status();
  return json ? JSON.stringify(status) : statusText(status);
}

/** `hub sync --once`: push the outbox, pull everything newer, print the counts. */
export async function hubSyncOnceCommand(core: Core, secrets: SecretStore, once: boolean): Promise<string> {
  if (!once) throw new CommandUsage('hub sync runs once per call here (the app keeps itself in sync): pass --once');
  return JSON.stringify(await cliStation(core, secrets).syncOnce());
}

export async function hubDisconnectCommand(core: Core, secrets: SecretStore): Promise<string> {
  await cliStation(core, secrets).disconnect();
  return JSON.stringify({ connected: false });
}
