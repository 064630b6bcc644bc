import type { Client } from 'pg';
import type { HubPresence, PresenceEntity } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import type { Logger } from '../platform/ports';

/** A presence record lapses this long after its last renewal; the window renews every PRESENCE_RENEW_MS while the record is open. */
export const PRESENCE_TTL_S = 30;

const TABLE_OF: Record<PresenceEntity, string> = { exception: 'exceptions', return: 'returns', pickup: 'pickups' };

/** The hub's name of one of this station's records: its creator's name when it came from elsewhere. */
function hubNameOf(db: Db, table: string, localId: number, stationId: string): [origin: string, key: string] {
  const mapped = db.prepare('SELECT origin_station AS o, origin_key AS k FROM hub_row_origins WHERE tbl = ? AND local_key = ?').get(table, String(localId)) as
    { o: string; k: string } | undefined;
  return mapped ? [mapped.o, mapped.k] : [stationId, String(localId)];
}

/** This station's id for a hub-named record, or null when it does not have the record (yet). */
function localIdOf(db: Db, table: string, origin: string, key: string, stationId: string): number | null {
  if (origin === stationId) return Number(key);
  const mapped = db.prepare('SELECT local_key AS k FROM hub_row_origins WHERE tbl = ? AND origin_station = ? AND origin_key = ?').get(table, origin, key) as
    { k: string } | undefined;
  return mapped ? Number(mapped.k) : null;
}

/**
 * Who has which record open, through the hub's `presence` table: one row per person per station, upserted
 * with `expires_at = now() + 30 s` each time the window renews it, deleted when the person moves on, and
 * ignored once expired (a crashed or cut-off station's row simply lapses; rows an hour stale are swept on
 * the next write). Times are the hub's own clock, so stations' clocks need not agree. One connection, opened
 * on first use and again after a failure; with the hub down, presence is not shared and nothing waits.
 */
export function createPresence(deps: { db: Db; stationId: () => string; open: () => Promise<Client>; logger: Logger }) {
  let client: Promise<Client> | null = null;
  // Said once when sharing stops, not on every renewal while the hub stays out of reach.
  let failing = false;
  const session = () => {
    client ??= deps.open().then((c) => {
      c.on('error', () => void (client = null));
      c.on('end', () => void (client = null));
      return c;
    });
    return client;
  };
  const run = async <T>(fn: (c: Client) => Promise<T>, fallback: T): Promise<T> => {
    try {
      const result = await fn(await session());
      failing = false;
      return result;
    } catch (error) {
      if (!failing) deps.logger.warn('hub presence not shared', (error as Error).message);
      failing = true;
      const lost = client;
      client = null;
      void lost?.then((c) => c.end()).catch(() => undefined);
      return fallback;
    }
  };
  return {
    set: (entity: PresenceEntity, id: number, operator: string | null): Promise<boolean> =>
      run(async (c) => {
        const me = deps.stationId();
        const [origin, key] = hubNameOf(deps.db, TABLE_OF[entity], id, me);
        await c.query(
          `WITH swept AS (DELETE FROM presence WHERE expires_at < now() - interval '1 hour')
           INSERT INTO presence (station_id, operator, entity, origin, key, expires_at) VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
           ON CONFLICT (station_id, operator) DO UPDATE SET entity = excluded.entity, origin = excluded.origin, key = excluded.key, expires_at = excluded.expires_at`,
          [me, operator ?? '', entity, origin, key, PRESENCE_TTL_S],
        );
        return true;
      }, false),
    clear: (operator: string | null): Promise<boolean> =>
      run(async (c) => {
        await c.query('DELETE FROM presence WHERE station_id = $1 AND operator = $2', [deps.stationId(), operator ?? '']);
        return true;
      }, false),
    list: (entity: PresenceEntity): Promise<HubPresence[]> =>
      run(async (c) => {
        const me = deps.stationId();
        const { rows } = await c.query<{ operator: string; origin: string; key: string; name: string; seen: Date }>(
          `SELECT p.operator, p.origin, p.key, s.name, p.expires_at - make_interval(secs => $3) AS seen
           FROM presence p JOIN stations s ON s.id = p.station_id
           WHERE p.entity = $1 AND p.station_id <> $2 AND p.expires_at > now() ORDER BY p.expires_at DESC`,
          [entity, me, PRESENCE_TTL_S],
        );
        return rows.flatMap((r) => {
          const id = localIdOf(deps.db, TABLE_OF[entity], r.origin, r.key, me);
          return id === null ? [] : [{ entity, id, operator: r.operator || null, station: r.name, seenAt: r.seen.toISOString() }];
        });
      }, []),
    async close(): Promise<void> {
      const open = client;
      client = null;
      await open?.then((c) => c.end()).catch(() => undefined);
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
