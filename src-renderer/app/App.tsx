import { useEffect, type ComponentType } from 'react';
import { ExceptionsView } from '../features/exceptions/ExceptionsView';
import { ReconcileView } from '../features/reconcile/ReconcileView';
import { ReportsView } from '../features/reports/ReportsView';
import { ReturnsView } from '../features/returns/ReturnsView';
import { CarrierBanner } from '../features/settings/CarrierBanner';
import { SettingsView } from '../features/settings/SettingsView';
import { ShipmentsView } from '../features/shipments/ShipmentsView';
import { UpdateBanner } from '../features/updates/UpdateBanner';
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

/** One component per view in the navigation. */
const VIEW_COMPONENTS: Record<View, ComponentType> = {
  shipments: ShipmentsView,
  settings: SettingsView,
  reconcile: ReconcileView,
  returns: ReturnsView,
  exceptions: ExceptionsView,
  reports: ReportsView,
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

  useEffect(() => {
    // Alt+1..6 switches views from anywhere, so keyboard-first stations never need the mouse.
    const onKey = (e: KeyboardEvent) => {
      const index = Number(e.key) - 1;
      if (e.altKey && index >= 0 && index < VIEWS.length) {
        e.preventDefault();
        setView(VIEWS[index]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);

  const Current = VIEW_COMPONENTS[view];
  return (
    <div className="app">
      <nav className="nav" aria-label="Views">
        <div className="brand">Waybill</div>
        {VIEWS.map((v, i) => (
          <button
            key={v}
            className={v === view ? 'nav-item active' : 'nav-item'}
            aria-current={v === view ? 'page' : undefined}
            onClick={() => setView(v)}
            title={`Alt+${i + 1}`}
          >
            {LABELS[v]}
          </button>
        ))}
      </nav>
      <main className="content">
        <UpdateBanner />
        <CarrierBanner />
        <Current />
      </main>
      <StatusBar />
    </div>
  );
}
