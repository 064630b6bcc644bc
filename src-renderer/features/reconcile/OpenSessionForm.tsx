import { useEffect, useState, type FormEvent } from 'react';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import type { ScanPurpose } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import { carrierLabel, PURPOSE_LABEL } from './labels';
import { CarrierOptions } from '../../app/CarrierOptions';

/** Returns receiving has its own desk; this screen opens packing and handoff sessions. */
const PURPOSES: ScanPurpose[] = ['pack_verify', 'carrier_handoff'];

export function OpenSessionForm() {
  const openSession = useAppStore((s) => s.openScanSession);
  const resume = useAppStore((s) => s.resumeScanSession);
  const openSessions = useAppStore((s) => s.openSessions);
  const loadOpenSessions = useAppStore((s) => s.loadOpenSessions);
  const [station, setStation] = useState('');
  const [operator, setOperator] = useState('');
  const [carrier, setCarrier] = useState<Carrier | ''>('');
  const [purpose, setPurpose] = useState<ScanPurpose>('pack_verify');
  const [warehouse, setWarehouse] = useState('');

  useEffect(() => void loadOpenSessions(), [loadOpenSessions]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void openSession({
      station: station.trim(),
      operator: operator.trim(),
      purpose,
      ...(carrier && { carrier }),
      ...(warehouse.trim() && { warehouse: warehouse.trim() }),
    });
  };

  return (
    <div className="open-session">
      <form className="open-session-form" onSubmit={submit}>
        <h2>Open a scan session</h2>
        <label>
          Station
          <input value={station} onChange={(e) => setStation(e.target.value)} required maxLength={64} aria-label="Station" placeholder="e.g. Pack 3" />
        </label>
        <label>
          Operator
          <input value={operator} onChange={(e) => setOperator(e.target.value)} required maxLength={64} aria-label="Operator" />
        </label>
        <label>
          Purpose
          <select value={purpose} onChange={(e) => setPurpose(e.target.value as ScanPurpose)} aria-label="Purpose">
            {PURPOSES.map((p) => (
              <option key={p} value={p}>
                {PURPOSE_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Carrier
          <select value={carrier} onChange={(e) => setCarrier(e.target.value as Carrier | '')} aria-label="Session carrier">
            <option value="">Any carrier</option>
            <CarrierOptions />
          </select>
        </label>
        <label>
          Warehouse
          <input value={warehouse} onChange={(e) => setWarehouse(e.target.value)} maxLength={64} aria-label="Warehouse" placeholder="optional, e.g. east" />
        </label>
        <button type="submit" className="primary">
          Start scanning
        </button>
      </form>

      {openSessions.length > 0 && (
        <div className="open-sessions">
          <h2>Open sessions</h2>
          <ul>
            {openSessions.map((s) => (
              <li key={s.id}>
                <span>
                  #{s.id} {PURPOSE_LABEL[s.purpose]} · {carrierLabel(s.carrier)} · {s.station} · {s.operator} · since{' '}
                  {new Date(s.openedAt).toLocaleTimeString()}
                </span>
                <button onClick={() => void resume(s.id)}>Resume</button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
