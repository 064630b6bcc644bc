import { useEffect, useState } from 'react';
import { IMPORT_PRESETS, type ImportPreset, type SyncSourceState } from '../../../src-shared/api';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { PRESET_LABELS } from './ImportControls';
import { CarrierOptions } from '../../app/CarrierOptions';

/** `apiKey` → `API key`: secret names as the platform's own settings page words them. */
const fieldLabel = (field: string) =>
  field
    .replace(/^api/, 'API')
    .replace(/([a-zI])([A-Z])/g, '$1 $2')
    .replace(/ ([A-Z])(?=[a-z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—');

function SourceSettings({ source }: { source: SyncSourceState }) {
  const save = useAppStore((s) => s.saveSyncSettings);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const complete = source.credentialFields.every((f) => secrets[f]?.trim());
  return (
    <fieldset className="sync-source">
      <legend>{source.label}</legend>
      <label>
        <input type="checkbox" checked={source.enabled} onChange={(e) => void save({ sources: [{ id: source.id, enabled: e.target.checked }] })} /> Sync on
        schedule
      </label>
      <label>
        First sync reaches back
        <input
          type="number"
          min={1}
          max={365}
          defaultValue={source.backfillDays}
          onBlur={(e) => void save({ sources: [{ id: source.id, backfillDays: Number(e.target.value) }] })}
        />{' '}
        days
      </label>
      <p className="muted-small">
        {source.hasCredentials ? "Credentials stored in this computer's key store." : 'No credentials yet.'} Last successful sync:{' '}
        {when(source.lastSucceededAt)}. Next run: {when(source.nextRunAt)}.
        {source.unreachableSince && <strong> Unreachable since {when(source.unreachableSince)}.</strong>}
        {source.problem && <strong className="problem"> {source.problem}</strong>}
      </p>
      {source.credentialFields.map((field) => (
        <label key={field}>
          {fieldLabel(field)}
          <input type="password" autoComplete="off" value={secrets[field] ?? ''} onChange={(e) => setSecrets({ ...secrets, [field]: e.target.value })} />
        </label>
      ))}
      <button
        disabled={!complete}
        onClick={() => {
          void save({ sources: [{ id: source.id, credentials: secrets }] });
          setSecrets({});
        }}
      >
        Save credentials
      </button>
      {source.hasCredentials && (
        <button className="link" onClick={() => void save({ sources: [{ id: source.id, credentials: null }] })}>
          Forget credentials
        </button>
      )}
    </fieldset>
  );
}

/** Codes the platforms and files use that nothing maps yet, and every mapping the operator made; editable in place. */
function MappingEditor() {
  const mapping = useAppStore((s) => s.carrierMapping);
  const saveMapping = useAppStore((s) => s.saveCarrierMapping);
  const [draft, setDraft] = useState<Record<string, Carrier | ''>>({});
  useEffect(() => setDraft({ ...(mapping?.carriers ?? {}) }), [mapping]);
  if (!mapping) return null;
  const codes = [...new Set([...mapping.unknown.map((u) => u.code), ...Object.keys(mapping.carriers)])];
  const seen = new Map(mapping.unknown.map((u) => [u.code, u]));
  const save = () => {
    const carriers = Object.fromEntries(Object.entries(draft).filter((e): e is [string, Carrier] => e[1] !== ''));
    void saveMapping(carriers, mapping.services);
  };
  return (
    <fieldset className="mapping" data-testid="carrier-mapping">
      <legend>Carrier codes</legend>
      {codes.length === 0 ? (
        <p className="muted-small">Every carrier code seen so far is known.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Code from upstream</th>
              <th>Console carrier</th>
              <th>Rows held back</th>
            </tr>
          </thead>
          <tbody>
            {codes.map((code) => (
              <tr key={code}>
                <td>{code}</td>
                <td>
                  <select
                    aria-label={`Carrier for ${code}`}
                    value={draft[code] ?? ''}
                    onChange={(e) => setDraft({ ...draft, [code]: e.target.value as Carrier | '' })}
                  >
                    <option value="">— not mapped —</option>
                    <CarrierOptions />
                  </select>
                </td>
                <td>{seen.get(code) ? `${seen.get(code)?.seen} (${seen.get(code)?.source})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button onClick={save} disabled={codes.length === 0}>
        Save mapping and import held-back rows
      </button>
    </fieldset>
  );
}

/** The console moves files out of the folder it watches, so a new folder is confirmed before it is saved. */
function DropFolderSetting({ saved, onConfirm }: { saved: string | null; onConfirm(folder: string | null): void }) {
  const [draft, setDraft] = useState(saved ?? '');
  const next = draft.trim() || null;
  const pending = next !== saved;
  return (
    <>
      <label>
        Watched drop folder
        <input value={draft} placeholder="none" onChange={(e) => setDraft(e.target.value)} />
      </label>
      {pending && (
        <p role="alert" className="warning-note" data-testid="drop-folder-confirm">
          {next === null
            ? 'Stop watching the drop folder?'
            : `Watch ${next}? CSV and XLSX files put there are imported, then moved into its processed/ or rejected/ folder; other files are left alone.`}{' '}
          <button type="button" onClick={() => onConfirm(next)}>
            {next === null ? 'Stop watching' : 'Watch this folder'}
          </button>{' '}
          <button type="button" className="link" onClick={() => setDraft(saved ?? '')}>
            Cancel
          </button>
        </p>
      )}
    </>
  );
}

export function SyncSettingsPanel() {
  const open = useAppStore((s) => s.syncPanelOpen);
  const settings = useAppStore((s) => s.syncSettings);
  const openPanel = useAppStore((s) => s.openSyncPanel);
  const save = useAppStore((s) => s.saveSyncSettings);
  if (!open) return null;
  return (
    <aside className="drawer" aria-label="Sync settings">
      <header className="drawer-head">
        <h2>Sync settings</h2>
        <button className="link" onClick={() => void openPanel(false)}>
          Close
        </button>
      </header>
      {settings && (
        <>
          <fieldset>
            <legend>Schedule and files</legend>
            <label>
              Sync every
              <input
                type="number"
                min={0}
                max={1440}
                defaultValue={settings.intervalMinutes}
                onBlur={(e) => void save({ intervalMinutes: Number(e.target.value) })}
              />{' '}
              minutes (0: only "Sync now")
            </label>
            <label>
              Times without a zone are in
              <input defaultValue={settings.timeZone} onBlur={(e) => void save({ timeZone: e.target.value.trim() })} />
            </label>
            <DropFolderSetting saved={settings.dropFolder} onConfirm={(dropFolder) => void save({ dropFolder })} />
            <label>
              Files there are
              <select value={settings.dropFolderPreset} onChange={(e) => void save({ dropFolderPreset: e.target.value as ImportPreset })}>
                {IMPORT_PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {PRESET_LABELS[p]}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          {settings.sources.map((source) => (
            <SourceSettings key={source.id} source={source} />
          ))}
        </>
      )}
      <MappingEditor />
    </aside>
  );
}
