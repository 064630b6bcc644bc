import { useAppStore } from '../../stores';

const pct = (done: number, total: number | null) => (total && total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null);

/** The run the operator is watching: a progress bar with counts and Cancel, then its result and rejected rows. */
export function SyncProgressPanel() {
  const progress = useAppStore((s) => s.syncProgress);
  const result = useAppStore((s) => s.syncResult);
  const error = useAppStore((s) => s.syncError);
  const cancel = useAppStore((s) => s.cancelSyncRun);
  const loadRejects = useAppStore((s) => s.loadRejects);
  const exportRejects = useAppStore((s) => s.exportRejects);
  const dismiss = useAppStore((s) => s.dismissSyncResult);

  if (!progress && !result && !error) return null;
  const running = progress?.status === 'running';
  const percent = progress ? (running ? pct(progress.done, progress.total) : 100) : null;
  const run = result && (!progress || result.run.id === progress.runId) ? result.run : null;
  const title = progress?.fileName ?? run?.fileName ?? (progress?.source || run?.source || 'sync');

  return (
    <section className="sync-panel" aria-label="Import and sync progress">
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      {progress && (
        <div className="sync-progress">
          <strong>{running ? `Importing ${title}…` : `${title}: ${progress.status}`}</strong>
          <progress data-testid="sync-progress" max={100} value={percent ?? undefined} aria-valuenow={percent ?? undefined} aria-label="Progress" />
          <span data-testid="sync-counts">
            {progress.inserted.toLocaleString()} new · {progress.updated.toLocaleString()} updated · {progress.unchanged.toLocaleString()} unchanged ·{' '}
            {progress.rejected.toLocaleString()} rejected
          </span>
          {running ? (
            <button onClick={() => void cancel()}>Cancel</button>
          ) : (
            <button className="link" onClick={dismiss}>
              Close
            </button>
          )}
        </div>
      )}
      {progress?.error && !running && <p className="muted-small">{progress.error}</p>}
      {run && result && result.rejectTotal > 0 && (
        <div className="rejects">
          <div className="rejects-head">
            <span data-testid="reject-summary">
              {result.rejectTotal.toLocaleString()} {result.rejectTotal === 1 ? 'row was' : 'rows were'} not imported
              {result.rejectTotal > result.rejects.length ? ` (showing ${result.rejects.length})` : ''}:
            </span>
            <button onClick={() => void exportRejects(run)}>Export rejected rows (CSV)</button>
            {result.rejectTotal > result.rejects.length && (
              <button className="link" onClick={() => void loadRejects(run.id, result.rejects.length)}>
                Next rows
              </button>
            )}
          </div>
          <table className="rejects-table" data-testid="rejects-table">
            <thead>
              <tr>
                <th>Row</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {result.rejects.map((r) => (
                <tr key={r.id}>
                  <td>{r.rowNumber}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
