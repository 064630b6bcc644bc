import { useEffect, useRef } from 'react';
import { useAppStore } from '../../stores';
import type { ReturnsTab } from '../../stores/returns-slice';
import { InboundTab, ReceivedTodayTab, TriageTab } from './ListTabs';
import { PendingPickupTab } from './PendingPickupTab';
import { ReceivingStation } from './ReceivingStation';
import '../reconcile/reconcile.css';
import './returns.css';

const TABS: [ReturnsTab, string][] = [
  ['pending', 'Pending pickup'],
  ['inbound', 'Inbound'],
  ['station', 'Receiving station'],
  ['triage', 'Triage'],
  ['received', 'Received today'],
];

/** Reads a chosen file as text and hands it to the core; the file picker is the only way a path is chosen. */
function ImportButton() {
  const importFile = useAppStore((s) => s.importReturnsFile);
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button onClick={() => input.current?.click()}>Import returns file…</button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="returns-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void file.text().then((content) => importFile(file.name, content));
        }}
      />
    </>
  );
}

function ImportSummary() {
  const result = useAppStore((s) => s.returnsImport);
  if (!result) return null;
  return (
    <div className="import-summary" data-testid="import-summary">
      Imported: {result.inserted} new, {result.updated} updated, {result.unchanged} unchanged, {result.rejected} rejected.
      {result.rejects.length > 0 && (
        <ul>
          {result.rejects.map((r) => (
            <li key={r.rowNumber}>
              Row {r.rowNumber}: {r.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ReturnsView() {
  const tab = useAppStore((s) => s.returnsTab);
  const setTab = useAppStore((s) => s.setReturnsTab);
  const load = useAppStore((s) => s.loadReturnsTab);
  const error = useAppStore((s) => s.returnsError);

  useEffect(() => void load(), [load]);

  return (
    <section className="view returns-view reconcile-view">
      <header className="toolbar">
        <h1>Returns</h1>
        <div className="tabs" role="tablist">
          {TABS.map(([id, label]) => (
            <button key={id} role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </div>
        <ImportButton />
      </header>
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      <ImportSummary />
      {tab === 'pending' && <PendingPickupTab />}
      {tab === 'inbound' && <InboundTab />}
      {tab === 'station' && <ReceivingStation />}
      {tab === 'triage' && <TriageTab />}
      {tab === 'received' && <ReceivedTodayTab />}
    </section>
  );
}
