import { plural } from '../features/reconcile/labels';
import { useAppStore } from '../stores';
import { isFailing, polled } from '../stores/carrier-standing';
import { HubPanel, HubStatusButton, useHubPanel } from './HubStatus';

const formatBytes = (bytes: number): string => {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
};

/** Carrier health at a glance: all answering, or which are not. */
function CarrierPill() {
  const carriers = useAppStore((s) => s.carriers);
  const setView = useAppStore((s) => s.setView);
  const active = polled(carriers);
  const failing = active.filter(isFailing);
  if (!carriers.length) return null;
  const text = !active.length
    ? 'Carriers: none set up'
    : failing.length
      ? `Carriers: ${failing.map((c) => c.label).join(', ')} not answering`
      : `Carriers: ${active.length === 1 ? active[0].label : `all ${active.length}`} answering`;
  return (
    <button
      type="button"
      className={`pill link-pill ${failing.length ? 'error' : active.length ? 'ok' : 'warn'}`}
      data-testid="carrier-status"
      onClick={() => setView('settings')}
    >
      {text}
    </button>
  );
}

export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const unreachable = useAppStore((s) => s.coreUnreachable);
  const held = useAppStore((s) => (s.waitingForCore ? s.pendingScans : null));
  const online = status?.online && !unreachable && held === null;
  const panel = useHubPanel();
  return (
    <>
      <footer className="status-bar" role="status">
        <span className={held !== null ? 'pill error' : online ? 'pill ok' : 'pill warn'} data-testid="connectivity">
          {held !== null
            ? `Not connected — ${plural(held, 'scan')} held`
            : unreachable
              ? 'Core not reachable'
              : online
                ? 'Online'
                : 'Offline — working from the local store'}
        </span>
        {status?.upstreamUnreachableSince && (
          <span className="pill warn" data-testid="upstream-status">
            Upstream unreachable since {new Date(status.upstreamUnreachableSince).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })} —
            retrying
          </span>
        )}
        <CarrierPill />
        {/* The hub's line sits beside the carriers': both are what this station depends on. */}
        <HubStatusButton open={panel.open} onToggle={panel.toggle} />
        {status && (
          <>
            <span data-testid="store-size">Store {formatBytes(status.storeBytes)}</span>
            <span>{plural(status.shipmentCount, 'shipment')}</span>
            <span className="muted">v{status.version}</span>
          </>
        )}
      </footer>
      {panel.open && <HubPanel onClose={panel.close} />}
    </>
  );
}
