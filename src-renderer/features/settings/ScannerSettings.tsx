import { useEffect, useState, type FormEvent } from 'react';
import type { StationSettings } from '../../../src-shared/api';
import { ACKNOWLEDGE_KEYS, type AcknowledgeKey } from '../../../src-shared/domain/reconcile/stop-the-line';
import { useAppStore } from '../../stores';

/**
 * Settings → Packing station scanner: how each station's scanner is programmed and how loud its verdicts are,
 * set up once by whoever installs the station, away from the packer's screen.
 */
export function ScannerSettings() {
  const identityStation = useAppStore((s) => s.station);
  const sessionStation = useAppStore((s) => s.scanSession?.station);
  const fetchSettings = useAppStore((s) => s.fetchStationSettings);
  const save = useAppStore((s) => s.saveStationSettings);
  const [station, setStation] = useState(sessionStation ?? identityStation);
  const [chosen, setChosen] = useState(station);
  const [settings, setSettings] = useState<StationSettings | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    setSettings(null);
    setSaved(null);
    if (chosen.trim()) void fetchSettings(chosen.trim()).then(setSettings);
  }, [chosen, fetchSettings]);

  return (
    <>
      <h2>Packing station scanner</h2>
      <form
        className="scanner-station"
        onSubmit={(e) => {
          e.preventDefault();
          setChosen(station);
        }}
      >
        <label>
          Station
          <input value={station} onChange={(e) => setStation(e.target.value)} onBlur={() => setChosen(station)} maxLength={64} aria-label="Scanner station" />
        </label>
      </form>
      {settings && (
        <StationSettingsForm
          key={settings.station}
          settings={settings}
          onSave={(patch) =>
            void save(settings.station, patch).then((next) => {
              if (next) {
                setSettings(next);
                setSaved(`Saved for ${next.station}.`);
              }
            })
          }
        />
      )}
      {saved && (
        <p role="status" data-testid="scanner-saved">
          {saved}
        </p>
      )}
    </>
  );
}

/** How this station's scanner is programmed, and how loud the verdict sounds are. */
function StationSettingsForm({ settings, onSave }: { settings: StationSettings; onSave(patch: Omit<StationSettings, 'station'>): void }) {
  const [suffix, setSuffix] = useState(settings.suffix);
  const [prefix, setPrefix] = useState(settings.prefixToStrip);
  const [volume, setVolume] = useState(settings.soundVolume);
  const [pause, setPause] = useState(settings.interKeyTimeoutMs);
  const [acknowledgeKey, setAcknowledgeKey] = useState(settings.acknowledgeKey);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({ suffix, prefixToStrip: prefix, soundVolume: volume, interKeyTimeoutMs: Math.min(2000, Math.max(20, Math.round(pause) || 80)), acknowledgeKey });
  };
  return (
    <form className="tool station-settings" onSubmit={submit} data-testid="scanner-settings">
      <label>
        Scanner suffix
        <input value={suffix} onChange={(e) => setSuffix(e.target.value)} maxLength={8} placeholder="none (Enter/Tab)" aria-label="Scanner suffix" />
      </label>
      <label>
        Prefix to strip
        <input value={prefix} onChange={(e) => setPrefix(e.target.value)} maxLength={8} placeholder="none" aria-label="Prefix to strip" />
      </label>
      <label>
        Volume
        <input type="range" min={0} max={1} step={0.05} value={volume} onChange={(e) => setVolume(Number(e.target.value))} aria-label="Sound volume" />
      </label>
      <label>
        Pause that ends a scan (ms)
        <input type="number" min={20} max={2000} value={pause} onChange={(e) => setPause(Number(e.target.value))} aria-label="Pause that ends a scan" />
      </label>
      <label>
        Key that acknowledges a stop
        <select value={acknowledgeKey} onChange={(e) => setAcknowledgeKey(e.target.value as AcknowledgeKey)} aria-label="Key that acknowledges a stop">
          {ACKNOWLEDGE_KEYS.map((k) => (
            <option key={k} value={k}>
              {k === 'Escape' ? 'Esc' : k}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Save station settings</button>
    </form>
  );
}
