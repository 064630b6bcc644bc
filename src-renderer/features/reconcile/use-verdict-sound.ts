import { useEffect, useRef } from 'react';
import { verdictClass, type ScanVerdict, type VerdictClass } from '../../../src-shared/api';
import errorSound from '../../../resources/sounds/error.wav';
import goodSound from '../../../resources/sounds/good.wav';
import warningSound from '../../../resources/sounds/warning.wav';

const SOUNDS: Record<VerdictClass, string> = { good: goodSound, warning: warningSound, error: errorSound };

/** Plays the verdict class's sound each time `seq` moves; a new verdict cuts the previous sound short. */
export function useVerdictSound(verdict: ScanVerdict | null, seq: number, volume: number): void {
  const players = useRef<Record<VerdictClass, HTMLAudioElement> | null>(null);
  // Read at play time: moving the volume slider must not replay the last verdict.
  const volumeRef = useRef(volume);
  volumeRef.current = volume;
  useEffect(() => {
    if (!verdict || seq === 0) return;
    players.current ??= {
      good: new Audio(SOUNDS.good),
      warning: new Audio(SOUNDS.warning),
      error: new Audio(SOUNDS.error),
    };
    for (const player of Object.values(players.current)) player.pause();
    const player = players.current[verdictClass(verdict)];
    player.volume = volumeRef.current;
    player.currentTime = 0;
    // Autoplay rules or a missing audio device must never stop scanning.
    player.play().catch(() => undefined);
  }, [verdict, seq]);
}
