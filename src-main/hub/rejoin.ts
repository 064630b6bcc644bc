import type { ClientBase } from 'pg';
import type { Db } from '../db/create-db';
import { markJoined } from './bootstrap';
import type { TableShape } from './replica';
import { pulledChange, pushedSeq } from './replication';
import { readStationValue, STATION_KEYS } from './station';

/** What a station remembers of its hub, and what the hub says of itself now. */
export interface HubMemory {
  /** The id the hub was created with, as this station last saw it (null before it ever did). */
  hubId: string | null;
  /** The change number this station has pulled to, and how far its own log has reached the hub. */
  pulled: number;
  pushed: number;
}

export interface HubNow {
  hubId: string;
  /** The newest change number on the hub. */
  newest: number;
  /** How far the hub says this station's log has reached it (0 when the hub has never heard from it). */
  pushedHere: number;
}

/**
 * Why this station must join its hub again, or null when the hub is the one it knows. A hub dropped and made
 * again, or another database at the same address, has another id; a hub restored from an older backup keeps
 * its id but is behind what this station has already pulled from it or sent to it.
 */
export function rejoinReason(station: HubMemory, hub: HubNow): string | null {
  if (station.hubId !== null && station.hubId !== hub.hubId) return 'the hub was replaced (it is not the database this station joined)';
  if (station.pulled > hub.newest)
    return `the hub is behind this station (its newest change is ${hub.newest}, this station had ${station.pulled}): restored from an older copy`;
  if (station.pushed > hub.pushedHere) return 'the hub lacks changes this station sent it: restored from an older copy';
  return null;
}

/**
 * Checked once per replication connection, before anything is sent or taken: a station whose hub was replaced
 * joins it again rather than diverging from it. It sends everything it holds (rows made at other stations too:
 * it may be the only copy left) and takes everything from the start of the new hub's feed. Idempotent: rows
 * travel under the names they always had, so a row two stations send again is one row on the hub.
 */
export async function rejoinIfReplaced(db: Db, client: ClientBase, shapes: Map<string, TableShape>, stationId: string, now: number): Promise<string | null> {
  const { rows } = await client.query<{ hub_id: string; newest: string; pushed: string | null }>(
    `SELECT (SELECT id FROM hub_identity LIMIT 1) AS hub_id, (SELECT coalesce(max(change_no), 0) FROM rows)::text AS newest,
            (SELECT pushed_seq FROM pushes WHERE station_id = $1)::text AS pushed`,
    [stationId],
  );
  const hub: HubNow = { hubId: rows[0].hub_id, newest: Number(rows[0].newest), pushedHere: Number(rows[0].pushed ?? 0) };
  const reason = db.read(() => rejoinReason({ hubId: readStationValue(db, STATION_KEYS.hub), pulled: pulledChange(db), pushed: pushedSeq(db) }, hub));
  if (reason === null) {
    if (readStationValue(db, STATION_KEYS.hub) !== hub.hubId) db.write(() => putStationValue(db, STATION_KEYS.hub, hub.hubId));
    return null;
  }
  const from = db.write(() => {
    queueEverything(db, shapes);
    // Revisions were the old hub's change numbers: they name nothing on this one.
    db.prepare('DELETE FROM hub_row_seen').run();
    putStationValue(db, STATION_KEYS.pulled, '0');
    markJoined(db, now);
    putStationValue(db, STATION_KEYS.hub, hub.hubId);
    return pushedSeq(db);
  });
  // The hub's record of this station's log is set to where the new queue starts, so none of it is taken for a replay.
  await client.query('INSERT INTO pushes (station_id, pushed_seq) VALUES ($1, $2) ON CONFLICT (station_id) DO UPDATE SET pushed_seq = excluded.pushed_seq', [
    stationId,
    from,
  ]);
  return reason;
}

const putStationValue = (db: Db, key: string, value: string) =>
  db.prepare('INSERT INTO hub_station (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);

/** Every row of every replicated table goes in the outbox once (a row already waiting is not queued twice). */
function queueEverything(db: Db, shapes: Map<string, TableShape>): void {
  const after = pushedSeq(db);
  for (const shape of shapes.values())
    db.prepare(
      `INSERT INTO changes (tbl, row_key, op) SELECT ?, ${shape.keyExpr}, 'insert' FROM "${shape.name}"
       WHERE CAST(${shape.keyExpr} AS TEXT) NOT IN (SELECT row_key FROM changes WHERE tbl = ? AND seq > ?)`,
    ).run(shape.name, shape.name, after);
}
