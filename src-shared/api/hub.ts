import { z } from 'zod';
import { defineMethod } from './define';

export const HUB_TLS_MODES = ['disable', 'require', 'verify-full'] as const;
export const HUB_STATION_ROLES = ['packing', 'returns', 'office'] as const;

/**
 * What the status bar shows, cheap enough to send on every change (`hub.statusChanged`): no hub round trip.
 * The hub's address and password are not in it; the address without its password is in HubStatusDetail.
 */
export interface HubSummary {
  configured: boolean;
  /** True while this console's replication last reached the hub. */
  connected: boolean;
  /** When the hub was last lost, while it still is (ISO); null when connected or never reached. */
  offlineSince: string | null;
  /** Local changes not yet on the hub. */
  outbox: number;
  /** This station's pull cursor and the hub's newest change number, when known. */
  pulled: number;
  hubNewest: number | null;
  /** The last failure in plain words; null after a good round. */
  lastError: string | null;
  /**
   * While this station joins the hub (a snapshot of every row, in batches): rows done of the total and the seconds
   * left at the pace so far (null until known); null once joined. Disconnecting cancels it; rejoining resumes it.
   */
  joining: { done: number; total: number; secondsLeft: number | null } | null;
  station: { id: string; name: string; role: string };
  /** False when a hub was set up here but this running console does not replicate yet (restart needed). */
  live: boolean;
}

/** The panel behind the status bar: the summary plus what the hub itself says (one connection per call). */
export interface HubStatusDetail extends HubSummary {
  /** The hub's address without the password. */
  hub: string | null;
  leaders: { job: string; stationId: string; stationName: string | null }[];
  stations: { id: string; name: string; role: string; lastSeen: string }[];
}

const station = z.object({ name: z.string().trim().min(1).max(80).optional(), role: z.enum(HUB_STATION_ROLES).optional() }).strict();

/** Either a postgres:// URL or its parts; the password travels once, from the window to the core, and is never sent back. */
const address = z.union([
  z.object({ url: z.string().min(1).max(2000) }).strict(),
  z
    .object({
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65_535),
      database: z.string().trim().min(1).max(255),
      user: z.string().trim().min(1).max(255),
      password: z.string().max(1000),
      tls: z.enum(HUB_TLS_MODES),
      caFile: z.string().trim().max(4000).nullable(),
    })
    .strict(),
]);

export const hubConnectArg = z.object({ address, station: station.default({}) }).strict();
export type HubConnectArg = z.input<typeof hubConnectArg>;

export interface HubConnectResult {
  hub: string;
  station: { id: string; name: string; role: string };
  /** 'now' when replication started in this console; 'restart' when it takes effect when Waybill restarts. */
  takesEffect: 'now' | 'restart';
}

export const hubMethods = {
  'hub.status': defineMethod<HubStatusDetail>()(z.object({}).strict().default({})),
  /** Connects once (migrating the hub and registering this station) and answers; keeps nothing. */
  'hub.test': defineMethod<{ ok: true; hub: string; schemaVersion: number } | { ok: false; error: string }>()(z.object({ address }).strict()),
  'hub.connect': defineMethod<HubConnectResult>()(hubConnectArg),
  'hub.disconnect': defineMethod<{ takesEffect: 'now' | 'restart' }>()(z.object({}).strict().default({})),
};
