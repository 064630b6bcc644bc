import { useEffect, useState } from 'react';
import type { CarrierHealth } from '../../../src-shared/api';
import { CADENCE_LIMITS, CADENCE_SETTINGS, DEFAULT_CADENCE, type CadenceSetting } from '../../../src-shared/domain/tracking/cadence';
import { credentialLabel } from '../../../src-shared/domain/tracking/carriers';
import { isFailing } from '../../stores/carrier-standing';
import { useAppStore } from '../../stores';
import { HubSettings } from './HubSettings';
import { ScannerSettings } from './ScannerSettings';

const STATE_TEXT: Record<CarrierHealth['state'], string> = {
  ok: 'Polling',
  unconfigured: 'Not set up',
  disabled: 'Switched off',
  auth_failed: 'Credentials refused',
  rate_limited: 'Rate limited — waiting',
  backing_off: 'Errors — retrying later',
  circuit_open: 'Paused after repeated errors',
  offline: 'Unreachable (offline?)',
};

/** The cadence fields whose text differs from what was shown; a cleared one goes back to the default. */
function changedCadence(cadence: Record<CadenceSetting, string>, shown: Record<CadenceSetting, number>): Partial<Record<CadenceSetting, number>> | undefined {
  const changed = CADENCE_SETTINGS.filter((k) => cadence[k].trim() !== String(shown[k]));
  if (!changed.length) return undefined;
  return Object.fromEntries(changed.map((k) => [k, cadence[k].trim() === '' ? DEFAULT_CADENCE[k] : Number(cadence[k])]));
}

/** Whether calls go out, in words (the breaker behind it is an implementation detail). */
const CIRCUIT_TEXT: Record<CarrierHealth['circuit'], string> = {
  closed: 'Sending normally',
  open: 'Paused after errors',
  half_open: 'Trying one call',
};

/** "Polling" only while the carrier answers; one whose last calls failed says so. */
const stateText = (c: CarrierHealth) => (c.state === 'ok' && isFailing(c) ? 'Not answering — retrying' : STATE_TEXT[c.state]);

/** A next poll already past is due now, not a time in the past. */
const nextPollText = (iso: string | null) => (iso === null || iso === 'never' ? '—' : Date.parse(iso) <= Date.now() ? 'Due now' : when(iso));

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—');

export function SettingsView() {
  const carriers = useAppStore((s) => s.carriers);
  const loadCarriers = useAppStore((s) => s.loadCarriers);
  const refreshCarrier = useAppStore((s) => s.refreshCarrier);
  const refreshMessage = useAppStore((s) => s.carrierRefreshMessage);
  const credentialStorage = useAppStore((s) => s.status?.credentialStorage);
  useEffect(() => {
    void loadCarriers();
    const timer = setInterval(() => void loadCarriers(), 10_000);
    return () => clearInterval(timer);
  }, [loadCarriers]);

  return (
    <section className="view settings-view">
      <header className="toolbar">
        <h1>Settings</h1>
      </header>
      <h2>Carrier health</h2>
      <table className="health" data-testid="carrier-health">
        <thead>
          <tr>
            <th>Carrier</th>
            <th>State</th>
            <th>Last success</th>
            <th>Next poll</th>
            <th>Due now</th>
            <th>Quota left / min</th>
            <th>Failures in a row</th>
            <th>Calls</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {carriers.map((c) => (
            <tr key={c.carrier} data-carrier={c.carrier}>
              <td>{c.label}</td>
              <td className={`health-${isFailing(c) ? 'offline' : c.state}`} title={c.lastFailure ?? ''}>
                {stateText(c)}
              </td>
              <td>{when(c.lastSuccessAt)}</td>
              <td>{nextPollText(c.nextPollAt)}</td>
              <td>{c.dueNow}</td>
              <td>
                {c.quotaLeft} / {c.quotaPerMinute}
              </td>
              <td>{c.consecutiveFailures}</td>
              <td>{CIRCUIT_TEXT[c.circuit]}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  disabled={!c.configured || !c.enabled}
                  aria-label={`Refresh ${c.label} now`}
                  onClick={() => void refreshCarrier(c.carrier)}
                >
                  Refresh now
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {refreshMessage && (
        <p role="status" data-testid="carrier-refresh-message">
          {refreshMessage}
        </p>
      )}
      <h2>Carrier accounts</h2>
      {/* The store says how it keeps credentials; without that word, nothing here claims encryption. */}
      <p className={credentialStorage?.encrypted ? 'muted-note' : 'warning-note'} data-testid="credential-storage">
        {credentialStorage?.note ?? 'Credentials are entered once and never shown again.'}
      </p>
      <div className="carrier-forms">
        {carriers.map((c) => (
          <CarrierForm key={c.carrier} health={c} />
        ))}
      </div>
      <HubSettings />
      <ScannerSettings />
    </section>
  );
}

function CarrierForm({ health }: { health: CarrierHealth }) {
  const save = useAppStore((s) => s.saveCarrier);
  const test = useAppStore((s) => s.testCarrier);
  const resume = useAppStore((s) => s.resumeCarrier);
  const message = useAppStore((s) => s.carrierMessage[health.carrier]);
  const [environment, setEnvironment] = useState(health.environment);
  const [baseUrl, setBaseUrl] = useState(health.environment === 'custom' ? health.baseUrl : '');
  const [quota, setQuota] = useState(String(health.quotaPerMinute));
  const [enabled, setEnabled] = useState(health.enabled || !health.configured);
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [cadence, setCadence] = useState<Record<CadenceSetting, string>>(
    () => Object.fromEntries(CADENCE_SETTINGS.map((k) => [k, String(health.cadence[k])])) as Record<CadenceSetting, string>,
  );
  const typed = health.credentialFields.every((f) => credentials[f]);

  return (
    <form
      className="carrier-form"
      // The core checks every field and says what is wrong; a browser bubble cannot point into a closed section.
      noValidate
      aria-label={`${health.label} account`}
      onSubmit={(e) => {
        e.preventDefault();
        void save({
          carrier: health.carrier,
          environment,
          baseUrl: environment === 'custom' ? baseUrl : undefined,
          credentials: typed ? credentials : undefined,
          quotaPerMinute: Number(quota) || undefined,
          enabled,
          // Only what the person changed: a field left as shown keeps what is stored, even outside the form's limits.
          cadence: changedCadence(cadence, health.cadence),
        }).then(() => setCredentials({}));
      }}
    >
      <h3>
        {health.label} <span className="muted">{health.configured ? '· credentials saved' : '· not set up'}</span>
      </h3>
      <label>
        Environment
        <select value={environment} onChange={(e) => setEnvironment(e.target.value as CarrierHealth['environment'])}>
          <option value="production">Production</option>
          <option value="sandbox">Sandbox</option>
          <option value="custom">Custom URL</option>
        </select>
      </label>
      {environment === 'custom' && (
        <label>
          Base URL
          <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://…" />
        </label>
      )}
      {health.credentialFields.map((field) => (
        <label key={field}>
          {credentialLabel(field)}
          <input
            type="password"
            autoComplete="off"
            value={credentials[field] ?? ''}
            placeholder={health.configured ? 'saved — type to replace' : ''}
            onChange={(e) => setCredentials({ ...credentials, [field]: e.target.value })}
          />
        </label>
      ))}
      <label>
        Requests per minute
        <input type="number" min="0.01" step="any" value={quota} onChange={(e) => setQuota(e.target.value)} />
      </label>
      <details className="cadence">
        <summary>Polling cadence</summary>
        {CADENCE_SETTINGS.map((k) => (
          <label key={k}>
            {CADENCE_LIMITS[k].label}
            <input
              type="number"
              min={CADENCE_LIMITS[k].min}
              max={CADENCE_LIMITS[k].max}
              step="any"
              placeholder="default"
              value={cadence[k]}
              onChange={(e) => setCadence({ ...cadence, [k]: e.target.value })}
            />
          </label>
        ))}
      </details>
      <label className="inline">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Poll this carrier
      </label>
      <div className="actions">
        <button type="submit">Save</button>
        <button
          type="button"
          disabled={!health.configured && !typed}
          // What is in the form, not what was saved: typed credentials at the chosen environment or address.
          onClick={() =>
            void test({
              carrier: health.carrier,
              environment,
              baseUrl: environment === 'custom' ? baseUrl : undefined,
              credentials: typed ? credentials : undefined,
            })
          }
        >
          Test connection
        </button>
        {health.state === 'auth_failed' && (
          <button type="button" onClick={() => void resume(health.carrier)}>
            Resume polling
          </button>
        )}
      </div>
      {message && (
        <p className={message.ok ? 'ok-text' : 'error-text'} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}
