import { useState, type FormEvent } from 'react';
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
