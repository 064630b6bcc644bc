import type { Client } from 'pg';
import type { Db } from '../db/create-db';
import { writeSetting } from '../db/settings';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { describeHub, forgetHubConfig, parseHubUrl, readHubConfig, saveHubConfig, type HubConfig } from './config';
import { openHubClient } from './connection';
import { ALL_JOBS, type LeaderJob } from './jobs';
import { advisoryKey } from './keys';
import { createLeadership, type Leadership } from './leadership';
import { migrateHub } from './schema';
import { registerStation, STATION_ROLES, STATION_SETTING_KEYS, stationIdentity, type StationIdentity, type StationRole } from './station';

export interface HubStationOptions {
  db: Db;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  /** The jobs this station could lead now (facts.ts reads them from the core). */
  eligible: () => Promise<readonly LeaderJob[]>;
  /** Leadership round interval: a free job is taken within about this long (default 5 s, see connection.ts). */
  retryMs?: number;
  heartbeatTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface HubStatus {
  configured: boolean;
  connected: boolean;
  /** The hub's address without the password. */
  hub: string | null;
  station: StationIdentity;
  schemaVersion: number | null;
  /** Which station leads each job right now, as the hub's locks say; jobs nobody leads are left out. */
  leaders: { job: LeaderJob; stationId: string; stationName: string | null }[];
  stations: { id: string; name: string; role: string; lastSeen: string }[];
  lastError: string | null;
}

/** The application_name a station's sessions carry, so the hub can tell whose lock is whose. */
const sessionName = (stationId: string) => `waybill ${stationId}`;

const KEY_TO_JOB = new Map(ALL_JOBS.map((job) => [advisoryKey(job), job]));

/**
 * This station's side of the hub: its identity, the connection settings (kept in the SecretStore), the
 * hub's schema, and leadership of the jobs. With no hub configured the station is alone and leads every job.
 */
export function createHubStation(options: HubStationOptions) {
  const { db, secrets, clock, logger } = options;
  let config: HubConfig | null | undefined;
  let leadership: Leadership | null = null;
  let lastError: string | null = null;

  const identity = () => stationIdentity(db, clock.now());

  const open = async (hub: HubConfig, onLost?: (error: Error) => void, station: StationIdentity = identity()): Promise<Client> => {
    const client = await openHubClient(hub, { onLost, connectTimeoutMs: options.connectTimeoutMs });
    try {
      await client.query('SELECT set_config($1, $2, false)', ['application_name', sessionName(station.id)]);
      await migrateHub(client, undefined, station.id);
      await registerStation(client, station);
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };

  const startLeadership = (hub: HubConfig) => {
    leadership = createLeadership({
      connect: (onLost) => open(hub, onLost),
      eligible: options.eligible,
      retryMs: options.retryMs ?? 5_000,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 4_000,
      logger,
    });
    leadership.start();
  };

  return {
    identity,

    /** Alone, a station leads everything; on a hub only what it holds; before its settings are read, nothing. */
    isLeader(job: LeaderJob): boolean {
      if (config === null) return true;
      return leadership?.isLeader(job) ?? false;
    },

    /** Reads the settings and, with a hub configured, starts contending for jobs; resolves true when a hub is configured. */
    async start(): Promise<boolean> {
      config = await readHubConfig(secrets);
      if (config) startLeadership(config);
      return config !== null;
    },

    /**
     * Checks the address by connecting (migrating the hub and registering this station), then keeps it. Name
     * and role, when given, are this station's as the other stations will see them.
     */
    async connect(url: string, station: { name?: string; role?: string } = {}): Promise<{ hub: string; station: StationIdentity; schemaVersion: number }> {
      const hub = parseHubUrl(url);
      if (station.role !== undefined && !STATION_ROLES.includes(station.role as StationRole)) throw new Error(`--role must be one of ${STATION_ROLES.join(', ')}`);
      const current = identity();
      const named: StationIdentity = { ...current, name: station.name?.trim() || current.name, role: (station.role as StationRole | undefined) ?? current.role };
      const client = await open(hub, undefined, named);
      try {
        const { rows } = await client.query<{ v: number }>('SELECT max(version) AS v FROM hub_schema');
        // Kept only once the hub has answered: a failed connect changes nothing here.
        await saveHubConfig(secrets, hub);
        writeSetting(db, STATION_SETTING_KEYS.name, named.name);
        writeSetting(db, STATION_SETTING_KEYS.role, named.role);
        return { hub: describeHub(hub), station: named, schemaVersion: rows[0].v };
      } finally {
        await client.end();
      }
    },

    async disconnect(): Promise<void> {
      await leadership?.stop();
      leadership = null;
      await forgetHubConfig(secrets);
      config = null;
    },

    /** What the hub says now, from a connection of its own; an unreachable hub is a status, not an error. */
    async status(): Promise<HubStatus> {
      const hub = config ?? (await readHubConfig(secrets));
      const station = identity();
      const base: HubStatus = { configured: hub !== null, connected: false, hub: hub && describeHub(hub), station, schemaVersion: null, leaders: [], stations: [], lastError: leadership?.lastError() ?? lastError };
      if (!hub) return base;
      let client: Client;
      try {
        client = await open(hub);
      } catch (error) {
        lastError = (error as Error).message;
        return { ...base, lastError };
      }
      try {
        const version = await client.query<{ v: number }>('SELECT max(version) AS v FROM hub_schema');
        const stations = await client.query<{ id: string; name: string; role: string; last_seen: Date }>('SELECT id, name, role, last_seen FROM stations ORDER BY name, id');
        // An advisory lock on a bigint shows in pg_locks as its high half (classid) and low half (objid).
        const locks = await client.query<{ key: string; application_name: string }>(
          `SELECT ((l.classid::bigint << 32) | l.objid::bigint)::text AS key, a.application_name
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        const names = new Map(stations.rows.map((s) => [s.id, s.name]));
        const leaders = locks.rows
          .map((l) => ({ job: KEY_TO_JOB.get(l.key), stationId: l.application_name.replace(/^waybill /, '') }))
          .filter((l): l is { job: LeaderJob; stationId: string } => l.job !== undefined)
          .map((l) => ({ ...l, stationName: names.get(l.stationId) ?? null }))
          .sort((a, b) => a.job.localeCompare(b.job));
        return {
          ...base,
          connected: true,
          schemaVersion: version.rows[0].v,
          leaders,
          stations: stations.rows.map((s) => ({ id: s.id, name: s.name, role: s.role, lastSeen: s.last_seen.toISOString() })),
          lastError: leadership?.lastError() ?? null,
        };
      } finally {
        await client.end();
      }
    },

    /** One leadership round now (tests and `hub status` in a running station). */
    contend: () => leadership?.contend() ?? Promise.resolve(),

    async stop(): Promise<void> {
      await leadership?.stop();
      leadership = null;
    },
  };
}

export type HubStation = ReturnType<typeof createHubStation>;
