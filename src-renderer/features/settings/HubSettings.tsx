import { useEffect, useState } from 'react';
import { HUB_STATION_ROLES, HUB_TLS_MODES } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import type { HubAddress } from '../../stores/hub-slice';
import { timeLeft } from '../../../src-shared/domain/hub/status-text';

type Role = (typeof HUB_STATION_ROLES)[number];
type Tls = (typeof HUB_TLS_MODES)[number];

const ROLE_LABELS: Record<Role, string> = { packing: 'Packing', returns: 'Returns desk', office: 'Office' };
const TLS_LABELS: Record<Tls, string> = {
  'verify-full': 'Verify the certificate and host name (recommended)',
  require: 'Encrypt, do not verify the certificate',
  disable: 'No encryption (trusted network only)',
};

/**
 * Settings → Warehouse hub: join this station to the hub (one address or its parts), test it, leave it. The
 * password goes to the core once and is kept in the station's secret store; nothing here shows it again.
 */
export function HubSettings() {
  const detail = useAppStore((s) => s.hubDetail);
  // The live summary (hub.statusChanged, once a second while it moves) carries the join's progress.
  const joining = useAppStore((s) => s.hub?.joining ?? null);
  const refused = useAppStore((s) => s.hub?.refused ?? 0);
  const loadHub = useAppStore((s) => s.loadHub);
  const test = useAppStore((s) => s.testHub);
  const connect = useAppStore((s) => s.connectHub);
  const disconnect = useAppStore((s) => s.disconnectHub);
  const saveStation = useAppStore((s) => s.saveStation);
  const message = useAppStore((s) => s.hubMessage);
  const busy = useAppStore((s) => s.hubBusy);
  const [form, setForm] = useState<'url' | 'fields'>('url');
  const [url, setUrl] = useState('');
  const [fields, setFields] = useState({ host: '', port: '5432', database: '', user: '', password: '', tls: 'verify-full' as Tls, caFile: '' });
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('packing');
  useEffect(() => void loadHub(), [loadHub]);
  useEffect(() => {
    if (!detail) return;
    setName((n) => n || detail.station.name);
    setRole(detail.station.role as Role);
  }, [detail]);

  const address = (): HubAddress =>
    form === 'url' ? { url: url.trim() } : { ...fields, port: Number(fields.port) || 0, caFile: fields.caFile.trim() || null };
  const field = (key: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [key]: e.target.value });

  return (
    <section aria-labelledby="hub-settings-title" className="hub-settings" data-testid="hub-settings">
      <h2 id="hub-settings-title">Warehouse hub</h2>
      <p className="muted-note" data-testid="hub-current">
        {detail?.configured
          ? `This station (${detail.station.name}, ${ROLE_LABELS[detail.station.role as Role] ?? detail.station.role}) is connected to ${detail.hub}.${detail.live ? '' : ' Replication starts when Waybill restarts.'}`
          : 'This station works alone. Connect it to the warehouse hub (a PostgreSQL database your IT runs) to share scans, exceptions and returns with the other stations.'}
      </p>
      {refused > 0 && (
        <p className="muted-note" data-testid="hub-settings-refused">
          {refused === 1 ? '1 row' : `${refused.toLocaleString('en-US')} rows`} from the hub could not be stored here; the hub panel (the Hub line of the status
          bar) lists them with the reason.
        </p>
      )}
      {joining && (
        <div className="hub-join" data-testid="hub-join">
          <label>
            Joining the hub: {joining.done.toLocaleString('en-US')} of {joining.total.toLocaleString('en-US')} rows{timeLeft(joining.secondsLeft)}
            <progress max={Math.max(1, joining.total)} value={joining.done} />
          </label>
          <button type="button" disabled={busy} onClick={() => void disconnect()}>
            Cancel joining
          </button>
          <p className="muted-note">Cancelling disconnects this station; connecting again resumes where the join stopped.</p>
        </div>
      )}
      <form
        className="hub-form"
        noValidate
        aria-label="Connect to the warehouse hub"
        onSubmit={(e) => {
          e.preventDefault();
          void connect(address(), { name: name.trim() || undefined, role }).then(() => setFields((f) => ({ ...f, password: '' })));
        }}
      >
        <fieldset>
          <legend>Hub address</legend>
          <label className="inline">
            <input type="radio" name="hub-form" checked={form === 'url'} onChange={() => setForm('url')} /> One address
          </label>
          <label className="inline">
            <input type="radio" name="hub-form" checked={form === 'fields'} onChange={() => setForm('fields')} /> Host, database and user
          </label>
          {form === 'url' ? (
            <label>
              Address
              <input
                type="password"
                autoComplete="off"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="postgres://user:password@host:5432/database?sslmode=verify-full"
              />
            </label>
          ) : (
            <div className="hub-fields">
              <label>
                Host
                <input value={fields.host} onChange={field('host')} />
              </label>
              <label>
                Port
                <input type="number" min="1" max="65535" value={fields.port} onChange={field('port')} />
              </label>
              <label>
                Database
                <input value={fields.database} onChange={field('database')} />
              </label>
              <label>
                User
                <input value={fields.user} onChange={field('user')} autoComplete="off" />
              </label>
              <label>
                Password
                <input type="password" value={fields.password} onChange={field('password')} autoComplete="off" />
              </label>
              <label>
                TLS
                <select value={fields.tls} onChange={field('tls')}>
                  {HUB_TLS_MODES.map((t) => (
                    <option key={t} value={t}>
                      {TLS_LABELS[t]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                CA file (PEM path on this computer, optional)
                <input value={fields.caFile} onChange={field('caFile')} placeholder="/etc/waybill/hub-ca.pem" />
              </label>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>This station</legend>
          <label>
            Name other stations see
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Pack 3" maxLength={80} />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {HUB_STATION_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy || !name.trim()} onClick={() => void saveStation({ name: name.trim(), role })}>
            Save name and role
          </button>
          <p className="muted-note">Set once per station: every change made here is recorded under this name, with or without a hub.</p>
        </fieldset>
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void test(address())}>
            Test connection
          </button>
          <button type="submit" disabled={busy}>
            {detail?.configured ? 'Reconnect' : 'Connect'}
          </button>
          {detail?.configured && (
            <button type="button" disabled={busy} onClick={() => void disconnect()}>
              Disconnect
            </button>
          )}
        </div>
        {message && (
          <p className={message.tone === 'ok' ? 'ok-text' : 'error-text'} role="status" data-testid="hub-message">
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
