import { ApiError, type HubStatusDetail, type HubSummary } from '../../src-shared/api';
import type { CoreContext } from '../dispatch/capability';
import type { HandlersFor } from '../dispatch/handlers';
import { hubConfigSchema, parseHubUrl, readHubConfig, type HubConfig } from './config';
import { listConflicts } from './conflicts';
import { plainHubError } from './plain-error';
import { listRefused } from './refused';
import { createPresence, type Presence } from './presence';
import { createHubStation, type HubStation } from './service';
import { readStationValue, STATION_KEYS, writeStationValue } from './station';

/** A station replicating in this running console (startStationOnHub), and how to stop it. */
export interface LiveStation {
  station: HubStation;
  stop(): Promise<void>;
}

/** What the hub capability offers the rest of src-main: the running console hands it its live station. */
export interface HubConsole {
  /** From now on status answers from this station and `hub.statusChanged` follows it; returns the detach. */
  attach(live: LiveStation, pollMs?: number): () => void;
}

type Address = { url: string } | HubConfig;

/** A URL or the form's fields, as the station keeps them; a malformed address is the person's to fix. */
function toConfig(address: Address): HubConfig {
  try {
    return 'url' in address ? parseHubUrl(address.url) : hubConfigSchema.parse({ ...address, caFile: address.caFile || null });
  } catch (error) {
    throw new ApiError('invalid_argument', (error as Error).message);
  }
}

/**
 * The hub as the windows see it. Before a live station is attached (no hub, the CLI, tests) a station of its
 * own answers: status, test, connect and disconnect use neither the replicated tables nor leadership.
 */
/** Status ticks between two sayings of an unchanged status. */
const RESEND_EVERY_TICKS = 5;

export function createHubConsole(ctx: CoreContext): { handlers: HandlersFor<'hub'>; service: HubConsole } {
  const idle = createHubStation({ db: ctx.db, secrets: ctx.secrets, clock: ctx.clock, logger: ctx.logger, replicated: [], eligible: async () => [] });
  let live: LiveStation | null = null;
  // Who has what open is shared only while this console replicates: the live station's hub, its own connection.
  let presence: Presence | null = null;

  const summary = async (): Promise<HubSummary> => {
    const stationNamed = readStationValue(ctx.db, STATION_KEYS.name) !== null;
    if (live) return { ...live.station.summary(), live: true, stationNamed };
    // Not replicating here: "connected" would claim what this console does not do, so it says configured only.
    return { ...idle.summary(), configured: (await readHubConfig(ctx.secrets)) !== null, live: false, stationNamed };
  };

  const emit = async () => ctx.events.emit('hub.statusChanged', await summary());

  const handlers: HandlersFor<'hub'> = {
    'hub.status': async (): Promise<HubStatusDetail> => {
      const station = live?.station ?? idle;
      const [detail, now] = await Promise.all([station.status(), summary()]);
      return {
        ...now,
        configured: detail.configured,
        // Before its first round, the live link has no word yet: the fresh connection's answer stands in.
        connected: live ? now.connected || (now.offlineSince === null && detail.connected) : false,
        lastError: now.lastError ?? detail.lastError,
        hub: detail.hub,
        leaders: detail.leaders,
        stations: detail.stations,
      };
    },
    'hub.test': async ({ address }) => {
      const config = toConfig(address);
      try {
        return { ok: true, ...(await idle.test(config)) };
      } catch (error) {
        return { ok: false, error: plainHubError(error) };
      }
    },
    'hub.connect': async ({ address, station }) => {
      const config = toConfig(address);
      let connected;
      try {
        connected = await idle.connect(config, station);
      } catch (error) {
        throw new ApiError('unavailable', plainHubError(error));
      }
      void emit();
      // Replication and leadership are set up when the console starts (the core's own timers must be off).
      return { hub: connected.hub, station: connected.station, takesEffect: 'restart' };
    },
    'hub.disconnect': async () => {
      const was = live;
      live = null;
      await was?.stop();
      await idle.disconnect();
      void emit();
      // The core's own job timers were off while on a hub; they start again with the next start.
      return { takesEffect: was ? 'restart' : 'now' };
    },
    'hub.setStation': ({ name, role }) => {
      writeStationValue(ctx.db, STATION_KEYS.name, name);
      writeStationValue(ctx.db, STATION_KEYS.role, role);
      void emit();
      // The hub's list of stations takes the new name on this station's next connection (every round registers it).
      return idle.identity();
    },
    'hub.conflicts': (q) => listConflicts(ctx.db, idle.identity(), q),
    'hub.refused': ({ limit }) => listRefused(ctx.db, limit),
    'hub.presence.set': async ({ entity, id }, call) => ({ shared: (await presence?.set(entity, id, call.operator?.trim() || null)) ?? false }),
    'hub.presence.clear': async (_arg, call) => ({ shared: (await presence?.clear(call.operator?.trim() || null)) ?? false }),
    'hub.presence.list': async ({ entity }) => (await presence?.list(entity)) ?? [],
  };

  return {
    handlers,
    service: {
      attach(station, pollMs = 1_000) {
        live = station;
        const stationId = station.station.identity().id;
        const own = createPresence({ db: ctx.db, stationId: () => stationId, open: () => station.station.openSession(), logger: ctx.logger });
        presence = own;
        let last = '';
        let unchanged = 0;
        // Outbox, cursor and link are all local reads: once a second is cheap, and a scan shows within it.
        const timer = setInterval(() => {
          if (live !== station) return;
          void summary().then((now) => {
            const text = JSON.stringify(now);
            // Said again now and then even when unchanged: a window that subscribed after the last change catches up.
            if (text !== last || ++unchanged >= RESEND_EVERY_TICKS) {
              ctx.events.emit('hub.statusChanged', now);
              unchanged = 0;
            }
            last = text;
          });
        }, pollMs);
        timer.unref();
        return () => {
          clearInterval(timer);
          if (live === station) live = null;
          if (presence === own) presence = null;
          void own.close();
        };
      },
    },
  };
}
