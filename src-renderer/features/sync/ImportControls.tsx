import { useEffect, useRef } from 'react';
import { IMPORT_PRESETS, type ImportPreset } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import './sync.css';

export const PRESET_LABELS: Record<ImportPreset, string> = {
  generic: 'Generic CSV',
  shipstation: 'ShipStation export',
  shopify: 'Shopify orders export',
};

const STATUS_REFRESH_MS = 30_000;

const since = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** Toolbar controls: preset, "Import file" (a hidden file input), "Sync now", and how the last run went. */
export function ImportControls() {
  const preset = useAppStore((s) => s.importPreset);
  const setPreset = useAppStore((s) => s.setImportPreset);
  const importFile = useAppStore((s) => s.importFile);
  const uploading = useAppStore((s) => s.uploading);
  const runSyncNow = useAppStore((s) => s.runSyncNow);
  const status = useAppStore((s) => s.syncStatus);
  const refresh = useAppStore((s) => s.refreshSyncStatus);
  const openPanel = useAppStore((s) => s.openSyncPanel);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const last = status?.lastRun;
  return (
    <div className="sync-controls">
      <select aria-label="Import preset" value={preset} onChange={(e) => setPreset(e.target.value as ImportPreset)}>
        {IMPORT_PRESETS.map((p) => (
          <option key={p} value={p}>
            {PRESET_LABELS[p]}
          </option>
        ))}
      </select>
      <button onClick={() => input.current?.click()} disabled={uploading}>
        {uploading ? 'Uploading…' : 'Import file'}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        data-testid="import-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void importFile(file);
        }}
      />
      <button onClick={() => void runSyncNow()} disabled={Boolean(status?.running)}>
        Sync now
      </button>
      <button className="link" onClick={() => void openPanel(true)}>
        Sync settings
      </button>
      <span className="muted-small" data-testid="last-sync">
        {status?.unreachableSince
          ? `Upstream unreachable since ${since(status.unreachableSince)}`
          : last
            ? `Last ${last.source === 'file' || last.fileName ? 'import' : 'sync'}: ${last.status} ${since(last.finishedAt ?? last.startedAt)}`
            : 'Never synced'}
      </span>
    </div>
  );
}
