import { useEffect, useState } from 'react';
import type { NotificationSettings, Thresholds } from '../../../src-shared/api';
import { QUEUE_REASONS } from '../../../src-shared/domain/exceptions/reasons';
import { EXPRESS_SERVICE_MARKERS, type ThresholdRule } from '../../../src-shared/domain/exceptions/thresholds';
import { type Carrier } from '../../../src-shared/domain/tracking/status';
import { useAppStore } from '../../stores';
import { words } from './columns';
import { CarrierOptions } from '../../app/CarrierOptions';

const hours = (text: string): number => Number(text);
const optionalHours = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/** Thresholds per carrier and service, and desktop alerts; the core validates and says what is wrong. */
export function RulesPanel({ onClose }: { onClose(): void }) {
  const saved = useAppStore((s) => s.exceptionThresholds);
  const savedAlerts = useAppStore((s) => s.exceptionAlerts);
  const load = useAppStore((s) => s.loadExceptionRules);
  const save = useAppStore((s) => s.saveExceptionRules);
  const [thresholds, setThresholds] = useState<Thresholds | null>(saved);
  const [alerts, setAlerts] = useState<NotificationSettings | null>(savedAlerts);
  const [message, setMessage] = useState<{ text: string; refused: boolean } | null>(null);

  useEffect(() => void load(), [load]);
  useEffect(() => setThresholds(saved), [saved]);
  useEffect(() => setAlerts(savedAlerts), [savedAlerts]);
  if (!thresholds || !alerts) return <section className="rules-panel">Loading rules…</section>;

  const setDefault = (key: keyof Thresholds['defaults'], value: string) =>
    setThresholds({ ...thresholds, defaults: { ...thresholds.defaults, [key]: hours(value) } });
  const setRule = (index: number, patch: Partial<ThresholdRule>) =>
    setThresholds({ ...thresholds, rules: thresholds.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) });

  return (
    <section className="rules-panel" aria-label="Rules and alerts">
      <h2>Rules</h2>
      <div className="rules-defaults">
        <label>
          Stalled after (h)
          <input type="number" value={thresholds.defaults.stalledHours} onChange={(e) => setDefault('stalledHours', e.target.value)} />
        </label>
        <label title={`Express: service names containing ${EXPRESS_SERVICE_MARKERS.join(', ')}`}>
          Express stalled after (h)
          <input type="number" value={thresholds.defaults.expressStalledHours} onChange={(e) => setDefault('expressStalledHours', e.target.value)} />
        </label>
        <label>
          No first scan after (h)
          <input type="number" value={thresholds.defaults.noFirstScanHours} onChange={(e) => setDefault('noFirstScanHours', e.target.value)} />
        </label>
      </div>
      <table className="rules-table">
        <thead>
          <tr>
            <th>Carrier</th>
            <th>Service (blank: all)</th>
            <th>Stalled (h)</th>
            <th>No first scan (h)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {thresholds.rules.map((rule, i) => (
            <tr key={i}>
              <td>
                <select aria-label="Rule carrier" value={rule.carrier} onChange={(e) => setRule(i, { carrier: e.target.value as Carrier })}>
                  <CarrierOptions />
                </select>
              </td>
              <td>
                <input aria-label="Rule service" value={rule.service ?? ''} onChange={(e) => setRule(i, { service: e.target.value.trim() || null })} />
              </td>
              <td>
                <input
                  aria-label="Rule stalled hours"
                  type="number"
                  value={rule.stalledHours ?? ''}
                  onChange={(e) => setRule(i, { stalledHours: optionalHours(e.target.value) })}
                />
              </td>
              <td>
                <input
                  aria-label="Rule first scan hours"
                  type="number"
                  value={rule.noFirstScanHours ?? ''}
                  onChange={(e) => setRule(i, { noFirstScanHours: optionalHours(e.target.value) })}
                />
              </td>
              <td>
                <button type="button" onClick={() => setThresholds({ ...thresholds, rules: thresholds.rules.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="add-rule"
        onClick={() =>
          setThresholds({ ...thresholds, rules: [...thresholds.rules, { carrier: 'ups', service: null, stalledHours: null, noFirstScanHours: null }] })
        }
      >
        Add a carrier rule
      </button>
      <h2>Desktop alerts</h2>
      <div className="rules-defaults">
        <label>
          <input type="checkbox" checked={alerts.enabled} onChange={(e) => setAlerts({ ...alerts, enabled: e.target.checked })} /> New high-severity exceptions
        </label>
        <label>
          At most one summary every (min)
          <input type="number" value={alerts.minIntervalMinutes} onChange={(e) => setAlerts({ ...alerts, minIntervalMinutes: Number(e.target.value) })} />
        </label>
      </div>
      <div className="chips">
        {QUEUE_REASONS.map((r) => (
          <label key={r} className="chip">
            <input
              type="checkbox"
              checked={alerts.reasons.includes(r)}
              onChange={(e) => setAlerts({ ...alerts, reasons: e.target.checked ? [...alerts.reasons, r] : alerts.reasons.filter((x) => x !== r) })}
            />{' '}
            {words(r)}
          </label>
        ))}
      </div>
      {message && (
        <p className={message.refused ? 'dialog-error' : 'rules-saved'} role="status">
          {message.text}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="primary"
          onClick={async () => {
            const refused = await save(thresholds, alerts);
            setMessage(refused ? { text: refused, refused: true } : { text: 'Saved; the rules run again now.', refused: false });
          }}
        >
          Save
        </button>
      </div>
    </section>
  );
}
