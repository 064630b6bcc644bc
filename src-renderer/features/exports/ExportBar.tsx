import type { ExportSubjectInput } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import './exports.css';

/** CSV and XLSX are written by the core (streamed, cancellable); PDF is the browser's print of this page. */
export function ExportBar({ subject, label, print = true }: { subject: ExportSubjectInput | null; label: string; print?: boolean }) {
  const startExport = useAppStore((s) => s.startExport);
  const job = useAppStore((s) => s.exportJob);
  const running = job?.outcome === 'running';
  return (
    <div className="export-bar" role="group" aria-label={`Export ${label}`}>
      <button disabled={!subject || running} onClick={() => subject && void startExport(subject, 'csv')}>
        Export CSV
      </button>
      <button disabled={!subject || running} onClick={() => subject && void startExport(subject, 'xlsx')}>
        Export XLSX
      </button>
      {print && (
        <button onClick={() => window.print()} title="Print, or choose “Save as PDF” as the printer">
          Print / PDF
        </button>
      )}
    </div>
  );
}

export function ExportProgress() {
  const job = useAppStore((s) => s.exportJob);
  const cancel = useAppStore((s) => s.cancelExport);
  const dismiss = useAppStore((s) => s.dismissExport);
  if (!job) return null;
  const total = job.totalRows;
  return (
    <div className={`export-progress ${job.outcome}`} role="status" data-testid="export-progress">
      {job.outcome === 'running' && (
        <>
          <progress value={job.rows} max={total ?? undefined} aria-label="Export progress" />
          <span>{total === null ? 'Preparing…' : `${job.rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`}</span>
          <button onClick={() => void cancel()}>Cancel</button>
        </>
      )}
      {job.outcome === 'done' && job.downloadUrl && (
        <span>
          {job.rows.toLocaleString('en-US')} rows ready:{' '}
          <a href={job.downloadUrl} download={job.fileName}>
            Download {job.fileName}
          </a>
        </span>
      )}
      {job.outcome === 'done' && job.savedIn && <span>{`Saved ${job.fileName} in ${job.savedIn}.`}</span>}
      {job.outcome === 'cancelled' && <span>Export cancelled; nothing was saved.</span>}
      {job.outcome === 'failed' && <span>Export failed: {job.message}</span>}
      {job.outcome !== 'running' && (
        <button className="link" onClick={dismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
