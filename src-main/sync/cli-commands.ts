import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { IMPORT_PRESETS, type ImportPreset } from '../../src-shared/api';
import type { SyncService } from './service';
import { CommandUsage } from '../platform/cli-usage';

/** `import shipments FILE`: the same import path as a dropped file, printing counts and every rejected row. */
export async function importShipmentsCommand(
  sync: SyncService,
  file: string | undefined,
  preset: string | undefined,
): Promise<{ output: string; ok: boolean; error: string | null }> {
  const chosen = (preset ?? 'generic') as ImportPreset;
  if (!IMPORT_PRESETS.includes(chosen)) throw new CommandUsage(`--preset must be one of ${IMPORT_PRESETS.join(', ')}`);
  if (!file) throw new CommandUsage('import shipments needs a FILE.csv or FILE.xlsx');
  const path = resolve(file);
  if (!existsSync(path)) throw new CommandUsage(`no such file: ${file}`);
  const run = await sync.importFile(path, basename(path), chosen, 'cli').finished;
  const rejected: { row: number; reason: string }[] = [];
  for (let offset = 0; offset < run.rejected; offset += 1000) {
    for (const r of sync.store.rejects(run.id, offset, 1000).rows) rejected.push({ row: r.rowNumber, reason: r.reason });
  }
  return {
    output: JSON.stringify({ inserted: run.inserted, updated: run.updated, unchanged: run.unchanged, rejected }),
    ok: run.status === 'succeeded',
    error: run.error,
  };
}

/** `sync --once`: every configured platform and the drop folder, once, then a summary line per run. */
export async function syncOnceCommand(sync: SyncService): Promise<{ output: string; ok: boolean }> {
  const runs = await sync.runAllOnce('cli');
  const summary = runs.map(({ id, source, fileName, status, inserted, updated, unchanged, rejected, error }) => ({
    id,
    source,
    fileName,
    status,
    inserted,
    updated,
    unchanged,
    rejected,
    error,
  }));
  return { output: JSON.stringify({ runs: summary }), ok: runs.every((r) => r.status === 'succeeded') };
}
