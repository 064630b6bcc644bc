import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { DEFAULT_SCAN_BUFFER, EMPTY_SCAN_BUFFER, feedScanBuffer, type ScanKey } from '../../../src-shared/domain/reconcile/scan-buffer';

/** Elements inside a container with this attribute may keep the focus (notes, manual entry, station settings). */
export const KEEPS_FOCUS = 'data-keeps-focus';

/**
 * The scan field's keyboard handling: every key goes through the pure scan buffer, completed scans go to
 * `onScan` in order, and a pause after a label burst sends it even when the scanner's suffix never came.
 */
export function useScanBuffer(onScan: (raw: string) => void, suffix: string, idleMs = DEFAULT_SCAN_BUFFER.idleMs) {
  const state = useRef(EMPTY_SCAN_BUFFER);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [text, setText] = useState('');
  const options = { ...DEFAULT_SCAN_BUFFER, idleMs, suffix: suffix || undefined };
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  const feed = useCallback((key: ScanKey) => {
    const step = feedScanBuffer(state.current, key, optionsRef.current);
    state.current = step.state;
    setText(step.state.text);
    for (const raw of step.scans) onScanRef.current(raw);
    if (timer.current) clearTimeout(timer.current);
    timer.current = step.state.text ? setTimeout(() => feed({ type: 'idle', at: performance.now() }), optionsRef.current.idleMs + 5) : null;
  }, []);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLInputElement>) => {
      // The event's own time stamp, not handling time: a busy page must not turn one burst into pauses.
      const at = e.timeStamp;
      if (e.key === 'Enter' || e.key === 'Tab') feed({ type: 'end', at });
      else if (e.key === 'Backspace') feed({ type: 'backspace', at });
      else if (e.key === 'Escape') {
        state.current = EMPTY_SCAN_BUFFER;
        setText('');
      } else if (e.key.length === 1 && !e.metaKey && e.ctrlKey === e.altKey) {
        // Ctrl or Alt alone is a shortcut (Alt+1 switches views); both together is AltGr typing a character.
        feed({ type: 'char', char: e.key, at });
      } else return;
      e.preventDefault();
    },
    [feed],
  );

  return { text, onKeyDown };
}

/** Keeps the scan field focused: after any focus loss, when the window comes back, after clicks elsewhere. */
export function useKeepFocus(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const field = input.current;
    if (!field) return;
    const refocus = () => {
      const active = document.activeElement;
      // Typing a note or a manual number keeps its field; a button clicked there hands focus back.
      if (active instanceof HTMLElement && active.matches('input, textarea, select') && active.closest(`[${KEEPS_FOCUS}]`)) return;
      if (active !== field) field.focus({ preventScroll: true });
    };
    // After the event settles, so a click on a button still reaches the button first.
    const soon = () => setTimeout(refocus, 0);
    document.addEventListener('focusout', soon);
    document.addEventListener('click', soon);
    window.addEventListener('focus', soon);
    refocus();
    return () => {
      document.removeEventListener('focusout', soon);
      document.removeEventListener('click', soon);
      window.removeEventListener('focus', soon);
    };
  }, [input]);
}
