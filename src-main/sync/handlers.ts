import { ApiError, type SyncSettings } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import type { HandlersFor } from '../dispatch/handlers';
import { dropFolderProblem } from './drop-folder';
import type { SyncService } from './service';

export function syncHandlers(db: Db, sync: SyncService): HandlersFor<'sync'> {
  const settingsView = async (): Promise<SyncSettings> => {
    const s = sync.settings.get();
    return {
      intervalMinutes: s.intervalMinutes,
      timeZone: s.timeZone,
      dropFolder: s.dropFolder,
      dropFolderPreset: s.dropFolderPreset,
      sources: await sync.sourceStates(),
    };
  };
  const mappingView = () => ({ ...sync.settings.mapping(), unknown: sync.store.unmapped() });

  return {
    'sync.importFile': (arg) => sync.receiveUpload(arg),
    'sync.runNow': async (arg) => {
      const started = (await sync.runNow(arg.source)).map((j) => j.runId);
      return { runIds: started.length > 0 ? started : sync.activeRunIds(arg.source) };
    },
    'sync.cancel': (arg) => ({ cancelled: sync.cancel(arg.runId) }),
    'sync.status': () => sync.status(),
    'sync.runs': (arg) => ({ runs: sync.store.runs(arg.limit, arg.source) }),
    'sync.rejects': (arg) => sync.store.rejects(arg.runId, arg.offset, arg.limit),
    'sync.mapping.get': () => mappingView(),
    'sync.mapping.set': (arg) => {
      const before = sync.settings.mapping();
      const saved = sync.settings.saveMapping({ carriers: arg.carriers, services: arg.services });
      const newlyMapped = Object.keys(saved.carriers).filter((code) => before.carriers[code] !== saved.carriers[code]);
      sync.store.forgetUnmapped(newlyMapped);
      // Rows rejected for a code that now has a mapping are read again, so nobody has to re-import or re-sync.
      const remapRunIds = sync.replayForCodes(newlyMapped);
      return { ...mappingView(), remapRunIds };
    },
    'sync.settings.get': () => settingsView(),
    'sync.settings.set': async (arg) => {
      const current = sync.settings.get();
      const next = { ...current, sources: { ...current.sources } };
      if (arg.intervalMinutes !== undefined) next.intervalMinutes = arg.intervalMinutes;
      if (arg.timeZone !== undefined) next.timeZone = arg.timeZone;
      if (arg.dropFolder) {
        const problem = dropFolderProblem(arg.dropFolder);
        if (problem) throw new ApiError('invalid_argument', `Drop folder not changed: ${problem}.`);
      }
      if (arg.dropFolder !== undefined) next.dropFolder = arg.dropFolder;
      if (arg.dropFolderPreset !== undefined) next.dropFolderPreset = arg.dropFolderPreset;
      for (const patch of arg.sources ?? []) {
        if (!sync.knownSource(patch.id)) throw new ApiError('not_found', `No sync source called ${patch.id}.`);
        const was = next.sources[patch.id] ?? { enabled: false, backfillDays: 30 };
        next.sources[patch.id] = { enabled: patch.enabled ?? was.enabled, backfillDays: patch.backfillDays ?? was.backfillDays };
        if (patch.credentials !== undefined) await sync.setCredentials(patch.id, patch.credentials);
      }
      sync.settings.save(next);
      return settingsView();
    },
  };
}
