import { useEffect, useRef } from 'react';
import type { ScanVerdict } from '../../../src-shared/api';
import alreadyHandedOver from '../../../resources/sounds/already_handed_over.wav';
import duplicate from '../../../resources/sounds/duplicate.wav';
import invalid from '../../../resources/sounds/invalid.wav';
import matched from '../../../resources/sounds/matched.wav';
import notConnected from '../../../resources/sounds/not_connected.wav';
import unknownLabel from '../../../resources/sounds/unknown_label.wav';
import voidedLabel from '../../../resources/sounds/voided_label.wav';
import wrongCarrier from '../../../resources/sounds/wrong_carrier.wav';

/** One sound per verdict, so a packer looking at the parcel hears which problem it is; and one for a lost core. */
export type StationSound = ScanVerdict | 'not_connected';
const SOUNDS: Record<StationSound, string> = {
  matched,
  voided_label: voidedLabel,
  unknown_label: unknownLabel,
  wrong_carrier: wrongCarrier,
  invalid,
  duplicate,
  already_handed_over: alreadyHandedOver,
  not_connected: notConnected,
};

/** Plays the sound each time `seq` moves; a new sound cuts the previous one short. */
export function useVerdictSound(sound: StationSound | null, seq: number, volume: number): void {
  const players = useRef<Partial<Record<StationSound, HTMLAudioElement>>>({});
  // Read at play time: moving the volume slider must not replay the last verdict.
  const volumeRef = useRef(volume);
  volumeRef.current = volume;
  useEffect(() => {
    if (!sound || seq === 0) return;
    for (const other of Object.values(players.current)) other.pause();
    let player = players.current[sound];
    if (!player) {
      player = players.current[sound] = new Audio(SOUNDS[sound]);
      // Names the sound for whoever inspects the page (and the browser tests): inlined sounds have no file name.
      player.dataset.sound = sound;
    }
    player.volume = volumeRef.current;
    player.currentTime = 0;
    // Autoplay rules or a missing audio device must never stop scanning.
    player.play().catch(() => undefined);
  }, [sound, seq]);
}
