import { useEffect, useRef, useState } from 'react';
import { carrierLabel } from '../../src-shared/domain/tracking/carriers';
import { conflictText } from '../../src-shared/domain/hub/conflict-text';
import { hubClock, hubStatusText, hubStatusTone } from '../../src-shared/domain/hub/status-text';
import { useAppStore } from '../stores';

/** The jobs shown even while nobody leads them; carrier accounts appear once a station leads one. */
const STANDING_JOBS = ['sync', 'reports', 'rules'];

const jobLabel = (job: string): string =>
  job.startsWith('carrier:')
    ? `Polling ${carrierLabel(job.slice('carrier:'.length))}`
    : ({ sync: 'Platform sync and drop folder', reports: 'Scheduled reports', rules: 'Exception rules' }[job] ?? job);

const count = (n: number) => n.toLocaleString('en-US');

/** The status bar's hub line; clicking it opens the panel with the cursor, the outbox, the last error and who leads what. */
export function HubStatusButton({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const hub = useAppStore((s) => s.hub);
  const loadHub = useAppStore((s) => s.loadHub);
  useEffect(() => void loadHub(), [loadHub]);
  const tone = hubStatusTone(hub);
  return (
    <button type="button" className={`hub-status hub-${tone}`} data-testid="hub-status" aria-expanded={open} aria-controls="hub-panel" onClick={onToggle}>
      {hubStatusText(hub)}
    </button>
  );
}

export function HubPanel({ onClose }: { onClose(): void }) {
  const detail = useAppStore((s) => s.hubDetail);
  const hub = useAppStore((s) => s.hub);
  const loading = useAppStore((s) => s.hubLoading);
  const loadHub = useAppStore((s) => s.loadHub);
  const setView = useAppStore((s) => s.setView);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
    void loadHub();
  }, [loadHub]);
  const live = hub ?? detail;
  const jobs = [...new Set([...(detail?.leaders.map((l) => l.job) ?? []), ...STANDING_JOBS])];
  const leaderOf = (job: string) => detail?.leaders.find((l) => l.job === job);
  return (
    <section
      id="hub-panel"
      ref={ref}
      role="dialog"
      aria-label="Warehouse hub"
      tabIndex={-1}
      className="hub-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="hub-panel-head">
        <h2>Warehouse hub</h2>
        <button type="button" onClick={() => void loadHub()} disabled={loading}>
          {loading ? 'Asking the hub…' : 'Refresh'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {!live?.configured ? (
        <p>
          This station works alone. To share one truth with the other stations, connect it in{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setView('settings');
              onClose();
            }}
          >
            Settings → Warehouse hub
          </button>
          .
        </p>
      ) : (
        <>
          <dl className="hub-facts">
            <dt>This station</dt>
            <dd>
              {live.station.name} ({live.station.role})
            </dd>
            <dt>Hub</dt>
            <dd>{detail?.hub ?? '…'}</dd>
            <dt>Connection</dt>
            <dd data-testid="hub-connection">
              {!live.live
                ? 'Set up; replication starts when Waybill restarts'
                : live.connected
                  ? 'Connected'
                  : live.offlineSince
                    ? `Offline since ${hubClock(live.offlineSince)}`
                    : 'Connecting'}
            </dd>
            <dt>Waiting to send</dt>
            <dd data-testid="hub-outbox">{live.outbox === 1 ? '1 change' : `${count(live.outbox)} changes`}</dd>
            <dt>Received</dt>
            <dd>
              {live.hubNewest === null
                ? `up to change ${count(live.pulled)}`
                : `change ${count(live.pulled)} of ${count(live.hubNewest)} (${count(Math.max(0, live.hubNewest - live.pulled))} behind)`}
            </dd>
            <dt>Last error</dt>
            <dd data-testid="hub-last-error">{live.lastError ?? 'None'}</dd>
            <dt>Refused from the hub</dt>
            <dd data-testid="hub-refused-count">{live.refused === 0 ? 'None' : live.refused === 1 ? '1 row' : `${count(live.refused)} rows`}</dd>
          </dl>
          <table className="hub-leaders">
            <caption>Who leads each job</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Led by</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => {
                const leader = leaderOf(job);
                return (
                  <tr key={job}>
                    <td>{jobLabel(job)}</td>
                    <td>
                      {leader
                        ? (leader.stationName ?? leader.stationId)
                        : detail?.connected === false || !live.connected
                          ? 'Unknown while the hub is out of reach'
                          : 'Nobody right now'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <TodaysConflicts />
          {live.refused > 0 && <RefusedRows stations={detail?.stations ?? []} />}
        </>
      )}
    </section>
  );
}

const RECORD_LABELS: Record<string, string> = { exception: 'Exception', return: 'Return', pickup: 'Pickup', scan_session: 'Scan session', setting: 'Setting' };

/** The manager's list: every change, at any station, that lost a race on the hub today; folded until asked for. */
function TodaysConflicts() {
  const conflicts = useAppStore((s) => s.hubConflicts);
  const load = useAppStore((s) => s.loadHubConflicts);
  const [open, setOpen] = useState(false);
  useEffect(() => void load(), [load]);
  const n = conflicts?.length ?? 0;
  return (
    <div className="hub-conflicts">
      <button type="button" className="link" aria-expanded={open} onClick={() => (setOpen(!open), void load())} data-testid="hub-conflicts-toggle">
        {conflicts === null ? "Today's conflicts" : `Today's conflicts: ${n === 0 ? 'none' : n}`}
      </button>
      {open && n > 0 && (
        <table className="hub-leaders" data-testid="hub-conflicts">
          <caption>Changes that came too late today (the first accepted change stays)</caption>
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Lost at</th>
              <th scope="col">Kept</th>
            </tr>
          </thead>
          <tbody>
            {conflicts?.map((c) => (
              <tr key={c.auditId}>
                <td>
                  {RECORD_LABELS[c.entity] ?? c.entity}
                  {c.trackingNumber ? ` ${c.trackingNumber}` : ''}
                </td>
                <td>
                  {c.lostBy ?? '?'}, {hubClock(c.lostAt)}
                </td>
                <td>{conflictText(c, Date.now())}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const TABLE_LABELS: Record<string, string> = {
  shipments: 'Shipment',
  tracking_events: 'Tracking event',
  scans: 'Scan',
  scan_sessions: 'Scan session',
  exceptions: 'Exception',
  returns: 'Return',
  pickups: 'Pickup',
  audit_log: 'Audit entry',
  settings: 'Setting',
};

/**
 * Rows another station sent that this one would not store (a value of the wrong kind, a broken constraint): the
 * feed went on past them, and here a person sees what did not arrive, from where, and why; folded until asked for.
 */
function RefusedRows({ stations }: { stations: readonly { id: string; name: string }[] }) {
  const rows = useAppStore((s) => s.hubRefused);
  const load = useAppStore((s) => s.loadHubRefused);
  const [open, setOpen] = useState(false);
  const from = (origin: string) => (origin === '' ? '' : `${stations.find((s) => s.id === origin)?.name ?? origin}: `);
  return (
    <div className="hub-conflicts">
      <button type="button" className="link" aria-expanded={open} onClick={() => (setOpen(!open), void load())} data-testid="hub-refused-toggle">
        Rows this station refused
      </button>
      {open && rows && rows.length > 0 && (
        <table className="hub-leaders" data-testid="hub-refused">
          <caption>Rows from the hub this station would not store (the newest first)</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Record</th>
              <th scope="col">Row</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.at).toLocaleString()}</td>
                <td>{TABLE_LABELS[r.table] ?? r.table}</td>
                <td>
                  {from(r.origin)}
                  {r.key}
                </td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The button and its panel, for the status bar. */
export function useHubPanel() {
  const [open, setOpen] = useState(false);
  return { open, toggle: () => setOpen((o) => !o), close: () => setOpen(false) };
}
