import type { EventMap } from '../../src-shared/api';
import { performance } from 'node:perf_hooks';
import { lastChangeSeq, removeChangeConsumer, setChangeCursor } from '../db/changes';
import { lastShipmentId } from '../db/counts';
import { createSortedViews } from '../db/sorted-views';
import type { Db } from '../db/create-db';
import type { EventBus } from '../dispatch/events';
import type { Clock, Logger, Notifier } from '../platform/ports';
import { addRange, dirtyShipments, dropOrphanDeadlines, RULES_CONSUMER, rulesCursor, type SeqRanges } from './dirty';
import { createRulesEngine, type PassStats } from './evaluate';
import { exceptionsHandlers } from './handlers';
import { createAlertThrottle } from './notifications';
import { prefetchQueueViews } from './queue';
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

/** From this many shipments the queue's views are read ahead when the store opens (small ones are read in the request). */
const READ_AHEAD_FROM = 100_000;

/** The first tick comes soon after start so a store opened after a pause gets fresh flags without waiting a full interval. */
const FIRST_TICK_MAX_MS = 30_000;

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * The rules engine behind the exception queue: re-evaluates shipments after every ingest batch
 * (`tracking.updated`), and on a clock tick or after an import (`shipments.changed`) runs a steady pass: what
 * the change log says changed since the last pass plus what came due (dirty.ts). A full pass over every
 * shipment that can need work runs first, on request (thresholds saved, CLI) and when a change reaches every
 * shipment. Passes run one at a time; requests arriving meanwhile are merged into the next pass.
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
    onOwnChanges: (from, to) => addRange(ownChanges, from, to),
  });

  const views = createSortedViews(db.raw, { now: () => clock.now() });
  const readAhead = () => prefetchQueueViews(db, views, { now: clock.now(), operator: null });
  let stopped = false;
  /** Shipments above this id have never been evaluated: the next full pass includes them even when terminal (unless SQL proves they need nothing). */
  let evaluatedThroughId = 0;
  let fullWaiters: Waiter<PassStats>[] | null = null;
  let steadyWaiters: Waiter<PassStats>[] | null = null;
  /** The change-log seqs the passes wrote themselves and no steady pass has read past yet. */
  let ownChanges: SeqRanges = [];
  const pendingIds = new Set<number>();
  let idWaiters: Waiter<void>[] = [];
  let draining: Promise<void> | null = null;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let unsubscribe: (() => void) | null = null;
  // On a hub every station hears the same pulled news; only the rules' leader may write exception rows for it.
  let leads: () => boolean = options.ledByHub ? () => false : () => true;

  /** The log up to `seq` is read: the cursor moves there (in the store, so a restart stays steady). */
  function readThrough(seq: number): void {
    setChangeCursor(db, RULES_CONSUMER, seq);
    ownChanges = ownChanges.filter(([, to]) => to > seq);
  }

  async function fullPass(): Promise<PassStats> {
    const throughId = lastShipmentId(db);
    const seq = lastChangeSeq(db);
    const stats = await engine.run({ kind: 'all', newAfterId: evaluatedThroughId }, clock.now(), () => stopped);
    if (!stopped) {
      evaluatedThroughId = throughId;
      readThrough(seq);
    }
    return stats;
  }

  /** What changed since the last pass and what came due; a full pass when there was none or a change reaches everything. */
  async function steadyPass(): Promise<PassStats> {
    const started = performance.now();
    const cursor = rulesCursor(db);
    if (cursor === null) return fullPass();
    const seq = lastChangeSeq(db);
    const now = clock.now();
    const dirty = await dirtyShipments(db, cursor, seq, ownChanges, now);
    if (dirty.kind === 'full') return fullPass();
    dropOrphanDeadlines(db, now);
    const stats = await engine.run({ kind: 'ids', ids: dirty.ids }, now, () => stopped);
    if (!stopped) readThrough(seq);
    return { ...stats, totalMs: performance.now() - started };
  }

  async function settle(waiters: Waiter<PassStats>[], pass: () => Promise<PassStats>): Promise<void> {
    try {
      const stats = await pass();
      waiters.forEach((w) => w.resolve(stats));
    } catch (error) {
      logger.error('exception rules pass failed', error);
      waiters.forEach((w) => w.reject(error));
    }
  }

  async function drain(): Promise<void> {
    // Never evaluate inside the emitter's call stack: the ingest that emitted may still be mid-transaction.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!stopped && (fullWaiters || steadyWaiters || pendingIds.size)) {
      if (fullWaiters) {
        // A full pass covers whatever a steady one waiting beside it would read.
        const waiters = [...fullWaiters, ...(steadyWaiters ?? [])];
        fullWaiters = steadyWaiters = null;
        await settle(waiters, fullPass);
      } else if (steadyWaiters) {
        const waiters = steadyWaiters;
        steadyWaiters = null;
        await settle(waiters, steadyPass);
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
      if (!stopped && (fullWaiters || steadyWaiters || pendingIds.size)) kick();
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

  /** A steady pass (see above); calls made while one is queued share it. */
  function evaluateChanged(): Promise<PassStats> {
    if (stopped) return Promise.reject(new Error('the exception service has stopped'));
    return new Promise<PassStats>((resolve, reject) => {
      (steadyWaiters ??= []).push({ resolve, reject });
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

  /** What the clock does every few minutes: wake snoozed items, re-run the rules where due, send what notifications are due. */
  async function tick(): Promise<PassStats> {
    if (stopped) throw new Error('the exception service has stopped');
    const woken = wakeDueItems(db, clock.now());
    if (woken.length) events.emit('exceptions.changed', { ids: woken });
    return evaluateChanged();
  }

  /** Resolves once no evaluation is queued or running: what an event or a settings change asked for is done. */
  async function settled(): Promise<void> {
    while (draining) await draining;
  }

  const runTick = () => void tick().catch((error) => logger.error('exception tick failed', error));

  const service = {
    evaluateAll,
    evaluateChanged,
    evaluateShipments,
    tick,
    settled,
    settings,
    /** Reads the queue's one-column views ahead in the worker; resolves when they are kept (the bench). */
    readAhead: () => {
      readAhead();
      return views.settled();
    },
    /** Who decides whether events run the rules here: the hub's leadership of `rules`, or (null) this station alone. */
    ledBy(isLeader: (() => boolean) | null): void {
      leads = isLeader ?? (() => true);
    },
    /** Another station leads the rules: this one's cursor must not hold the change log; leading again starts with a full pass. */
    standDown(): void {
      if (rulesCursor(db) !== null) removeChangeConsumer(db, RULES_CONSUMER);
    },
    start(): void {
      if (lastShipmentId(db) >= READ_AHEAD_FROM) readAhead();
      unsubscribe = events.subscribe((name, payload) => {
        if (!leads()) return;
        if (name === 'tracking.updated') void evaluateShipments((payload as EventMap['tracking.updated']).shipmentIds).catch(() => undefined);
        // Pulled shipments come with their ids as tracking news: no pass over the log for them.
        else if (name === 'shipments.changed' && (payload as EventMap['shipments.changed']).reason !== 'hub') void evaluateChanged().catch(() => undefined);
      });
      if (options.tickMs > 0) {
        timers.push(setTimeout(runTick, Math.min(options.tickMs, FIRST_TICK_MAX_MS)), setInterval(runTick, options.tickMs));
        timers.forEach((t) => t.unref());
      }
    },
    stop(): void {
      stopped = true;
      views.close();
      unsubscribe?.();
      timers.forEach((t) => clearTimeout(t));
      // Whoever still waits for a pass that will never run hears so instead of waiting forever.
      const error = new Error('the exception service has stopped');
      fullWaiters?.forEach((w) => w.reject(error));
      steadyWaiters?.forEach((w) => w.reject(error));
      idWaiters.forEach((w) => w.reject(error));
      fullWaiters = steadyWaiters = null;
      idWaiters = [];
      pendingIds.clear();
    },
  };

  const handlers = exceptionsHandlers({
    db,
    clock,
    events,
    settings,
    views,
    // A changed threshold re-runs the rules only where they are led; the leader's next tick covers the rest.
    evaluateAll: () => void (leads() && evaluateAll().catch(() => undefined)),
    notificationsChanged: () => (notificationSettings = settings.notifications()),
  });

  return { ...service, handlers };
}

export type ExceptionsService = ReturnType<typeof createExceptionsService>;
