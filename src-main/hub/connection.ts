import { Client } from 'pg';
import { pgClientConfig, type HubConfig } from './config';

/**
 * How soon a dead peer is noticed, both ways. The server drops a silent station's session (and with it the
 * station's advisory locks) after about idle + interval × count = 5 + 3 × 5 = 20 s; the station's own
 * heartbeat (leadership.ts) gives up sooner, so a cut-off leader stops before another one is chosen.
 */
const SESSION_SETTINGS = ['SET tcp_keepalives_idle = 5', 'SET tcp_keepalives_interval = 5', 'SET tcp_keepalives_count = 3', 'SET tcp_user_timeout = 15000'];

export interface HubClientOptions {
  connectTimeoutMs?: number;
  /** Called once when the connection fails after it was open (network lost, server gone, session killed). */
  onLost?: (error: Error) => void;
}

/** One connection to the hub with the keepalive settings above; an error after connecting is reported, never thrown at the process. */
export async function openHubClient(config: HubConfig, options: HubClientOptions = {}): Promise<Client> {
  const client = new Client({
    ...pgClientConfig(config),
    keepAlive: true,
    keepAliveInitialDelayMillis: 5_000,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  let lost = false;
  const report = (error: Error) => {
    if (lost) return;
    lost = true;
    options.onLost?.(error);
  };
  client.on('error', report);
  client.on('end', () => report(new Error('the hub closed the connection')));
  try {
    await client.connect();
    for (const sql of SESSION_SETTINGS) await client.query(sql);
  } catch (error) {
    lost = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}
