import { hostname } from 'node:os';
import type { ClientBase } from 'pg';
import type { Db } from '../db/create-db';
import { uuidv7 } from './keys';

export const STATION_ROLES = ['packing', 'returns', 'office'] as const;
export type StationRole = (typeof STATION_ROLES)[number];

export interface StationIdentity {
  id: string;
  name: string;
  role: StationRole;
}

/** Keys of the local hub_station table (migration 010), which is never replicated. */
export const STATION_KEYS = { id: 'station.id', name: 'station.name', role: 'station.role', pulled: 'pulled.change', hub: 'hub.id' } as const;

export const readStationValue = (db: Db, key: string): string | null =>
  (db.prepare('SELECT value FROM hub_station WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;

/** Call inside the write it belongs to (a pull's cursor moves with the rows it applied). */
export const writeStationValue = (db: Db, key: string, value: string): void =>
  db.write(() => void db.prepare('INSERT INTO hub_station (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value));

/**
 * Who this station is: its id is made once, on first start, and kept in the store (hub_station, never replicated), so it survives restarts and
 * reinstalls that keep the data folder. Two processes opening a new store at once agree: the first insert wins.
 */
export function stationIdentity(db: Db, now: number, defaultName: string = hostname()): StationIdentity {
  db.write(() => {
    db.prepare('INSERT INTO hub_station (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(STATION_KEYS.id, uuidv7(now));
  });
  const role = readStationValue(db, STATION_KEYS.role);
  return {
    id: readStationValue(db, STATION_KEYS.id) as string,
    name: readStationValue(db, STATION_KEYS.name) ?? defaultName,
    role: STATION_ROLES.includes(role as StationRole) ? (role as StationRole) : 'packing',
  };
}

/** The hub's list of stations: who has connected, under which name and role, and when it was last seen. */
export async function registerStation(client: ClientBase, station: StationIdentity): Promise<void> {
  await client.query(
    `INSERT INTO stations (id, name, role) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, last_seen = now()`,
    [station.id, station.name, station.role],
  );
}
