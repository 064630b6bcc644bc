import { plural } from '../features/reconcile/labels';
import { useAppStore } from '../stores';

const formatBytes = (bytes: number): string => {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
};

export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const unreachable = useAppStore((s) => s.coreUnreachable);
  const held = useAppStore((s) => (s.waitingForCore ? s.pendingScans : null));
  const online = status?.online && !unreachable && held === null;
  return (
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
      {status && (
        <>
          <span data-testid="store-size">Store {formatBytes(status.storeBytes)}</span>
          <span>{plural(status.shipmentCount, 'shipment')}</span>
          <span className="muted">v{status.version}</span>
        </>
      )}
    </footer>
  );
}
