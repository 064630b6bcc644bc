import type { EventMap } from '../../src-shared/api';
import { lastShipmentId } from '../db/counts';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, Notifier } from '../platform/ports';
import { createRulesEngine, type PassStats } from './evaluate';
import { exceptionsHandlers } from './handlers';
import { createAlertThrottle } from './notifications';
import { createExceptionSettings } from './settings';
import { wakeDueItems } from './workflow';

export interface ExceptionsServiceOptions {
  db: Db;
  clock: Clock;
  events: EventBus;
  notifier: Notifier;
  logger: Logger;
  /** How often rules re-run as time passes (stalled, late ...); 0 leaves it to explicit `tick()` calls. */
  tickMs: number;
  /** On a hub, the rules run on events only where the hub says this station leads them (until then, nowhere). */
  ledByHub?: boolean;
}

/** The first tick comes soon after start so a store opened after a pause gets fresh flags without waiting a full interval. */
const FIRST_TICK_MAX_MS = 30_000;

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * The rules engine behind the exception queue: re-evaluates shipments after every ingest batch
 * (`tracking.updated`), everything after an import or demo load (`shipments.changed`), and everything on a
 * clock tick. Passes run one at a time; requests arriving meanwhile are merged into the next pass.
 */
export function createExceptionsService(options: ExceptionsServiceOptions) {
  const { db, clock, events, logger } = options;
  const settings = createExceptionSettings(db, logger);
  let notificationSettings = settings.notifications();
  const alerts = createAlertThrottle({ notifier: options.notifier, clock, settings: () => notificationSettings });
  const engine = createRulesEngine({
    db,
    logger,
    thresholds: () => settings.thresholds(),
    onItemsChanged: (ids) => events.emit('exceptions.changed', { ids }),
    onOpened: (reasons) => alerts.record(reasons),
  });

  let stopped = false;
  /** Shipments above this id have never been evaluated: the next full pass includes them even when terminal. */
  let evaluatedThroughId = 0;
  let fullWaiters: Waiter<PassStats>[] | null = null;
  const pendingIds = new Set<number>();
  let idWaiters: Waiter<void>[] = [];
  let draining: Promise<void> | null = null;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let unsubscribe: (() => void) | null = null;
  // On a hub every station hears the same pulled news; only the rules' leader may write exception rows for it.
  let leads: () => boolean = options.ledByHub ? () => false : () => true;

  async function drain(): Promise<void> {
    // Never evaluate inside the emitter's call stack: the ingest that emitted may still be mid-transaction.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!stopped && (fullWaiters || pendingIds.size)) {
      if (fullWaiters) {
        const waiters = fullWaiters;
        fullWaiters = null;
        const throughId = lastShipmentId(db);
        try {
          const stats = await engine.run({ kind: 'all', newAfterId: evaluatedThroughId }, clock.now(), () => stopped);
          if (!stopped) evaluatedThroughId = throughId;
          waiters.forEach((w) => w.resolve(stats));
        } catch (error) {
          logger.error('exception rules pass failed', error);
          waiters.forEach((w) => w.reject(error));
        }
      } else {
        const ids = [...pendingIds];
        const waiters = idWaiters;
        pendingIds.clear();
        idWaiters = [];
        try {
          await engine.run({ kind: 'ids', ids }, clock.now(), () => stopped);
          waiters.forEach((w) => w.resolve());
        } catch (error) {
          logger.error('exception rules failed for updated shipments', error);
          waiters.forEach((w) => w.reject(error));
        }
      }
      if (!stopped) alerts.flush();
    }
  }

  const kick = (): void => {
    if (draining) return;
    draining = drain().finally(() => {
      draining = null;
      // A request that arrived while the last loop was finishing would otherwise wait for the next one.
      if (!stopped && (fullWaiters || pendingIds.size)) kick();
    });
  };

  /** A full pass; calls made while one is queued share it. */
  function evaluateAll(): Promise<PassStats> {
    if (stopped) return Promise.reject(new Error('the exception service has stopped'));
    return new Promise<PassStats>((resolve, reject) => {
      (fullWaiters ??= []).push({ resolve, reject });
      kick();
    });
  }

  function evaluateShipments(ids: readonly number[]): Promise<void> {
    if (stopped) return Promise.reject(new Error('the exception service has stopped'));
    return new Promise<void>((resolve, reject) => {
      ids.forEach((id) => pendingIds.add(id));
      idWaiters.push({ resolve, reject });
      kick();
    });
  }

  /** What the clock does every few minutes: wake snoozed items, re-run every rule, send what notifications are due. */
  async function tick(): Promise<PassStats> {
    if (stopped) throw new Error('the exception service has stopped');
    const woken = wakeDueItems(db, clock.now());
    if (woken.length) events.emit('exceptions.changed', { ids: woken });
    return evaluateAll();
  }

  /** Resolves once no evaluation is queued or running: what an event or a settings change asked for is done. */
  async function settled(): Promise<void> {
    while (draining) await draining;
  }

  const runTick = () => void tick().catch((error) => logger.error('exception tick failed', error));

  const service = {
    evaluateAll,
    evaluateShipments,
    tick,
    settled,
    /** The bench measures a pass over an exact range of shipments. */
    runPass: (scope: Parameters<typeof engine.run>[0]) => engine.run(scope, clock.now(), () => stopped),
    settings,
    /** Who decides whether events run the rules here: the hub's leadership of `rules`, or (null) this station alone. */
    ledBy(isLeader: (() => boolean) | null): void {
      leads = isLeader ?? (() => true);
    },
    start(): void {
      unsubscribe = events.subscribe((name, payload) => {
        if (!leads()) return;
        if (name === 'tracking.updated') void evaluateShipments((payload as EventMap['tracking.updated']).shipmentIds).catch(() => undefined);
        // Pulled shipments come with their ids as tracking news: no full pass for them.
        else if (name === 'shipments.changed' && (payload as EventMap['shipments.changed']).reason !== 'hub') void evaluateAll().catch(() => undefined);
      });
      if (options.tickMs > 0) {
        timers.push(setTimeout(runTick, Math.min(options.tickMs, FIRST_TICK_MAX_MS)), setInterval(runTick, options.tickMs));
        timers.forEach((t) => t.unref());
      }
    },
    stop(): void {
      stopped = true;
      unsubscribe?.();
      timers.forEach((t) => clearTimeout(t));
      // Whoever still waits for a pass that will never run hears so instead of waiting forever.
      const error = new Error('the exception service has stopped');
      fullWaiters?.forEach((w) => w.reject(error));
      idWaiters.forEach((w) => w.reject(error));
      fullWaiters = null;
      idWaiters = [];
      pendingIds.clear();
    },
  };

  const handlers = exceptionsHandlers({
    db,
    clock,
    events,
    settings,
    // A changed threshold re-runs the rules only where they are led; the leader's next tick covers the rest.
    evaluateAll: () => void (leads() && evaluateAll().catch(() => undefined)),
    notificationsChanged: () => (notificationSettings = settings.notifications()),
  });

  return { ...service, handlers };
}

export type ExceptionsService = ReturnType<typeof createExceptionsService>;
