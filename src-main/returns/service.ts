import { dayRange, localDate, machineTimeZone, safeTimeZone, zoneOffset } from '../../src-shared/domain/time-zones/zones';
import type { Db } from '../db/create-db';
import type { CallContext, HandlersFor } from '../dispatch/handlers';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger } from '../platform/ports';
import type { ScanRecorder } from '../reconcile';
import { cancelReturn, listTriage, pageTriage, receivedTodayCsv, recordCondition, updateTriage } from './dock';
import { importReturnsFile } from './import';
import { createPickup, listPickups, markPickupMissed, reschedulePickup, settlePickups, updatePickup } from './pickups';
import { createReceivingDesk } from './receive';
import { createSortedViews } from '../db/sorted-views';
import { CLOCK_ACTOR, listReturns, pageReturns, TRACKING_ACTOR, type Actor } from './repo';
import { adoptReturnLabels, advanceFromTracking } from './tracking';

export interface ReturnsServiceOptions {
  db: Db;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  /** The reconciliation desk's scan recorder: receiving scans are parsed, judged and stored by the same code. */
  recorder: ScanRecorder;
  /** How often the returns clock ticks in the running app; 0 leaves ticking to explicit calls (tests, CLI). */
  tickIntervalMs: number;
  /** On a hub, tracking news and new shipments move returns only where this station leads the rules. */
  ledByHub?: boolean;
}

export interface TickSummary {
  adopted: number;
  advanced: number;
  pickedUp: number[];
  missed: number[];
}

const actorOf = (ctx: CallContext): Actor => ({ operator: ctx.operator ?? null, station: ctx.station ?? null });
/** At a station, an identity the transport did not give falls back to the session's operator and station. */
const callerOf = (ctx: CallContext): Partial<Actor> => ({ operator: ctx.operator, station: ctx.station });

/** Expected returns, carrier pickups and the dock's receiving station, kept moving by tracking news and the clock. */
export function createReturnsService(options: ReturnsServiceOptions) {
  const { db, clock, events, logger } = options;
  const iso = () => new Date(clock.now()).toISOString();
  const desk = createReceivingDesk(db, options.recorder);
  const views = createSortedViews(db.raw, { now: () => clock.now() });

  const today = (timeZone: string | undefined) => {
    const zone = safeTimeZone(timeZone ?? machineTimeZone());
    const offsetAt = zoneOffset(zone);
    const day = localDate(clock.now(), offsetAt);
    return { day, timeZone: zone, ...dayRange(day, offsetAt) };
  };

  /** The chosen days, both included, also as instants in the clerk's zone; an open end compares below or above any stored text. */
  const days = (timeZone: string | undefined, from: string | undefined, to: string | undefined) => {
    const offsetAt = zoneOffset(safeTimeZone(timeZone ?? machineTimeZone()));
    return { from: from ?? '', to: to ?? '9999', start: from ? dayRange(from, offsetAt).start : '', end: to ? dayRange(to, offsetAt).end : '9999' };
  };

  const exceptionsOpened = (ids: number[]) => {
    if (ids.length) events.emit('exceptions.changed', { ids });
  };
  const changed = (reason: 'import' | 'tracking' | 'dock' | 'pickup' | 'clock') => events.emit('returns.changed', { reason });

  /** Picks up new return labels, applies carrier news and ends pickup windows; what the timer and tests call. */
  function tick(): TickSummary {
    const at = iso();
    const { exceptionIds, ...summary } = db.write(() => {
      const adopted = adoptReturnLabels(db, at, 'new');
      const settled = settlePickups(db, { pickedUp: TRACKING_ACTOR, missed: CLOCK_ACTOR }, at);
      return { adopted, advanced: advanceFromTracking(db, at).length, ...settled };
    });
    // Events go out once the transaction has committed, so listeners read what they are told about.
    exceptionsOpened(exceptionIds);
    if (summary.adopted || summary.advanced || summary.pickedUp.length || summary.missed.length) changed('clock');
    return summary;
  }

  function onTrackingUpdated(shipmentIds: number[]) {
    const at = iso();
    const { moved, exceptionIds } = db.write(() => {
      const adopted = adoptReturnLabels(db, at, { shipmentIds });
      // Pickups first: the first scan inside the window is judged before the return leaves awaiting_pickup.
      const settled = settlePickups(db, { pickedUp: TRACKING_ACTOR, missed: CLOCK_ACTOR }, at, shipmentIds);
      const advanced = advanceFromTracking(db, at, shipmentIds).length;
      return { moved: adopted + settled.pickedUp.length + settled.missed.length + advanced, exceptionIds: settled.exceptionIds };
    });
    exceptionsOpened(exceptionIds);
    if (moved) changed('tracking');
  }

  // Every station hears the same pulled news; only the rules' leader writes returns and pickups for it.
  let leads: () => boolean = options.ledByHub ? () => false : () => true;
  const unsubscribe = events.subscribe((name, payload) => {
    if (!leads()) return;
    try {
      if (name === 'tracking.updated') onTrackingUpdated((payload as { shipmentIds: number[] }).shipmentIds);
      // New shipments from a sync, an import or sample data may hold return labels.
      else if (name === 'shipments.changed' && (payload as { reason: string }).reason !== 'tracking') tick();
    } catch (error) {
      // The next tick retries; a failure here must not break the poller or the sync that emitted the event.
      logger.error('returns: applying tracking news failed', error);
    }
  });

  const runTick = () => {
    try {
      tick();
    } catch (error) {
      logger.error('returns tick failed', error);
    }
  };
  let timer: NodeJS.Timeout | null = null;

  const handlers: HandlersFor<'returns'> = {
    'returns.list': (arg) => {
      const { startRow, endRow, timeZone, dateFrom, dateTo, ...filters } = arg;
      const q = { ...filters, dates: dateFrom || dateTo ? days(timeZone, dateFrom, dateTo) : undefined, today: today(timeZone) };
      return startRow === undefined || endRow === undefined ? { rows: listReturns(db, q, iso()) } : pageReturns(db, views, q, startRow, endRow, iso());
    },
    'returns.importFile': (arg, ctx) => {
      // In-process calls are the CLI's `import returns FILE`; the others are uploads from a window.
      const trigger = ctx.transport === 'in-process' ? 'cli' : 'upload';
      const { shipmentsTouched, ...result } = importReturnsFile(db, arg, trigger, actorOf(ctx), iso());
      if (shipmentsTouched) events.emit('shipments.changed', { reason: 'sync', count: shipmentsTouched });
      if (result.inserted || result.updated) changed('import');
      return result;
    },
    'returns.cancel': (arg, ctx) => {
      const row = cancelReturn(db, arg.returnId, arg.note, actorOf(ctx), iso());
      changed('dock');
      return row;
    },
    'returns.pickups.list': (arg) => ({ rows: listPickups(db, arg.state, iso()) }),
    'returns.pickups.create': (arg, ctx) => {
      const row = createPickup(db, arg, actorOf(ctx), iso());
      changed('pickup');
      return row;
    },
    'returns.pickups.update': ({ pickupId, ...fields }, ctx) => {
      const row = updatePickup(db, pickupId, fields, actorOf(ctx), iso());
      changed('pickup');
      return row;
    },
    'returns.pickups.markMissed': (arg, ctx) => {
      const { pickup, exceptionIds } = markPickupMissed(db, arg.pickupId, actorOf(ctx), iso());
      exceptionsOpened(exceptionIds);
      changed('pickup');
      return pickup;
    },
    'returns.pickups.reschedule': ({ pickupId, ...window }, ctx) => {
      const row = reschedulePickup(db, pickupId, window, actorOf(ctx), iso());
      changed('pickup');
      return row;
    },
    'returns.openStation': (arg, ctx) => desk.open(arg, callerOf(ctx), iso()),
    'returns.receive': (arg, ctx) => {
      const result = desk.receive(arg.sessionId, arg.raw, callerOf(ctx));
      changed('dock');
      return result;
    },
    'returns.recordCondition': (arg, ctx) => {
      const row = recordCondition(db, arg.returnId, arg.condition, arg.note, actorOf(ctx), iso());
      changed('dock');
      return row;
    },
    'returns.triage.list': ({ includeClosed, startRow, endRow }) =>
      startRow === undefined || endRow === undefined ? { rows: listTriage(db, includeClosed) } : pageTriage(db, views, includeClosed, startRow, endRow),
    'returns.triage.update': ({ returnId, ...change }, ctx) => {
      const item = updateTriage(db, returnId, change, actorOf(ctx), iso());
      changed('dock');
      return item;
    },
    'returns.exportReceivedToday': (arg) => receivedTodayCsv(db, today(arg.timeZone), iso()),
  };

  return {
    handlers,
    tick,
    ledBy: (isLeader: (() => boolean) | null) => void (leads = isLeader ?? (() => true)),
    start: () => {
      if (options.tickIntervalMs <= 0) return;
      timer = setInterval(runTick, options.tickIntervalMs);
      timer.unref();
    },
    stop: () => {
      views.close();
      if (timer) clearInterval(timer);
      unsubscribe();
    },
  };
}

export type ReturnsService = ReturnType<typeof createReturnsService>;
