import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';

type KeyHandler = (e: KeyboardEvent<HTMLInputElement>) => void;

/** How long a lone command key waits, by the wall clock, for a follower that would make it a label's first character (at least twice the burst gap). */
const DECIDE_AFTER_MS = 250;

/** What the scan buffer reads from a key event; a held key is replayed with its own time stamp. */
const snapshot = (e: KeyboardEvent<HTMLInputElement>) =>
  ({
    key: e.key,
    timeStamp: e.timeStamp,
    ctrlKey: e.ctrlKey,
    altKey: e.altKey,
    metaKey: e.metaKey,
    preventDefault: () => undefined,
  }) as KeyboardEvent<HTMLInputElement>;

/**
 * Single-key commands (condition keys 1–4, `n` for a note) on an always-focused scan field, without stealing a
 * scanner's first character. A command key pressed on an empty field is held; the next key decides by the events'
 * own time stamps, as the scan buffer does: within the station's burst gap it was a label and both go to the scan
 * buffer, later it was a person and the command runs. A key nobody follows runs after DECIDE_AFTER_MS. Should a busy
 * page let that timer win against a label's second key, the label still reaches the scan buffer whole.
 */
export function useStationKeys(
  commands: Readonly<Record<string, () => void>> | null,
  fieldEmpty: boolean,
  scanKeyDown: KeyHandler,
  burstGapMs: number,
): KeyHandler {
  const held = useRef<KeyboardEvent<HTMLInputElement> | null>(null);
  const lastCommand = useRef<KeyboardEvent<HTMLInputElement> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const commandsRef = useRef(commands);
  commandsRef.current = commands;

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  // Keys within the station's burst gap of each other, by their own time stamps, belong to one label.
  const sameBurst = useCallback(
    (a: KeyboardEvent<HTMLInputElement>, b: KeyboardEvent<HTMLInputElement>) => b.timeStamp - a.timeStamp <= burstGapMs,
    [burstGapMs],
  );

  /** Runs the held key's command; if the command went away meanwhile (a new verdict), the key is typing after all. */
  const decide = useCallback(
    (key: KeyboardEvent<HTMLInputElement>) => {
      const run = commandsRef.current?.[key.key];
      if (!run) return scanKeyDown(key);
      lastCommand.current = key;
      run();
    },
    [scanKeyDown],
  );

  return useCallback(
    (e) => {
      const pending = held.current;
      if (pending) {
        if (timer.current) clearTimeout(timer.current);
        held.current = null;
        if (sameBurst(pending, e)) {
          scanKeyDown(pending);
          scanKeyDown(e);
          return;
        }
        decide(pending);
      } else if (lastCommand.current && fieldEmpty && sameBurst(lastCommand.current, e)) {
        // The timer ran a command that was really a label's first character: the label is still scanned whole.
        const first = lastCommand.current;
        lastCommand.current = null;
        scanKeyDown(first);
        scanKeyDown(e);
        return;
      }
      lastCommand.current = null;
      const command = commandsRef.current?.[e.key];
      if (command && fieldEmpty && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        const key = snapshot(e);
        held.current = key;
        timer.current = setTimeout(
          () => {
            if (held.current !== key) return;
            held.current = null;
            decide(key);
          },
          Math.max(DECIDE_AFTER_MS, 2 * burstGapMs),
        );
        return;
      }
      scanKeyDown(e);
    },
    [fieldEmpty, scanKeyDown, decide, sameBurst, burstGapMs],
  );
}
