/**
 * Splits keyboard-wedge input into scans. A scanner types a label in one fast burst ending in Enter or Tab (or a
 * programmed suffix); bursts can follow each other with no pause, and a scanner missing its suffix must not glue
 * two labels together. A person typing is slower: their text waits for Enter and is never cut by a pause.
 */

export interface ScanBufferOptions {
  /** A gap longer than this ends a burst (scanners type a label in well under this per key). */
  idleMs: number;
  /** Shortest burst treated as a label on its own; a few quick keys from a person are not. */
  minBurstLength: number;
  /** The scanner's programmed suffix, if any: a burst ending with it is complete. */
  suffix?: string;
}

export const DEFAULT_SCAN_BUFFER: ScanBufferOptions = { idleMs: 80, minBurstLength: 6 };

export interface ScanBufferState {
  text: string;
  lastAt: number | null;
  /** Every key so far came within `idleMs` of the one before: this is scanner output, not typing. */
  burst: boolean;
}

export const EMPTY_SCAN_BUFFER: ScanBufferState = { text: '', lastAt: null, burst: true };

export type ScanKey =
  | { type: 'char'; char: string; at: number }
  /** Enter or Tab. */
  | { type: 'end'; at: number }
  | { type: 'backspace'; at: number }
  /** A timer tick: nothing was typed since `lastAt`. */
  | { type: 'idle'; at: number };

export interface ScanBufferStep {
  state: ScanBufferState;
  /** Completed scans, in the order they were typed. */
  scans: string[];
}

const isLabelBurst = (s: ScanBufferState, o: ScanBufferOptions): boolean => s.burst && s.text.length >= o.minBurstLength;

const complete = (text: string): string[] => (text.trim() === '' ? [] : [text]);

export function feedScanBuffer(state: ScanBufferState, key: ScanKey, options: ScanBufferOptions = DEFAULT_SCAN_BUFFER): ScanBufferStep {
  const gapExceeded = state.lastAt !== null && key.at - state.lastAt > options.idleMs;
  switch (key.type) {
    case 'end':
      return { state: EMPTY_SCAN_BUFFER, scans: complete(state.text) };
    case 'idle':
      return state.text !== '' && key.at - (state.lastAt ?? key.at) >= options.idleMs && isLabelBurst(state, options)
        ? { state: EMPTY_SCAN_BUFFER, scans: complete(state.text) }
        : { state, scans: [] };
    case 'backspace':
      // Correcting by hand makes this typing, so a later pause will not send half a number.
      return { state: state.text.length <= 1 ? EMPTY_SCAN_BUFFER : { text: state.text.slice(0, -1), lastAt: key.at, burst: false }, scans: [] };
    case 'char': {
      const scans: string[] = [];
      let next: ScanBufferState;
      if (gapExceeded && isLabelBurst(state, options)) {
        // The previous label's suffix never came: it ended where the pause began.
        scans.push(...complete(state.text));
        next = { text: key.char, lastAt: key.at, burst: true };
      } else {
        next = { text: state.text + key.char, lastAt: key.at, burst: state.burst && !gapExceeded };
      }
      const { suffix } = options;
      if (suffix && next.text.length > suffix.length && next.text.endsWith(suffix)) {
        scans.push(...complete(next.text));
        next = EMPTY_SCAN_BUFFER;
      }
      return { state: next, scans };
    }
  }
}
