import { PAST_EXPECTED_FILTER } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import { words } from './columns';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';

/** The playbook's four tiles; a count opens the list it counts (late deliveries: the carrier report, as they left the queue). */
export function DashboardTiles() {
  const dashboard = useAppStore((s) => s.exceptionDashboard);
  const setFilter = useAppStore((s) => s.setExceptionFilter);
  const setView = useAppStore((s) => s.setView);
  if (!dashboard) return <div className="tiles" aria-busy="true" />;
  return (
    <div className="tiles">
      <section className="tile" aria-label="Open exceptions by reason">
        <h2>
          Open exceptions <span data-testid="tile-open-total">{dashboard.openTotal.toLocaleString()}</span>
        </h2>
        <div className="chips">
          {dashboard.openByReason.map((r) => (
            <button key={r.reason} type="button" className="chip" data-testid={`tile-reason-${r.reason}`} onClick={() => setFilter({ reason: [r.reason] })}>
              {words(r.reason)} <b>{r.count.toLocaleString()}</b>
            </button>
          ))}
          {dashboard.snoozed > 0 && (
            <button type="button" className="chip muted-chip" onClick={() => setFilter({ state: ['snoozed'] })}>
              snoozed <b>{dashboard.snoozed.toLocaleString()}</b>
            </button>
          )}
        </div>
      </section>
      {/* Delivered parcels have left the queue: this tile is a figure, not a list; the report lists them. */}
      <section className="tile" aria-label="Late deliveries by carrier, last 7 days" data-testid="tile-late-deliveries">
        <h2>Late deliveries, 7 days</h2>
        <div className="chips">
          {dashboard.lateDeliveriesByCarrier.length === 0 && <span className="muted-text">none</span>}
          {dashboard.lateDeliveriesByCarrier.map((c) => (
            <span key={c.carrier} className="chip static-chip">
              {carrierLabel(c.carrier)} <b>{c.count.toLocaleString()}</b>
            </span>
          ))}
          <button type="button" className="link" onClick={() => setView('reports')}>
            Carrier performance
          </button>
        </div>
      </section>
      <button type="button" className="tile tile-number" data-testid="tile-past-expected" onClick={() => setFilter(PAST_EXPECTED_FILTER)}>
        <h2>In transit past expected</h2>
        <b>{dashboard.inTransitPastExpected.toLocaleString()}</b>
      </button>
      <button type="button" className="tile tile-number" data-testid="tile-returns-pending" onClick={() => setView('returns')}>
        <h2>Returns pending pickup</h2>
        <b>{dashboard.returnsPendingPickup.toLocaleString()}</b>
      </button>
    </div>
  );
}
