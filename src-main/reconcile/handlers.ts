import { ApiError } from '../../src-shared/api/envelope';
import type { Db } from '../db/create-db';
import { createSortedViews } from '../db/sorted-views';
import type { EventBus } from '../dispatch/events';
import type { CallContext, HandlersFor } from '../dispatch/handlers';
import type { Clock } from '../platform/ports';
import { boardCounts, bucketPage } from './board';
import { buildManifest, manifestCsv } from './manifest';
import { createScanRecorder, type ScanRecorder } from './recorder';
import { addNote, closeSession, findSession, listOpenSessions, openSession, sessionDetail, undoLastScan, type Actor } from './sessions';
import { getStationSettings, setStationSettings } from './station-settings';

export interface ReconcileDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
}

export interface ReconcileService {
  handlers: HandlersFor<'reconcile'>;
  /** Parse + persist + verdict for one scan, for other desks (returns receiving) that open their own sessions. */
  recorder: ScanRecorder;
}

const actor = (ctx: CallContext): Actor => ({ operator: ctx.operator, station: ctx.station });

export function createReconcileService({ db, clock, events }: ReconcileDeps): ReconcileService {
  const recorder = createScanRecorder(db, clock);
  const buckets = createSortedViews(db.raw, { now: () => clock.now() });
  const now = () => new Date(clock.now()).toISOString();

  const handlers: HandlersFor<'reconcile'> = {
    'reconcile.openSession': (arg, ctx) => openSession(db, arg, now(), actor(ctx)),
    'reconcile.closeSession': (arg, ctx) => {
      const session = closeSession(db, arg.sessionId, now(), actor(ctx));
      return { session, manifest: session.purpose === 'carrier_handoff' ? buildManifest(db, session, now()) : null };
    },
    'reconcile.scan': (arg, ctx) => {
      const { sessionId, station, ...result } = recorder.recordScan({ ...arg, ...actor(ctx) });
      events.emit('reconcile.scanned', { sessionId, station, scanId: result.scanId, verdict: result.verdict });
      return result;
    },
    'reconcile.undoLast': (arg, ctx) => undoLastScan(db, arg.sessionId, now(), actor(ctx)),
    'reconcile.note': (arg) => addNote(db, arg.sessionId, arg.scanId, arg.text),
    'reconcile.session': (arg) => sessionDetail(db, arg.sessionId, arg.limit),
    'reconcile.sessions': (arg) => listOpenSessions(db, arg.station),
    'reconcile.board': (arg) => boardCounts(db, arg, clock.now()),
    'reconcile.bucket': ({ bucket, startRow, endRow, ...query }) => bucketPage(db, buckets, bucket, query, startRow, endRow, clock.now()),
    'reconcile.manifestCsv': (arg) => {
      const session = findSession(db, arg.sessionId);
      if (session.purpose !== 'carrier_handoff') throw new ApiError('invalid_argument', 'Only a carrier handoff session has a manifest.');
      if (!session.closedAt) throw new ApiError('conflict', 'Close the handoff session before exporting its manifest.');
      return manifestCsv(buildManifest(db, session, now()));
    },
    'reconcile.stationSettings.get': (arg) => getStationSettings(db, arg.station),
    'reconcile.stationSettings.set': ({ station, ...patch }) => setStationSettings(db, station, patch),
  };
  return { handlers, recorder };
}
