import { QUEUE_REASONS } from '../../src-shared/domain/exceptions/reasons';
import { FLAGS } from '../../src-shared/domain/tracking/status';
import type { Core } from '../core';
import { CommandUsage } from '../platform/cli-usage';
import { compileExceptionPage, toExceptionRow, type ExceptionRecord } from './queue';

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
 * `exceptions list`: the open queue (open and in progress), highest priority first. Rules run once first, so
 * the list reflects the store as of now even when no app has been running.
 */
export async function exceptionsListCommand(core: Core, options: { reason?: string; flag?: string; json: boolean; now: number }): Promise<string> {
  const filter = { reason: listOption(options.reason, QUEUE_REASONS, 'reason'), flag: listOption(options.flag, FLAGS, 'flag') };
  await core.services.exceptions.evaluateAll();
  const { db } = core.services;
  const { now } = options;
  // One statement walked once in the queue's order: paging with OFFSET re-sorts the queue for every block.
  const query = compileExceptionPage(db, { startRow: 0, endRow: Number.MAX_SAFE_INTEGER, sort: [], filter }, { now, operator: null });
  const items = [];
  for (const record of db.raw.prepare(query.sql).iterate(...(query.parameters as unknown[]))) {
    const r = toExceptionRow(record as ExceptionRecord, now);
    items.push({
      id: r.id,
      shipmentId: r.shipmentId,
      trackingNumber: r.trackingNumber,
      carrier: r.carrier,
      reason: r.reason,
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
      i.reason.padEnd(20),
      i.carrier.padEnd(8),
      i.trackingNumber.padEnd(24),
      i.flags.join(',').padEnd(30),
      i.assignee ?? '',
    ]
      .join(' ')
      .trimEnd(),
  );
  return [...lines, `${items.length} open exception(s)`].join('\n');
}
