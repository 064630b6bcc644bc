import { QUEUE_REASONS } from '../../src-shared/domain/exceptions/reasons';
import { FLAGS } from '../../src-shared/domain/tracking/status';
import type { Core } from '../core';
import { CommandUsage } from '../platform/cli-usage';
import { streamParcels } from './queue';

/** `--reason a,b`: each value must be one the queue knows, else the command says which ones it accepts. */
function listOption<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T[] | undefined {
  if (value === undefined) return undefined;
  const values = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const wrong = values.find((v) => !allowed.includes(v as T));
  if (wrong !== undefined || !values.length) throw new CommandUsage(`--${name} must be one of ${allowed.join(', ')}`);
  return values as T[];
}

/**
 * `exceptions list`: the open queue (open and in progress), one entry per parcel, highest priority first. Rules run once first, so
 * the list reflects the store as of now even when no app has been running.
 */
export async function exceptionsListCommand(core: Core, options: { reason?: string; flag?: string; json: boolean; now: number }): Promise<string> {
  const filter = { reason: listOption(options.reason, QUEUE_REASONS, 'reason'), flag: listOption(options.flag, FLAGS, 'flag') };
  await core.services.exceptions.evaluateAll();
  const { db } = core.services;
  const { now } = options;
  // The queue's parcels in its order, read as the grid reads them: one list of ids, then blocks by id.
  const items = [];
  for (const r of streamParcels(db, db.raw, { sort: [], filter }, { now, operator: null }).rows) {
    items.push({
      id: r.id,
      shipmentId: r.shipmentId,
      trackingNumber: r.trackingNumber,
      carrier: r.carrier,
      reason: r.reason,
      // Every reason the parcel is in the queue for, the most severe (`reason`) first.
      reasons: r.facets.map((f) => f.reason),
      itemIds: r.facets.map((f) => f.id),
      state: r.state,
      flags: r.flags,
      priority: r.priority,
      assignee: r.assignee,
      openedAt: r.openedAt,
    });
  }
  if (options.json) return JSON.stringify({ count: items.length, items });
  const lines = items.map((i) =>
    [
      String(Math.round(i.priority)).padStart(9),
      i.reasons.join('+').padEnd(20),
      i.carrier.padEnd(8),
      i.trackingNumber.padEnd(24),
      i.flags.join(',').padEnd(30),
      i.assignee ?? '',
    ]
      .join(' ')
      .trimEnd(),
  );
  return [...lines, `${items.length} parcel${items.length === 1 ? '' : 's'} with open exceptions`].join('\n');
}
