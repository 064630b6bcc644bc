import type { HubSummary } from '../../src-shared/api';
import type { Client } from 'pg';
import type { Db } from '../db/create-db';
import { removeChangeConsumer } from '../db/changes';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, SecretStore } from '../platform/ports';
import { describeHub, forgetHubConfig, hubConfigSchema, parseHubUrl, readHubConfig, saveHubConfig, type HubConfig } from './config';
import { openHubClient } from './connection';
import type { LeaderJob } from './jobs';
import { createLeadership, readLeaders, type JobLeader, type Leadership } from './leadership';
import { tableShapes, type TableShape } from './replica';
import { CHANGES_CHANNEL, HUB_CONSUMER, outboxSize, pulledChange, startOutbox, syncAll } from './replication';
import { plainHubError } from './plain-error';
import { emitPulled } from './pull-events';
import { joinProgress, rebuildDeferredIndexes } from './bootstrap';
import { refusedCount } from './refused';
import { rejoinIfReplaced } from './rejoin';
import { migrateHub } from './schema';
import { registerStation, STATION_ROLES, STATION_KEYS, stationIdentity, writeStationValue, type StationIdentity, type StationRole } from './station';

export interface HubStationOptions {
  db: Db;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  /** Where a running station announces pulled rows (screens refresh, the rules' leader re-evaluates); none in the CLI. */
  events?: EventBus;
  /** The tables the core's capabilities declare replicated: what this station sends and receives. */
  replicated: readonly string[];
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
  leaders: JobLeader[];
  stations: { id: string; name: string; role: string; lastSeen: string }[];
  /** Local changes not yet on the hub. */
  outbox: number;
  /** Changes on the hub this station has not pulled yet (null when the hub cannot be reached). */
  cursorLag: number | null;
  /** Rows from the hub this station refused (listed in the hub panel). */
  refused: number;
  lastError: string | null;
}

/** The cheap status of a running station: the contract's HubSummary, less what the capability adds. */
export type ReplicationSummary = Omit<HubSummary, 'live' | 'station' | 'stationNamed'> & { station: StationIdentity };

export interface SyncResult {
  pushed: number;
  /** Changes of this station that lost to an earlier one on the hub (kept in both audit trails). */
  conflicts: number;
  pulled: number;
  applied: number;
  skipped: number;
  /** Why this station joined its hub again on this sync (the hub it knew was replaced); absent when it did not. */
  rejoined?: string;
}

/** The application_name a station's sessions carry, so the hub can tell whose lock is whose. */
const sessionName = (stationId: string) => `waybill ${stationId}`;

/**
 * This station's side of the hub: its identity, the connection settings (kept in the SecretStore), the
 * hub's schema, and leadership of the jobs. With no hub configured the station is alone and leads every job.
 */
export function createHubStation(options: HubStationOptions) {
  const { db, secrets, clock, logger } = options;
  let config: HubConfig | null | undefined;
  let leadership: Leadership | null = null;
  let lastError: string | null = null;
  let shapes: Map<string, TableShape> | null = null;
  // The replication connection as the status bar tells it: null before its first round.
  const link: { connected: boolean | null; offlineSince: number | null; hubNewest: number | null } = { connected: null, offlineSince: null, hubNewest: null };
  const lose = (error: Error) => {
    lastError = plainHubError(error);
    if (link.connected !== false) link.offlineSince = clock.now();
    link.connected = false;
  };
  const tables = () => (shapes ??= tableShapes(db, options.replicated));

  const identity = () => stationIdentity(db, clock.now());

  const rejoinOnce = async (client: Client, stationId: string): Promise<string | null> => {
    const reason = await rejoinIfReplaced(db, client, tables(), stationId, clock.now());
    if (reason) logger.warn(`joining the hub again: ${reason}; this station sends everything it holds and takes the hub's feed from its start`);
    return reason;
  };

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

    /** Who leads a job as of the last leadership round (null: nobody, or the hub out of reach). */
    leaderOf: (job: LeaderJob): JobLeader | null => leadership?.leaderOf(job) ?? null,

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
    async connect(
      address: string | HubConfig,
      station: { name?: string; role?: string } = {},
    ): Promise<{ hub: string; station: StationIdentity; schemaVersion: number }> {
      const hub = typeof address === 'string' ? parseHubUrl(address) : hubConfigSchema.parse(address);
      if (station.role !== undefined && !STATION_ROLES.includes(station.role as StationRole))
        throw new Error(`--role must be one of ${STATION_ROLES.join(', ')}`);
      const current = identity();
      const named: StationIdentity = {
        ...current,
        name: station.name?.trim() || current.name,
        role: (station.role as StationRole | undefined) ?? current.role,
      };
      const client = await open(hub, undefined, named);
      try {
        const { rows } = await client.query<{ v: number }>('SELECT max(version) AS v FROM hub_schema');
        // Kept only once the hub has answered: a failed connect changes nothing here.
        await saveHubConfig(secrets, hub);
        startOutbox(db);
        writeStationValue(db, STATION_KEYS.name, named.name);
        writeStationValue(db, STATION_KEYS.role, named.role);
        return { hub: describeHub(hub), station: named, schemaVersion: rows[0].v };
      } finally {
        await client.end();
      }
    },

    /** Connects once as this station would (migrating the hub and registering the station) and keeps nothing. */
    async test(address: string | HubConfig): Promise<{ hub: string; schemaVersion: number }> {
      const hub = typeof address === 'string' ? parseHubUrl(address) : hubConfigSchema.parse(address);
      const client = await open(hub);
      try {
        const { rows } = await client.query<{ v: number }>('SELECT max(version) AS v FROM hub_schema');
        return { hub: describeHub(hub), schemaVersion: rows[0].v };
      } finally {
        await client.end();
      }
    },

    /** What the status bar shows, from this station's own state: no hub round trip. */
    summary(): ReplicationSummary {
      return {
        configured: Boolean(config),
        connected: link.connected === true,
        offlineSince: link.offlineSince === null ? null : new Date(link.offlineSince).toISOString(),
        outbox: config ? outboxSize(db) : 0,
        pulled: pulledChange(db),
        hubNewest: link.hubNewest,
        lastError: link.connected === true ? null : (lastError ?? leadership?.lastError() ?? null),
        joining: config ? joinProgress(db, clock.now()) : null,
        refused: refusedCount(db),
        station: identity(),
      };
    },

    async disconnect(): Promise<void> {
      await leadership?.stop();
      leadership = null;
      await forgetHubConfig(secrets);
      // Without a reader the change log is pruned again; rejoining starts from what is then in the store.
      removeChangeConsumer(db, HUB_CONSUMER);
      // A join cancelled here leaves this station working alone: its screens get their indexes back now.
      await rebuildDeferredIndexes(db);
      config = null;
    },

    /** What the hub says now, from a connection of its own; an unreachable hub is a status, not an error. */
    async status(): Promise<HubStatus> {
      const hub = config ?? (await readHubConfig(secrets));
      const station = identity();
      const base: HubStatus = {
        configured: hub !== null,
        connected: false,
        hub: hub && describeHub(hub),
        station,
        schemaVersion: null,
        leaders: [],
        stations: [],
        outbox: hub ? outboxSize(db) : 0,
        cursorLag: null,
        refused: refusedCount(db),
        lastError: leadership?.lastError() ?? lastError,
      };
      if (!hub) return base;
      let client: Client;
      try {
        client = await open(hub);
      } catch (error) {
        lastError = plainHubError(error);
        return { ...base, lastError };
      }
      try {
        const version = await client.query<{ v: number }>('SELECT max(version) AS v FROM hub_schema');
        const stations = await client.query<{ id: string; name: string; role: string; last_seen: Date }>(
          'SELECT id, name, role, last_seen FROM stations ORDER BY name, id',
        );
        const leaders = await readLeaders(client);
        const newest = await client.query<{ n: string | null }>('SELECT max(change_no) AS n FROM rows');
        return {
          ...base,
          connected: true,
          schemaVersion: version.rows[0].v,
          leaders,
          cursorLag: Math.max(0, Number(newest.rows[0].n ?? 0) - pulledChange(db)),
          stations: stations.rows.map((s) => ({ id: s.id, name: s.name, role: s.role, lastSeen: s.last_seen.toISOString() })),
          lastError: leadership?.lastError() ?? null,
        };
      } finally {
        await client.end();
      }
    },

    /** Pushes the outbox and pulls everything newer, on a connection of its own: `hub sync --once`. */
    async syncOnce(): Promise<SyncResult> {
      const hub = config ?? (await readHubConfig(secrets));
      if (!hub) throw new Error('no hub is configured: run hub connect first');
      const client = await open(hub);
      try {
        const station = identity();
        const rejoined = await rejoinOnce(client, station.id);
        const result = await syncAll(db, client, tables(), station, clock.now);
        lastError = null;
        return rejoined ? { ...result, rejoined } : result;
      } catch (error) {
        lastError = (error as Error).message;
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },

    /**
     * Keeps this station converged while it runs: pushes as soon as it is told of a local write (`pushSoon`) and
     * in any case every `pushCheckMs` while the outbox is not empty, pulls at once when another station's push
     * NOTIFYs, and every `slowPollMs` in case a notification was lost. A lost hub is retried on the slow poll;
     * nothing local waits for it.
     */
    startReplication(timing: ReplicationTiming = { pushCheckMs: 1_000, slowPollMs: 30_000 }): Replication {
      const hub = config;
      if (!hub) return { pushSoon: () => undefined, stop: async () => undefined };
      let client: Client | null = null;
      let running: Promise<void> | null = null;
      let again = false;
      let stopped = false;
      const station = identity();
      const round = async () => {
        if (!client) {
          // Lost while still opening, the round's own queries fail and say so: only a connection in use is dropped here.
          let opened: Client | undefined = undefined;
          opened = await open(hub, (error) => {
            if (opened === undefined || client !== opened) return;
            client = null;
            lose(error);
          });
          opened.on('notification', () => void kick());
          try {
            await opened.query(`LISTEN ${CHANGES_CHANNEL}`);
            // A hub that came back may not be the one this station left (rebuilt, restored): asked once per connection.
            await rejoinOnce(opened, station.id);
          } catch (error) {
            // Not yet this round's connection: nobody else would close it.
            await opened.end().catch(() => undefined);
            throw error;
          }
          if (stopped) return void (await opened.end());
          client = opened;
        }
        // The newest change first, so a long pull shows how far it has to go while it runs.
        const newest = await client.query<{ n: string | null }>('SELECT max(change_no) AS n FROM rows');
        link.hubNewest = Number(newest.rows[0].n ?? 0);
        link.connected = true;
        link.offlineSince = null;
        const events = options.events;
        await syncAll(db, client, tables(), station, clock.now, events && ((touched) => emitPulled(db, events, touched)), () => stopped);
      };
      const kick = (): Promise<void> => {
        if (running) {
          again = true;
          return running;
        }
        running = round()
          .then(() => void (lastError = null))
          .catch((error: Error) => {
            lose(error);
            const lost = client;
            client = null;
            void lost?.end().catch(() => undefined);
          })
          .finally(() => {
            running = null;
            if (again && !stopped) {
              again = false;
              void kick();
            }
          });
        return running;
      };
      const timers = [setInterval(() => void (outboxSize(db) > 0 && kick()), timing.pushCheckMs), setInterval(() => void kick(), timing.slowPollMs)];
      timers.forEach((t) => t.unref());
      void kick();
      let soon: NodeJS.Immediate | null = null;
      return {
        // Deferred: a caller inside a db.write must not have its uncommitted rows read and sent; a burst of writes is one check.
        pushSoon: () => {
          soon ??= setImmediate(() => {
            soon = null;
            if (!stopped && outboxSize(db) > 0) void kick();
          });
        },
        stop: async () => {
          stopped = true;
          timers.forEach((t) => clearInterval(t));
          if (soon) clearImmediate(soon);
          await running;
          await client?.end().catch(() => undefined);
          client = null;
        },
      };
    },

    /** A connection of its own as this station (presence); refused while no hub is configured. */
    openSession: (): Promise<Client> => (config ? open(config) : Promise.reject(new Error('no hub is configured'))),

    /** One leadership round now (tests and `hub status` in a running station). */
    contend: () => leadership?.contend() ?? Promise.resolve(),

    async stop(): Promise<void> {
      await leadership?.stop();
      leadership = null;
    },
  };
}

export type HubStation = ReturnType<typeof createHubStation>;

export interface ReplicationTiming {
  pushCheckMs: number;
  slowPollMs: number;
}

export interface Replication {
  /** A local write just committed: push it now rather than on the next outbox check. */
  pushSoon(): void;
  stop(): Promise<void>;
}
