import type { EventMap, EventName } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Touched } from './replication';

export type CoreEvent = { [E in EventName]: [E, EventMap[E]] }[EventName];

const ids = (keys: readonly string[] | undefined): number[] => (keys ?? []).map(Number).filter(Number.isInteger);

/** Local ids in chunks SQLite binds comfortably (a bootstrap batch can name thousands). */
function selectIn<T>(db: Db, sql: (marks: string) => string, keys: number[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    out.push(...(db.prepare(sql(chunk.map(() => '?').join(', '))).all(...chunk) as T[]));
  }
  return out;
}

/**
 * The core events a pulled batch stands for, as if the writes had been made here: grids and boards refresh,
 * and at the station leading the rules, the rules look at the shipments whose tracking moved. Pulled shipments
 * are announced as tracking news for exactly those ids (not as an import) so the leader re-evaluates them, not
 * every shipment. A scan is announced once per session per batch (the board re-reads the session anyway).
 */
export function pullEvents(db: Db, touched: Touched): CoreEvent[] {
  const events: CoreEvent[] = [];
  const shipments = ids(touched.get('shipments'));
  const eventIds = ids(touched.get('tracking_events'));
  const fromEvents = selectIn<{ shipment_id: number }>(db, (m) => `SELECT DISTINCT shipment_id FROM tracking_events WHERE id IN (${m})`, eventIds);
  const moved = [...new Set([...shipments, ...fromEvents.map((r) => r.shipment_id)])].sort((a, b) => a - b);
  if (shipments.length) events.push(['shipments.changed', { reason: 'hub', count: shipments.length }]);
  if (moved.length) events.push(['tracking.updated', { shipmentIds: moved }]);
  const scans = selectIn<{ id: number; session_id: number; verdict: string; station: string }>(
    db,
    (m) => `SELECT s.id, s.session_id, s.verdict, ss.station FROM scans s JOIN scan_sessions ss ON ss.id = s.session_id WHERE s.id IN (${m}) ORDER BY s.id`,
    ids(touched.get('scans')),
  );
  const newestPerSession = new Map(scans.map((s) => [s.session_id, s]));
  for (const s of newestPerSession.values())
    events.push(['reconcile.scanned', { sessionId: s.session_id, station: s.station, scanId: s.id, verdict: s.verdict }]);
  const exceptions = ids(touched.get('exceptions'));
  if (exceptions.length) events.push(['exceptions.changed', { ids: exceptions }]);
  if (touched.has('returns') || touched.has('pickups')) events.push(['returns.changed', { reason: 'hub' }]);
  return events;
}

/** Emits a pulled batch's events once its transaction has committed. */
export const emitPulled = (db: Db, events: EventBus, touched: Touched): void => {
  for (const [name, payload] of pullEvents(db, touched)) events.emit(name, payload as never);
};
