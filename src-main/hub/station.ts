import { hostname } from 'node:os';
import type { ClientBase } from 'pg';
import type { Db } from '../db/create-db';
import { readSetting } from '../db/settings';
import { uuidv7 } from './keys';

export const STATION_ROLES = ['packing', 'returns', 'office'] as const;
export type StationRole = (typeof STATION_ROLES)[number];

export interface StationIdentity {
  id: string;
  name: string;
  role: StationRole;
}

/** Local settings that describe this station; they belong to this store and are never sent to the hub as settings. */
export const STATION_SETTING_KEYS = { id: 'station.id', name: 'station.name', role: 'station.role' } as const;

/**
 * Who this station is: its id is made once, on first start, and kept in the store, so it survives restarts and
 * reinstalls that keep the data folder. Two processes opening a new store at once agree: the first insert wins.
 */
export function stationIdentity(db: Db, now: number, defaultName: string = hostname()): StationIdentity {
  db.write(() => {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(STATION_SETTING_KEYS.id, uuidv7(now));
  });
  const role = readSetting(db, STATION_SETTING_KEYS.role);
  return {
    id: readSetting(db, STATION_SETTING_KEYS.id) as string,
    name: readSetting(db, STATION_SETTING_KEYS.name) ?? defaultName,
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
