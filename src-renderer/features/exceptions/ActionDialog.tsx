import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { RESOLUTION_CODES, type ResolutionCode } from '../../../src-shared/domain/exceptions/states';
import type { ExceptionActionRequest } from '../../stores/exceptions-slice';
import { words } from './columns';
import { localInputToIso, snoozeChoices } from './time-choices';

export type DialogMode = 'snooze' | 'resolve' | 'note';

const TITLES: Record<DialogMode, string> = { snooze: 'Snooze', resolve: 'Resolve', note: 'Add a note to' };

interface Props {
  mode: DialogMode;
  count: number;
  onSubmit(request: ExceptionActionRequest): Promise<string | null>;
  /** Focus is in the dialog (opened, or showing a refusal): keys typed ahead may come in. */
  onReady(): void;
  onClose(): void;
}

/**
 * One small form per action, operable without the mouse: digits pick a choice (a resolution code moves on
 * to the note), Enter submits, Escape cancels. The core's refusal (a conflict, a time in the past) shows here.
 */
export function ActionDialog({ mode, count, onSubmit, onReady, onClose }: Props) {
  const [choices] = useState(() => snoozeChoices(new Date()));
  const [snoozeKey, setSnoozeKey] = useState('2');
  const [custom, setCustom] = useState('');
  const [code, setCode] = useState<ResolutionCode | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const noteField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    first.current?.focus();
    onReady();
  }, []);

  const request = (): ExceptionActionRequest | string => {
    if (mode === 'note') return { type: 'note', note };
    if (mode === 'resolve') return code ? { type: 'resolve', code, note } : 'Choose a resolution code (1–8).';
    if (snoozeKey === 'custom') {
      const until = localInputToIso(custom);
      return until ? { type: 'snooze', until } : 'Enter the date and time to snooze until.';
    }
    return { type: 'snooze', until: (choices.find((c) => c.key === snoozeKey) ?? choices[1]).until.toISOString() };
  };

  const submit = async () => {
    if (busy) return;
    const next = request();
    if (typeof next === 'string') return setError(next);
    setBusy(true);
    const refused = await onSubmit(next);
    setBusy(false);
    if (!refused) return onClose();
    setError(refused);
    onReady();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    // Enter submits from any field, a radio button included (browsers differ on implicit submission there).
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      void submit();
      return;
    }
    // Digits choose while focus is on the choices, not while typing a note.
    if ((e.target as HTMLElement).tagName === 'INPUT' && (e.target as HTMLInputElement).type !== 'radio') return;
    const digit = Number(e.key);
    if (!Number.isInteger(digit) || digit < 1) return;
    if (mode === 'resolve' && digit <= RESOLUTION_CODES.length) {
      e.preventDefault();
      setCode(RESOLUTION_CODES[digit - 1]);
      // The code is chosen: straight on to the note, so "r 2 <note> Enter" resolves.
      noteField.current?.focus();
    } else if (mode === 'snooze' && digit <= choices.length) {
      e.preventDefault();
      setSnoozeKey(String(digit));
    }
  };

  return (
    <div className="dialog-backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-label={`${TITLES[mode]} ${count} parcel${count === 1 ? '' : 's'}`}
        className="dialog"
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>
          {TITLES[mode]} {count} parcel{count === 1 ? '' : 's'}
        </h2>
        {mode === 'resolve' && (
          <fieldset>
            <legend>Resolution code</legend>
            {RESOLUTION_CODES.map((c, i) => (
              <label key={c} className="choice">
                <input ref={i === 0 ? first : undefined} type="radio" name="code" value={c} checked={code === c} onChange={() => setCode(c)} />
                <kbd>{i + 1}</kbd> {words(c)}
              </label>
            ))}
          </fieldset>
        )}
        {mode === 'snooze' && (
          <fieldset>
            <legend>Until</legend>
            {choices.map((c) => (
              <label key={c.key} className="choice">
                <input ref={c.key === '2' ? first : undefined} type="radio" name="until" checked={snoozeKey === c.key} onChange={() => setSnoozeKey(c.key)} />
                <kbd>{c.key}</kbd> {c.label}{' '}
                <span className="muted-text">{c.until.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })}</span>
              </label>
            ))}
            <label className="choice">
              <input type="radio" name="until" checked={snoozeKey === 'custom'} onChange={() => setSnoozeKey('custom')} /> other:
              <input
                type="datetime-local"
                aria-label="Snooze until"
                value={custom}
                onChange={(e) => {
                  setCustom(e.target.value);
                  setSnoozeKey('custom');
                }}
              />
            </label>
          </fieldset>
        )}
        {mode !== 'snooze' && (
          <label className="note-field">
            {mode === 'note' ? 'Note' : 'Note (optional)'}
            <input
              ref={(el) => {
                noteField.current = el;
                if (mode === 'note') first.current = el;
              }}
              aria-label="Note"
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
        )}
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {TITLES[mode].split(' ')[0]} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
