import {
  UPLOAD_PART_BASE64_CHARS,
  type CarrierMapping,
  type ImportPreset,
  type SyncProgress,
  type SyncReject,
  type SyncRun,
  type SyncSettings,
  type SyncStatus,
} from '../../src-shared/api';
import type { Carrier } from '../../src-shared/domain/tracking/status';
import { rejectsCsv } from './rejects-csv';
import type { SliceCreator } from './types';

/** Bytes per upload part: its base64 stays under the bridge's per-call limit. */
const PART_BYTES = Math.floor((UPLOAD_PART_BASE64_CHARS / 4) * 3) - 3;
const REJECT_PAGE = 100;
const GRID_REFRESH_MS = 3000;

export interface RunResult {
  run: SyncRun;
  rejects: SyncReject[];
  rejectTotal: number;
}

export interface SyncSlice {
  importPreset: ImportPreset;
  /** The run the progress bar follows: the operator's own upload or "Sync now", else any running one. */
  syncProgress: SyncProgress | null;
  syncResult: RunResult | null;
  syncStatus: SyncStatus | null;
  syncError: string | null;
  uploading: boolean;
  syncSettings: SyncSettings | null;
  carrierMapping: CarrierMapping | null;
  syncPanelOpen: boolean;
  setImportPreset(preset: ImportPreset): void;
  importFile(file: File): Promise<void>;
  syncProgressed(progress: SyncProgress): void;
  cancelSyncRun(): Promise<void>;
  runSyncNow(): Promise<void>;
  refreshSyncStatus(): Promise<void>;
  loadRejects(runId: number, offset: number): Promise<void>;
  exportRejects(run: SyncRun): Promise<void>;
  dismissSyncResult(): void;
  openSyncPanel(open: boolean): Promise<void>;
  saveSyncSettings(patch: Parameters<SyncSettingsSaver>[0]): Promise<void>;
  saveCarrierMapping(carriers: Record<string, Carrier>, services: Record<string, string>): Promise<void>;
}

type SyncSettingsSaver = (patch: {
  intervalMinutes?: number;
  timeZone?: string;
  dropFolder?: string | null;
  dropFolderPreset?: ImportPreset;
  sources?: { id: string; enabled?: boolean; backfillDays?: number; credentials?: Record<string, string> | null }[];
}) => Promise<void>;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const message = (error: unknown) => (error as Error).message;

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get, client) => {
  let lastGridRefresh = 0;
  return {
    importPreset: 'generic',
    syncProgress: null,
    syncResult: null,
    syncStatus: null,
    syncError: null,
    uploading: false,
    syncSettings: null,
    carrierMapping: null,
    syncPanelOpen: false,

    setImportPreset: (importPreset) => set({ importPreset }),

    importFile: async (file) => {
      const preset = get().importPreset;
      set({ uploading: true, syncError: null, syncResult: null, syncProgress: null });
      try {
        let uploadId: string | undefined;
        // The file travels as bytes in parts, never as a path: the core sniffs its encoding itself.
        for (let offset = 0; ; offset += PART_BYTES) {
          const part = new Uint8Array(await file.slice(offset, offset + PART_BYTES).arrayBuffer());
          const done = offset + PART_BYTES >= file.size;
          const reply = await client.call('sync.importFile', { name: file.name, preset, uploadId, data: toBase64(part), done });
          uploadId = reply.uploadId;
          if (done) {
            if (reply.runId !== null && get().syncProgress?.runId !== reply.runId) {
              set({
                syncProgress: {
                  runId: reply.runId,
                  source: '',
                  trigger: 'upload',
                  fileName: file.name,
                  status: 'running',
                  done: 0,
                  total: file.size,
                  error: null,
                  inserted: 0,
                  updated: 0,
                  unchanged: 0,
                  rejected: 0,
                },
              });
            }
            break;
          }
        }
      } catch (error) {
        set({ syncError: message(error) });
      } finally {
        set({ uploading: false });
      }
    },

    syncProgressed: (progress) => {
      const current = get().syncProgress;
      if (current && current.runId !== progress.runId && current.status === 'running') return;
      set({ syncProgress: progress });
      // The grid fills as batches land, at most every few seconds so a big import does not keep it busy re-reading.
      const grew = progress.inserted + progress.updated > (current?.runId === progress.runId ? current.inserted + current.updated : 0);
      if (grew && (progress.status !== 'running' || Date.now() - lastGridRefresh > GRID_REFRESH_MS)) {
        lastGridRefresh = Date.now();
        get().shipmentsChanged();
      }
      if (progress.status !== 'running') {
        void get().refreshSyncStatus();
        void get().loadRejects(progress.runId, 0);
      }
    },

    cancelSyncRun: async () => {
      const progress = get().syncProgress;
      if (!progress) return;
      try {
        await client.call('sync.cancel', { runId: progress.runId });
      } catch (error) {
        set({ syncError: message(error) });
      }
    },

    runSyncNow: async () => {
      set({ syncError: null, syncResult: null });
      try {
        const { runIds } = await client.call('sync.runNow', {});
        if (runIds.length === 0) set({ syncError: 'Nothing to sync: turn on a platform in Sync settings, or import a file.' });
      } catch (error) {
        set({ syncError: message(error) });
      }
      void get().refreshSyncStatus();
    },

    refreshSyncStatus: async () => {
      try {
        const syncStatus = await client.call('sync.status', {});
        set({ syncStatus });
        if (syncStatus.running && !get().syncProgress) set({ syncProgress: syncStatus.running });
      } catch (error) {
        set({ syncError: message(error) });
      }
    },

    loadRejects: async (runId, offset) => {
      try {
        const [{ runs }, page] = await Promise.all([
          client.call('sync.runs', { limit: 50 }),
          client.call('sync.rejects', { runId, offset, limit: REJECT_PAGE }),
        ]);
        const run = runs.find((r) => r.id === runId);
        if (run) set({ syncResult: { run, rejects: page.rows, rejectTotal: page.total } });
      } catch (error) {
        set({ syncError: message(error) });
      }
    },

    exportRejects: async (run) => {
      const rows: SyncReject[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await client.call('sync.rejects', { runId: run.id, offset, limit: 1000 });
        rows.push(...page.rows);
        if (rows.length >= page.total || page.rows.length === 0) break;
      }
      const url = URL.createObjectURL(new Blob([rejectsCsv(rows)], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `rejected-rows-run-${run.id}${run.fileName ? `-${run.fileName.replace(/\.[^.]+$/, '')}` : ''}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },

    dismissSyncResult: () => set({ syncResult: null, syncProgress: null, syncError: null }),

    openSyncPanel: async (open) => {
      set({ syncPanelOpen: open });
      if (!open) return;
      try {
        const [syncSettings, carrierMapping] = await Promise.all([client.call('sync.settings.get', {}), client.call('sync.mapping.get', {})]);
        set({ syncSettings, carrierMapping });
      } catch (error) {
        set({ syncError: message(error) });
      }
    },

    saveSyncSettings: async (patch) => {
      try {
        set({ syncSettings: await client.call('sync.settings.set', patch), syncError: null });
        void get().refreshSyncStatus();
      } catch (error) {
        set({ syncError: message(error) });
      }
    },

    saveCarrierMapping: async (carriers, services) => {
      try {
        const { remapRunIds: _runs, ...carrierMapping } = await client.call('sync.mapping.set', { carriers, services });
        set({ carrierMapping, syncError: null });
      } catch (error) {
        set({ syncError: message(error) });
      }
    },
  };
};
