import type { Reading } from './model';
import { readText } from './read';

/** `"&1 É2"` -> a map from what was typed to the key the scanner meant. */
const table = (pairs: string): ReadonlyMap<string, string> => new Map(pairs.split(' ').map((pair) => [pair[0], pair[1]] as const));

/** A US-layout scanner's keystrokes as another OS layout types them (upper-cased), mapped back. */
const LAYOUTS: readonly ReadonlyMap<string, string>[] = [
  // French / Belgian AZERTY: unshifted digit row, A<->Q and Z<->W swapped.
  table('&1 É2 "3 \'4 (5 -6 §6 È7 _8 !8 Ç9 À0 AQ QA ZW WZ'),
  // US layout with Shift inverted: the shifted digit row.
  table('!1 @2 #3 $4 %5 ^6 &7 *8 (9 )0'),
  // German QWERTZ: Y and Z swapped.
  table('YZ ZY'),
];

/** Characters only a non-US layout types from the digit row; no barcode carries them. */
const FOREIGN_DIGIT_KEYS = /[ÉÈÇÀ§]/;

/**
 * For a scan nothing could read: the readings it decodes to under each wrong layout, or null when it shows no
 * sign of a layout mismatch. An empty list still means mismatch (accented digit-row keys) with nothing decodable.
 */
export function readThroughLayouts(text: string): Reading[] | null {
  const upper = text.toUpperCase();
  const found: Reading[] = [];
  for (const layout of LAYOUTS) {
    let decoded = '';
    let changed = false;
    for (const ch of upper) {
      const meant = layout.get(ch);
      changed ||= meant !== undefined;
      decoded += meant ?? ch;
    }
    if (changed) found.push(...readText(decoded).readings);
  }
  return found.length > 0 || FOREIGN_DIGIT_KEYS.test(upper) ? found : null;
}
