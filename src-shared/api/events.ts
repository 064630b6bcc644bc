import type { HubSummary } from './hub';
import type { ExportFinished, ExportProgress } from './reports';
import type { SyncProgress } from './sync';

/** Events the core pushes to every window: `domain.pastTense`. */
export interface EventMap {
  /** `hub`: rows another station wrote arrived from the hub. */
  'shipments.changed': { reason: 'demo' | 'sync' | 'tracking' | 'hub'; count: number };
  'system.statusChanged': { online: boolean };
  /** Carrier events were ingested for these shipments; rules re-evaluate them and grids refresh them. */
  'tracking.updated': { shipmentIds: number[] };
  /** A carrier account's health moved (auth failed, rate limited, recovered...). */
  'carriers.healthChanged': { carrier: string; state: string; message: string | null };
  /** A scan was stored with its verdict; other screens (the board) refresh. */
  'reconcile.scanned': { sessionId: number; station: string; scanId: number; verdict: string };
  /** Exception items changed state (rules or staff); queues re-read these rows. */
  'exceptions.changed': { ids: number[] };
  /** A sync or import run moved on (counts, bytes or rows done) or ended. */
  'sync.progressed': SyncProgress;
  /** A running export wrote more rows. */
  'exports.progressed': ExportProgress;
  /** An export ended: done (the file can be downloaded), cancelled or failed. */
  'exports.finished': ExportFinished;
  /** Returns or pickups changed (import, tracking, the dock, the clock); returns views re-read. */
  'returns.changed': { reason: 'import' | 'tracking' | 'dock' | 'pickup' | 'clock' | 'hub' };
  /** The hub's connection, outbox or catch-up moved (the status bar). */
  'hub.statusChanged': HubSummary;
}
export type EventName = keyof EventMap;

/** Every event once, keyed by EventMap: the compiler refuses a list that misses one, so browser mode streams them all. */
const STREAMED: Record<EventName, true> = {
  'shipments.changed': true,
  'system.statusChanged': true,
  'tracking.updated': true,
  'carriers.healthChanged': true,
  'reconcile.scanned': true,
  'exceptions.changed': true,
  'sync.progressed': true,
  'exports.progressed': true,
  'exports.finished': true,
  'returns.changed': true,
  'hub.statusChanged': true,
};
export const EVENT_NAMES = Object.keys(STREAMED) as readonly EventName[];
