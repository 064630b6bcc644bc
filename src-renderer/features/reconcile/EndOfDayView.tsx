import { useState, type FormEvent } from 'react';
import { machineTimeZone } from '../../../src-shared/domain/time-zones/zones';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { carrierLabel } from './labels';
import { formatWeight, HandoffDocument } from './ManifestPanel';
import { CarrierOptions } from '../../app/CarrierOptions';

/**
 * End of day, per carrier: every parcel handed to it today, at any station, on one signed manifest with its
 * totals. Each close is kept, so its manifest can be printed again exactly as it was signed.
 */
export function EndOfDayView() {
  const closes = useAppStore((s) => s.dayCloses);
  const manifest = useAppStore((s) => s.dayManifest);
  const closeDay = useAppStore((s) => s.closeDay);
  const open = useAppStore((s) => s.openDayManifest);
  const identityStation = useAppStore((s) => s.station);
  const identityOperator = useAppStore((s) => s.operator);
  const [carrier, setCarrier] = useState<Carrier>('ups');
  const [station, setStation] = useState(identityStation);
  const [operator, setOperator] = useState(identityOperator ?? '');
  const [confirm, setConfirm] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!confirm) return setConfirm(true);
    setConfirm(false);
    void closeDay({ carrier, station: station.trim(), operator: operator.trim(), timeZone: machineTimeZone() });
  };

  if (manifest) {
    const { close } = manifest;
    return (
      <div className="manifest" data-testid="day-manifest">
        <div className="manifest-actions no-print">
          <button className="primary" onClick={() => window.print()}>
            Print
          </button>
          <button onClick={() => void open(null)}>Back to end of day</button>
        </div>
        <HandoffDocument
          reference={`End-of-day close #${close.id}`}
          carrier={close.carrier}
          day={close.day}
          station={close.station}
          operator={close.operator}
          warehouse={close.warehouse}
          closedAt={close.closedAt}
          lines={manifest.handedOver}
          totalWeightOz={close.totalWeightOz}
          expectedNotScanned={manifest.expectedNotScanned}
          note={`${close.parcelCount.toLocaleString()} of ${close.expectedCount.toLocaleString()} expected today`}
        />
      </div>
    );
  }

  return (
    <div className="end-of-day">
      <form className="open-session-form" onSubmit={submit}>
        <h2>Close the day for a carrier</h2>
        <label>
          Carrier
          <select value={carrier} onChange={(e) => setCarrier(e.target.value as Carrier)} aria-label="Carrier to close">
            <CarrierOptions />
          </select>
        </label>
        <label>
          Station
          <input value={station} onChange={(e) => setStation(e.target.value)} required maxLength={64} aria-label="Closing station" />
        </label>
        <label>
          Operator
          <input value={operator} onChange={(e) => setOperator(e.target.value)} required maxLength={64} aria-label="Closing operator" />
        </label>
        <button className={confirm ? 'danger' : 'primary'} type="submit">
          {confirm ? `Confirm: close today for ${carrierLabel(carrier)}` : `Close today for ${carrierLabel(carrier)}`}
        </button>
      </form>
      <section className="day-closes">
        <h2>Closes</h2>
        {closes.length === 0 ? (
          <p className="empty-state">No day has been closed yet.</p>
        ) : (
          <table className="returns-table" data-testid="day-closes">
            <thead>
              <tr>
                <th>Day</th>
                <th>Carrier</th>
                <th>Parcels</th>
                <th>Expected</th>
                <th>Total weight</th>
                <th>Closed by</th>
                <th>Closed at</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {closes.map((c) => (
                <tr key={c.id}>
                  <td>{c.day}</td>
                  <td>{carrierLabel(c.carrier)}</td>
                  <td>{c.parcelCount.toLocaleString()}</td>
                  <td>{c.expectedCount.toLocaleString()}</td>
                  <td>{formatWeight(c.totalWeightOz)}</td>
                  <td>
                    {c.operator} · {c.station}
                  </td>
                  <td>{new Date(c.closedAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}</td>
                  <td>
                    <button onClick={() => void open(c.id)}>Reprint</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
