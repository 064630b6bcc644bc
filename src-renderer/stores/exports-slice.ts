import type { ExportFinished, ExportFormat, ExportProgress, ExportSubjectInput } from '../../src-shared/api';
import type { SliceCreator } from './types';

export interface ExportJobState {
  jobId: string;
  fileName: string;
  rows: number;
  totalRows: number | null;
  outcome: 'running' | ExportFinished['outcome'];
  message: string | null;
  /** Set when the desktop app has no download link yet: the file is in the console's exports folder. */
  savedIn: string | null;
  /** Where the browser fetches the finished file; a click on it is the user's gesture, which Chromium requires for every download after the first. */
  downloadUrl: string | null;
}

/** One export at a time for the whole window, written by the core; any view can start it and show its progress. */
export interface ExportsSlice {
  exportJob: ExportJobState | null;
  startExport(subject: ExportSubjectInput, format: ExportFormat): Promise<void>;
  /** `exports.progressed` */
  exportProgressed(p: ExportProgress): void;
  /** `exports.finished` */
  exportFinished(f: ExportFinished): void;
  cancelExport(): Promise<void>;
  dismissExport(): void;
}

export const createExportsSlice: SliceCreator<ExportsSlice> = (set, get, client) => {
  // A small export can finish before `exports.start` has answered with its job id: keep the news until it does.
  const finishedEarly = new Map<string, ExportFinished>();
  const applyFinished = (f: ExportFinished) => {
    const job = get().exportJob;
    if (job?.jobId !== f.jobId) return false;
    const url = f.outcome === 'done' ? client.exportUrl(f.fileName) : null;
    set({
      exportJob: {
        ...job,
        rows: f.rows,
        outcome: f.outcome,
        message: f.message,
        downloadUrl: url,
        savedIn: f.outcome === 'done' && !url ? 'the exports folder of the console’s data folder' : null,
      },
    });
    return true;
  };
  return {
    exportJob: null,
    exportProgressed: (p) => {
      const job = get().exportJob;
      if (job?.jobId === p.jobId && job.outcome === 'running') set({ exportJob: { ...job, rows: p.rows, totalRows: p.totalRows } });
    },
    exportFinished: (f) => {
      if (!applyFinished(f)) finishedEarly.set(f.jobId, f);
    },
    startExport: async (subject, format) => {
      try {
        const job = await client.call('exports.start', { what: subject, format });
        set({ exportJob: { ...job, rows: 0, totalRows: null, outcome: 'running', message: null, savedIn: null, downloadUrl: null } });
        const early = finishedEarly.get(job.jobId);
        finishedEarly.clear();
        if (early) applyFinished(early);
      } catch (error) {
        set({
          exportJob: {
            jobId: '',
            fileName: '',
            rows: 0,
            totalRows: null,
            outcome: 'failed',
            message: (error as Error).message,
            savedIn: null,
            downloadUrl: null,
          },
        });
      }
    },
    cancelExport: async () => {
      const job = get().exportJob;
      if (job?.outcome === 'running') await client.call('exports.cancel', { jobId: job.jobId });
    },
    dismissExport: () => set({ exportJob: null }),
  };
};
