import { ApiError } from '../../src-shared/api';
import type { WorkflowAction } from '../../src-shared/domain/exceptions/workflow';
import type { Db } from '../db/create-db';
import type { SortedViews } from '../db/sorted-views';
import type { EventBus } from '../dispatch/events';
import type { CallContext, HandlersFor } from '../dispatch/handlers';
import type { Clock } from '../platform/ports';
import { dashboard } from './dashboard';
import { countExceptions, exceptionRowsByIds, pageExceptions } from './queue';
import { shipmentTimeline } from './timeline';
import type { ExceptionSettings } from './settings';
import { applyStaffAction, type Actor } from './workflow';

export interface ExceptionsHandlerDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  settings: ExceptionSettings;
  /** The queue's sorted views (db/sorted-views.ts), kept by the service so it can read them ahead. */
  views: SortedViews;
  /** Thresholds changed: every flag may have moved. */
  evaluateAll(): void;
  notificationsChanged(): void;
}

/** Every change names a person: an action without an operator is refused rather than logged as nobody. */
function actorOf(ctx: CallContext): Actor {
  const operator = ctx.operator?.trim();
  if (!operator) throw new ApiError('invalid_argument', 'Choose who you are (operator) before changing exceptions.');
  return { operator, station: ctx.station?.trim() || null };
}

export function exceptionsHandlers(deps: ExceptionsHandlerDeps): HandlersFor<'exceptions' | 'operators'> {
  const { db, clock, events, settings, views } = deps;
  const viewer = (ctx: CallContext) => ({ now: clock.now(), operator: ctx.operator?.trim() || null });

  const act = (items: { id: number; version: number }[], action: WorkflowAction, ctx: CallContext, note: string | null = null) => {
    const actor = actorOf(ctx);
    const now = clock.now();
    const ids = applyStaffAction(db, items, action, actor, now, note);
    events.emit('exceptions.changed', { ids });
    return { rows: exceptionRowsByIds(db, ids, now) };
  };

  return {
    'exceptions.list': (arg, ctx) => pageExceptions(db, views, arg, viewer(ctx)),
    'exceptions.count': (arg, ctx) => ({ count: countExceptions(db, arg.filter, viewer(ctx)) }),
    'exceptions.assign': (arg, ctx) => act(arg.items, { type: 'assign', assignee: arg.assignee }, ctx),
    'exceptions.note': (arg, ctx) => act(arg.items, { type: 'note', note: arg.note }, ctx),
    'exceptions.snooze': (arg, ctx) => act(arg.items, { type: 'snooze', until: Date.parse(arg.until) }, ctx),
    'exceptions.resolve': (arg, ctx) => act(arg.items, { type: 'resolve', code: arg.code, note: arg.note || null }, ctx),
    'exceptions.reopen': (arg, ctx) => act(arg.items, { type: 'reopen' }, ctx, arg.note ?? null),
    'exceptions.timeline': (arg) => {
      const timeline = shipmentTimeline(db, arg.shipmentId);
      if (!timeline) throw new ApiError('not_found', `Shipment ${arg.shipmentId} does not exist.`);
      return timeline;
    },
    'exceptions.dashboard': () => dashboard(db, clock.now()),
    'exceptions.thresholds.get': () => settings.thresholds(),
    'exceptions.thresholds.set': (arg) => {
      settings.setThresholds(arg);
      deps.evaluateAll();
      return settings.thresholds();
    },
    'exceptions.notifications.get': () => settings.notifications(),
    'exceptions.notifications.set': (arg) => {
      settings.setNotifications(arg);
      deps.notificationsChanged();
      return settings.notifications();
    },
    'exceptions.views.list': () => settings.views(),
    'exceptions.views.save': (arg) => settings.saveView(arg.name, arg.filter),
    'exceptions.views.delete': (arg) => settings.deleteView(arg.name),
    'operators.list': () => settings.operators(),
    'operators.save': (arg) => settings.saveOperators(arg.operators),
  };
}
