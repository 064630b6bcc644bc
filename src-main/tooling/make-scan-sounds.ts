import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Synthesizes the scan sounds into resources/sounds (run: `npx tsx src-main/tooling/make-scan-sounds.ts`).
 * Generated rather than downloaded so their licence is ours; each must be told apart without looking:
 * a matched label is a short rising chirp, each problem verdict that stops the line has its own sound, and
 * scans held while the core is away sound an alarm of their own.
 */

const RATE = 8000;

interface Tone {
  hz: number;
  ms: number;
  /** Odd harmonics make a buzz instead of a beep. */
  harmonics?: number;
  gain?: number;
}

type Part = Tone | { silenceMs: number };

function render(parts: readonly Part[]): Int16Array {
  const samples: number[] = [];
  for (const part of parts) {
    if ('silenceMs' in part) {
      for (let i = 0; i < (part.silenceMs * RATE) / 1000; i++) samples.push(0);
      continue;
    }
    const n = Math.round((part.ms * RATE) / 1000);
    const ramp = Math.min(n / 4, RATE * 0.008);
    for (let i = 0; i < n; i++) {
      const t = i / RATE;
      let v = 0;
      for (let h = 1; h <= (part.harmonics ?? 1); h += 2) v += Math.sin(2 * Math.PI * part.hz * h * t) / h;
      // Short linear fades: an abrupt start or stop clicks.
      const envelope = Math.min(1, i / ramp, (n - 1 - i) / ramp);
      samples.push(Math.round(v * envelope * (part.gain ?? 0.6) * 32767));
    }
  }
  return Int16Array.from(samples, (s) => Math.max(-32768, Math.min(32767, s)));
}

/** A canonical 44-byte-header PCM WAV: 16-bit mono. */
function wav(pcm: Int16Array): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const SOUNDS: Record<string, Part[]> = {
  matched: [
    { hz: 988, ms: 70 },
    { hz: 1480, ms: 110 },
  ],
  voided_label: [{ hz: 196, ms: 700, harmonics: 7, gain: 0.5 }],
  unknown_label: [{ hz: 330, ms: 160, harmonics: 5, gain: 0.5 }, { silenceMs: 60 }, { hz: 247, ms: 420, harmonics: 5, gain: 0.5 }],
  wrong_carrier: [
    { hz: 262, ms: 140, harmonics: 3 },
    { silenceMs: 50 },
    { hz: 262, ms: 140, harmonics: 3 },
    { silenceMs: 50 },
    { hz: 262, ms: 140, harmonics: 3 },
  ],
  invalid: [
    { hz: 440, ms: 120, harmonics: 3 },
    { hz: 294, ms: 260, harmonics: 3 },
  ],
  duplicate: [{ hz: 784, ms: 110 }, { silenceMs: 70 }, { hz: 784, ms: 110 }],
  already_handed_over: [{ hz: 880, ms: 110 }, { silenceMs: 60 }, { hz: 660, ms: 110 }, { silenceMs: 60 }, { hz: 440, ms: 180 }],
  not_connected: [
    { hz: 523, ms: 240, harmonics: 3 },
    { silenceMs: 120 },
    { hz: 392, ms: 240, harmonics: 3 },
    { silenceMs: 120 },
    { hz: 523, ms: 240, harmonics: 3 },
  ],
};

const outDir = resolve(__dirname, '../../resources/sounds');
mkdirSync(outDir, { recursive: true });
for (const [name, parts] of Object.entries(SOUNDS)) {
  const file = resolve(outDir, `${name}.wav`);
  writeFileSync(file, wav(render(parts)));
  process.stdout.write(`${file}\n`);
}
