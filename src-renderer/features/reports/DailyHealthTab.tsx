import { useEffect } from 'react';
import type { CarrierCounts } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import { groupText, NONE, words } from './format';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : NONE);

function CountsTile({ title, counts, note }: { title: string; counts: CarrierCounts; note?: string }) {
  return (
    <section className="health-tile" aria-label={title}>
      <h3>{title}</h3>
      <b>{counts.total.toLocaleString('en-US')}</b>
      <ul>
        {Object.entries(counts.byCarrier).map(([carrier, n]) => (
          <li key={carrier}>
            {groupText('carrier', carrier)} <span>{n.toLocaleString('en-US')}</span>
          </li>
        ))}
      </ul>
      {note && <p className="muted-text">{note}</p>}
    </section>
  );
}

export function DailyHealthTab() {
  const report = useAppStore((s) => s.dailyHealth);
  const date = useAppStore((s) => s.dailyDate);
  const load = useAppStore((s) => s.loadDailyHealth);
  useEffect(() => void load(), [load]);
  return (
    <div className="daily-health" data-testid="daily-health">
      <div className="toolbar">
        <label>
          Day <input type="date" aria-label="Day" value={date} onChange={(e) => e.target.value && void load(e.target.value)} />
        </label>
        {report && <span className="muted-text">Generated {when(report.generatedAt)}. Late, stalled, unreconciled, pickups and health are as of now.</span>}
      </div>
      {report && (
        <>
          <div className="health-tiles">
            <CountsTile title="Late parcels" counts={report.late} />
            <CountsTile title="Stalled parcels" counts={report.stalled} />
            <CountsTile
              title="Labels not yet reconciled"
              counts={report.unreconciledLabels}
              note={`Labels created ${report.unreconciledLabels.windowFrom} to ${report.unreconciledLabels.windowTo} with no handoff scan.`}
            />
            <CountsTile
              title="Returns pending pickup"
              counts={report.returnsPendingPickup}
              note={`${report.returnsPendingPickup.overdue} past their pickup window.`}
            />
          </div>
          <h3>Exceptions on {report.date}</h3>
          <table className="report-table" data-testid="exception-flows">
            <thead>
              <tr>
                <th>Reason</th>
                <th>Opened</th>
                <th>Resolved by staff</th>
                <th>Carrier recovered</th>
                <th>Still open</th>
              </tr>
            </thead>
            <tbody>
              {report.exceptions.byReason.map((r) => (
                <tr key={r.reason}>
                  <td>{words(r.reason)}</td>
                  <td>{r.opened}</td>
                  <td>{r.resolved}</td>
                  <td>{r.autoResolved}</td>
                  <td>{r.stillOpen}</td>
                </tr>
              ))}
              <tr className="total">
                <td>All</td>
                <td>{report.exceptions.total.opened}</td>
                <td>{report.exceptions.total.resolved}</td>
                <td>{report.exceptions.total.autoResolved}</td>
                <td>{report.exceptions.total.stillOpen}</td>
              </tr>
            </tbody>
          </table>
          <h3>By station</h3>
          {report.byStation.length === 0 ? (
            <p className="muted-text">Nothing scanned, resolved or received at any station this day.</p>
          ) : (
            <table className="report-table" data-testid="health-by-station">
              <thead>
                <tr>
                  <th>Station</th>
                  <th>Scans</th>
                  <th>Exceptions resolved</th>
                  <th>Returns received</th>
                </tr>
              </thead>
              <tbody>
                {report.byStation.map((s) => (
                  <tr key={s.station}>
                    <td>{s.station}</td>
                    <td>{s.scans.toLocaleString()}</td>
                    <td>{s.exceptionsResolved.toLocaleString()}</td>
                    <td>{s.returnsReceived.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="health-columns">
            <section>
              <h3>Sync</h3>
              {report.sync.length === 0 ? (
                <p className="muted-text">No sync runs yet.</p>
              ) : (
                <table className="report-table">
                  <thead>
                    <tr>
                      <th>Source</th>
                      <th>Last run</th>
                      <th>Runs today</th>
                      <th>Failed</th>
                      <th>Rejected rows</th>
                      <th>Last error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.sync.map((s) => (
                      <tr key={s.source}>
                        <td>{s.source}</td>
                        <td>{when(s.lastFinishedAt ?? s.lastStartedAt)}</td>
                        <td>{s.runsOnDay}</td>
                        <td>{s.failedRunsOnDay}</td>
                        <td>{s.rejectedOnDay}</td>
                        <td>{s.lastError ?? NONE}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section>
              <h3>Carriers</h3>
              {report.carriers.length === 0 ? (
                <p className="muted-text">No carrier accounts configured.</p>
              ) : (
                <table className="report-table">
                  <thead>
                    <tr>
                      <th>Carrier</th>
                      <th>State</th>
                      <th>Last success</th>
                      <th>Last failure</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.carriers.map((c) => (
                      <tr key={c.carrier}>
                        <td>{groupText('carrier', c.carrier)}</td>
                        <td>{c.enabled ? words(c.circuitState) : 'disabled'}</td>
                        <td>{when(c.lastSuccessAt)}</td>
                        <td>{c.lastFailure ? `${when(c.lastFailureAt)}: ${c.lastFailure}` : NONE}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
