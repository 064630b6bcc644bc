import { useEffect } from 'react';
import { PlannedView } from '../features/placeholder/PlannedView';
import { ShipmentsView } from '../features/shipments/ShipmentsView';
import { useAppStore } from '../stores';
import { VIEWS, type View } from '../stores/status-slice';
import { StatusBar } from './StatusBar';

const LABELS: Record<View, string> = {
  exceptions: 'Exceptions',
  reconcile: 'Reconcile',
  returns: 'Returns',
  shipments: 'Shipments',
  reports: 'Reports',
  settings: 'Settings',
};

const STATUS_REFRESH_MS = 15_000;

export function App() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const refreshStatus = useAppStore((s) => s.refreshStatus);

  useEffect(() => {
    void refreshStatus();
    const timer = setInterval(() => void refreshStatus(), STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refreshStatus]);

  return (
    <div className="app">
      <nav className="nav" aria-label="Views">
        <div className="brand">Waybill</div>
        {VIEWS.map((v, i) => (
          <button key={v} className={v === view ? 'nav-item active' : 'nav-item'} aria-current={v === view ? 'page' : undefined} onClick={() => setView(v)} title={`Alt+${i + 1}`}>
            {LABELS[v]}
          </button>
        ))}
      </nav>
      <main className="content">{view === 'shipments' ? <ShipmentsView /> : <PlannedView view={view} title={LABELS[view]} />}</main>
      <StatusBar />
    </div>
  );
}
