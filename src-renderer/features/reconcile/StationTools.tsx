import { useState, type FormEvent } from 'react';
import type { StationSettings } from '../../../src-shared/api';
import { ACKNOWLEDGE_KEYS, type AcknowledgeKey } from '../../../src-shared/domain/reconcile/stop-the-line';
import type { NoteTarget } from '../../stores/reconcile-slice';
import { KEEPS_FOCUS } from './use-scan-field';

const keepsFocus = { [KEEPS_FOCUS]: '' };
/** A one-off entry is done: the next label comes from the scanner, so the scan field takes over again. */
const handBackFocus = () => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined);

/** A label the scanner cannot read is typed here; it takes the scan path and is flagged manual. */
export function ManualEntry({ onSubmit }: { onSubmit(raw: string): void }) {
  const [raw, setRaw] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!raw.trim()) return;
    onSubmit(raw.trim());
    setRaw('');
    handBackFocus();
  };
  return (
    <form className="tool" onSubmit={submit} {...keepsFocus}>
      <label>
        Manual entry
        <input value={raw} onChange={(e) => setRaw(e.target.value)} placeholder="Tracking number" aria-label="Manual tracking number" spellCheck={false} />
      </label>
      <button type="submit">Enter</button>
    </form>
  );
}

export function NoteForm({ onSubmit }: { onSubmit(text: string, target: NoteTarget): void }) {
  const [text, setText] = useState('');
  const [target, setTarget] = useState<NoteTarget>('lastScan');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    onSubmit(text.trim(), target);
    setText('');
    handBackFocus();
  };
  return (
    <form className="tool" onSubmit={submit} {...keepsFocus}>
      <label>
        Note
        <input value={text} onChange={(e) => setText(e.target.value)} maxLength={500} placeholder="e.g. box crushed" aria-label="Note" />
      </label>
      <select value={target} onChange={(e) => setTarget(e.target.value as NoteTarget)} aria-label="Note on">
        <option value="lastScan">on last scan</option>
        <option value="session">on session</option>
      </select>
      <button type="submit">Add note</button>
    </form>
  );
}

/** How this station's scanner is programmed, and how loud the verdict sounds are. */
export function StationSettingsForm({ settings, onSave }: { settings: StationSettings; onSave(patch: Omit<StationSettings, 'station'>): void }) {
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
    <form className="tool station-settings" onSubmit={submit} {...keepsFocus}>
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
