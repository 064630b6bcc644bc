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
  /** A name was saved for this station (Settings or connect): every audit entry carries it, whatever a window says. */
  stationNamed: boolean;
  /** Rows from the hub this station would not store (failed validation or a constraint); `hub.refused` lists them. */
  refused: number;
}

/** A row from the hub this station refused, and why: the feed went on past it, and a person sees it here. */
export interface HubRefusedRow {
  id: number;
  /** The table it was for, as the hub named it. */
  table: string;
  /** Its hub name: the station that made it (an id; '' for a row named by its content) and that station's key. */
  origin: string;
  key: string;
  changeNo: number | null;
  reason: string;
  /** When this station refused it (ISO). */
  at: string;
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

/** The records a person works on one at a time, whose presence other stations see. */
export const PRESENCE_ENTITIES = ['exception', 'return', 'pickup'] as const;
export type PresenceEntity = (typeof PRESENCE_ENTITIES)[number];

/** Somebody at another station has this record open right now ("Ana has this open at Pack 3"). */
export interface HubPresence {
  entity: PresenceEntity;
  /** This station's own id for the record. */
  id: number;
  operator: string | null;
  station: string;
  /** When the other station last said so (ISO); the record lapses 30 s after it. */
  seenAt: string;
}

/**
 * A change of a shared record that lost a race on the hub: the first accepted change stayed. Read from the
 * audit trail (`hub_conflict_lost` entries replicate), so every station lists every station's conflicts.
 */
export interface HubConflict {
  /** The audit entry. */
  auditId: number;
  entity: string;
  /** The record's id at this station; null when the conflict was another station's (its ids are its own). */
  entityId: number | null;
  /** The station whose change lost, and when it learned so. */
  lostBy: string | null;
  lostAt: string;
  /** The winning change: who made it, at which station, when, and what it did ("resolved"). */
  wonBy: string;
  wonOperator: string | null;
  wonAction: string | null;
  wonAt: string;
  /** The record's state as kept (the winner's) and as this station had tried to leave it. */
  keptState: string | null;
  lostState: string | null;
  /** The parcel the record is about, when it has one this station knows. */
  trackingNumber: string | null;
}

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date and time');

export const hubMethods = {
  'hub.status': defineMethod<HubStatusDetail>()(z.object({}).strict().default({})),
  /** Connects once (migrating the hub and registering this station) and answers; keeps nothing. */
  'hub.test': defineMethod<{ ok: true; hub: string; schemaVersion: number } | { ok: false; error: string }>()(z.object({ address }).strict()),
  'hub.connect': defineMethod<HubConnectResult>()(hubConnectArg),
  'hub.disconnect': defineMethod<{ takesEffect: 'now' | 'restart' }>()(z.object({}).strict().default({})),
  /** This station's name and role, set once: every audit entry made here names it; the hub learns it on the next connection. */
  'hub.setStation': defineMethod<{ id: string; name: string; role: string }>()(
    z.object({ name: z.string().trim().min(1).max(80), role: z.enum(HUB_STATION_ROLES) }).strict(),
  ),
  /** Conflicts since a time (a manager's "today"), newest first; or those of one record at this station. */
  'hub.conflicts': defineMethod<HubConflict[]>()(
    z
      .object({
        since: isoInstant.optional(),
        entity: z.string().min(1).max(40).optional(),
        entityId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict()
      .default({ limit: 200 }),
  ),
  /** Rows from the hub this station refused, newest first (the count is in the summary). */
  'hub.refused': defineMethod<HubRefusedRow[]>()(
    z
      .object({ limit: z.number().int().min(1).max(1000).default(200) })
      .strict()
      .default({ limit: 200 }),
  ),
  /** "I have this open": renewed every 10 s while a person keeps it open, it lapses 30 s after the last renewal. Without a live hub it does nothing. */
  'hub.presence.set': defineMethod<{ shared: boolean }>()(z.object({ entity: z.enum(PRESENCE_ENTITIES), id: z.number().int().positive() }).strict()),
  'hub.presence.clear': defineMethod<{ shared: boolean }>()(z.object({}).strict().default({})),
  /** Who has which record of this kind open at the other stations now; empty without a live hub. */
  'hub.presence.list': defineMethod<HubPresence[]>()(z.object({ entity: z.enum(PRESENCE_ENTITIES) }).strict()),
};
