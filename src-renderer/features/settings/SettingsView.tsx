import { useEffect, useState } from 'react';
import type { CarrierHealth } from '../../../src-shared/api';
import { CADENCE_LIMITS, CADENCE_SETTINGS, type CadenceSetting } from '../../../src-shared/domain/tracking/cadence';
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
            <th>Failures</th>
            <th>Circuit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {carriers.map((c) => (
            <tr key={c.carrier} data-carrier={c.carrier}>
              <td>{c.label}</td>
              <td className={`health-${c.state}`} title={c.lastFailure ?? ''}>
                {STATE_TEXT[c.state]}
              </td>
              <td>{when(c.lastSuccessAt)}</td>
              <td>{c.nextPollAt === 'never' ? '—' : when(c.nextPollAt)}</td>
              <td>{c.dueNow}</td>
              <td>
                {c.quotaLeft} / {c.quotaPerMinute}
              </td>
              <td>{c.consecutiveFailures}</td>
              <td>{c.circuit.replace('_', ' ')}</td>
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
          // A cleared field goes back to the default.
          cadence: Object.fromEntries(CADENCE_SETTINGS.filter((k) => cadence[k].trim() !== '').map((k) => [k, Number(cadence[k])])),
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
          {field}
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
        <button type="button" disabled={!health.configured} onClick={() => void test(health.carrier)}>
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
