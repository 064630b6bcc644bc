/** What each kind of run reads: a file, a platform source after its cursor, or the stored rejects of newly mapped codes. */
import type { ImportPreset, SyncRun, SyncTrigger } from '../../src-shared/api';
import { scheduleOf, sourceSecrets, zoneClock, type Job, type RunBatch, type SyncContext } from './context';
import { sniffFile } from './files/decode';
import { PRESETS } from './files/presets';
import { readFileRows } from './files/read';
import { describeRunError, enqueue } from './runs';
import { afterRun, type RunOutcome } from './schedule';
import type { OpenReject } from './store';
import { UpstreamError, type RowRules, type UpstreamSource } from './types';

export function fileJob(ctx: SyncContext, path: string, name: string, preset: ImportPreset, trigger: SyncTrigger, settle?: Job['settle']) {
  const spec = PRESETS[preset];
  const zoneName = ctx.settings.get().timeZone;
  const rules: RowRules = { source: spec.source, zone: spec.localTimes ? zoneClock(ctx, zoneName) : null, stripServicePrefix: spec.stripServicePrefix };
  return enqueue(ctx, {
    source: spec.source,
    trigger,
    fileName: name,
    rules,
    async *batches(signal) {
      const sniffed = await sniffFile(path);
      // Spreadsheet date cells have no zone, whatever the preset: they are read in the configured one.
      const fileRules = sniffed.kind === 'xlsx' ? { ...rules, zone: zoneClock(ctx, zoneName) } : rules;
      for await (const batch of readFileRows(path, spec, sniffed, signal)) yield { ...batch, rules: fileRules };
    },
    settle,
  });
}

function outcomeOf(error: unknown, cancelled: boolean): RunOutcome {
  if (cancelled) return { kind: 'cancelled' };
  if (!error) return { kind: 'ok' };
  if (error instanceof UpstreamError && error.kind !== 'unreachable') return { kind: 'needs_person', message: error.message };
  return { kind: 'unreachable', message: describeRunError(error) };
}

export async function sourceJob(ctx: SyncContext, source: UpstreamSource, trigger: SyncTrigger) {
  const { settings, store, clock, events } = ctx;
  const secrets = (await sourceSecrets(ctx, source)) ?? {};
  const config = settings.get().sources[source.id] ?? { enabled: false, backfillDays: 30 };
  return enqueue(ctx, {
    source: source.id,
    trigger,
    fileName: null,
    rules: { ...source.rules, source: source.id },
    batches: (signal) =>
      source.pull({
        cursor: store.cursor(source.id),
        settings: { backfillDays: config.backfillDays },
        secrets,
        fetch: ctx.options.fetch,
        clock,
        sleep: ctx.sleep,
        signal,
        knownOrderValues: (numbers) => store.knownOrderValues(source.id, numbers),
      }),
    settle(run: SyncRun, error: unknown) {
      const interval = settings.get().intervalMinutes * 60_000;
      const before = scheduleOf(ctx, source.id);
      const after = afterRun(before, outcomeOf(error, run.status === 'cancelled'), clock.now(), interval, ctx.random);
      ctx.state.schedules.set(source.id, after);
      if ((before.unreachableSince === null) !== (after.unreachableSince === null))
        events.emit('system.statusChanged', { online: after.unreachableSince === null });
    },
  });
}

/** Re-reads open "unknown carrier" rejects of newly mapped codes with their original rules. */
export function replayJobs(ctx: SyncContext, open: Map<string, OpenReject[]>): number[] {
  const runIds: number[] = [];
  for (const [source, rejects] of open) {
    const { runId } = enqueue(ctx, {
      source,
      trigger: 'remap',
      fileName: null,
      rules: { source, zone: null, stripServicePrefix: false },
      async *batches() {
        for (let i = 0; i < rejects.length; i += 2000) {
          const rows = rejects.slice(i, i + 2000);
          const byRules = new Map<string, RunBatch>();
          for (const r of rows) {
            const key = `${r.rules.zone}|${r.rules.stripServicePrefix}`;
            let batch = byRules.get(key);
            if (!batch) {
              batch = { rows: [], rules: { source, zone: r.rules.zone ? zoneClock(ctx, r.rules.zone) : null, stripServicePrefix: r.rules.stripServicePrefix } };
              byRules.set(key, batch);
            }
            batch.rows.push({ rowNumber: r.rowNumber, raw: () => r.raw, fields: r.fields, rejectId: r.id });
          }
          yield* byRules.values();
        }
      },
    });
    runIds.push(runId);
  }
  return runIds;
}
