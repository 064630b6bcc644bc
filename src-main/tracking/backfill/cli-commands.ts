import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Core } from '../../core';
import { CommandUsage } from '../../platform/cli-usage';
import { importEventsJsonl, type ImportEventsSummary } from './import-events';

/** `import events FILE.jsonl`: backfill carrier history from another tracker. */
export async function importEventsCommand(core: Pick<Core, 'services' | 'events'>, file: string | undefined, now: () => number): Promise<ImportEventsSummary> {
  if (!file) throw new CommandUsage('import events needs a FILE.jsonl');
  const path = resolve(file);
  if (!existsSync(path)) throw new CommandUsage(`no such file: ${file}`);
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  return importEventsJsonl({ db: core.services.db, ingest: core.services.tracking.ingest, events: core.events, now }, lines);
}
