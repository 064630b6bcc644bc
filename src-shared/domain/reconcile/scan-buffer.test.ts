import { describe, expect, it } from 'vitest';
import { EMPTY_SCAN_BUFFER, feedScanBuffer, type ScanBufferOptions, type ScanKey } from './scan-buffer';

const UPS = '1ZW001AB0000000015';
const FEDEX = '700000000098';
const DHL = '3000000121';

/** Keys as a wedge (or a person) would type `text`, one every `perKeyMs`, starting at `from`. */
function typed(text: string, from: number, perKeyMs: number): ScanKey[] {
  return Array.from(text, (char, i) => ({ type: 'char' as const, char, at: from + i * perKeyMs }));
}
const end = (at: number): ScanKey => ({ type: 'end', at });
const idle = (at: number): ScanKey => ({ type: 'idle', at });
const backspace = (at: number): ScanKey => ({ type: 'backspace', at });

/** Labels back to back as a scanner sends them: `perKeyMs` per key, the suffix key, then `pauseMs` to the next. */
function bursts(labels: string[], perKeyMs: number, pauseMs: number, suffix: 'end' | 'none' = 'end'): ScanKey[] {
  const keys: ScanKey[] = [];
  let at = 0;
  for (const label of labels) {
    keys.push(...typed(label, at, perKeyMs));
    at += label.length * perKeyMs;
    if (suffix === 'end') keys.push(end(at));
    at += pauseMs;
  }
  return keys;
}

function run(keys: ScanKey[], options?: Partial<ScanBufferOptions>) {
  let state = EMPTY_SCAN_BUFFER;
  const scans: string[] = [];
  for (const key of keys) {
    const step = feedScanBuffer(state, key, { idleMs: 80, minBurstLength: 6, ...options });
    state = step.state;
    scans.push(...step.scans);
  }
  return { scans, pending: state.text };
}

const twentyPerSecond = Array.from({ length: 20 }, (_, i) => `1ZW${String(i).padStart(3, '0')}AB00000000${String(i).padStart(2, '0')}`);

describe('scan buffer', () => {
  it.each<[string, ScanKey[], Partial<ScanBufferOptions>, string[], string]>([
    ['one label ending in Enter', bursts([UPS], 5, 0), {}, [UPS], ''],
    ['labels back to back with no pause', bursts([UPS, FEDEX, DHL], 2, 0), {}, [UPS, FEDEX, DHL], ''],
    ['20 labels a second, 1 ms a key', bursts(twentyPerSecond, 1, 32), {}, twentyPerSecond, ''],
    ['Tab ends a label like Enter does', [...typed(UPS, 0, 5), end(90), ...typed(FEDEX, 95, 5), end(160)], {}, [UPS, FEDEX], ''],
    ['a missing suffix: the pause splits the two labels', [...typed(UPS, 0, 5), ...typed(FEDEX, 300, 5), end(400)], {}, [UPS, FEDEX], ''],
    ['a missing suffix on the last label: the idle tick sends it', [...typed(UPS, 0, 5), idle(85 + 80)], {}, [UPS], ''],
    ['an idle tick before the pause is long enough sends nothing', [...typed(UPS, 0, 5), idle(85 + 40)], {}, [], UPS],
    ['a person typing slowly is never cut by pauses', [...typed(UPS, 0, 150), idle(5000), end(6000)], {}, [UPS], ''],
    ['a person stopping mid-number keeps the text for Enter', [...typed('1ZW001', 0, 200), idle(5000)], {}, [], '1ZW001'],
    ['a few quick keys are not a label on their own', [...typed('1Z', 0, 10), idle(500)], {}, [], '1Z'],
    ['Enter on nothing, or on spaces, is not a scan', [end(0), ...typed('  ', 10, 5), end(30)], {}, [], ''],
    ['backspace corrects typing', [...typed('1ZX', 0, 150), backspace(600), ...typed('W', 700, 150), end(900)], {}, ['1ZW'], ''],
    ['a programmed suffix ends each label even with no Enter', typed(`${UPS}#${FEDEX}#`, 0, 2), { suffix: '#' }, [`${UPS}#`, `${FEDEX}#`], ''],
    ['a suffix alone is not a scan', typed('#', 0, 2), { suffix: '#' }, [], '#'],
  ])('%s', (_case, keys, options, scans, pending) => {
    expect(run(keys, options)).toEqual({ scans, pending });
  });

  it('50 scans in a burst come out complete, unmerged and in order', () => {
    const labels = Array.from({ length: 50 }, (_, i) => (i % 7 === 3 ? `NOT-A-LABEL-${i}` : `${UPS.slice(0, 10)}${String(i).padStart(8, '0')}`));
    expect(run(bursts(labels, 5, 5)).scans).toEqual(labels);
  });
});
