import { readNumber } from './bare';
import { isIso15434, readIso15434 } from './iso15434';
import type { Reading, TextReading } from './model';
import { splitElements, tokenize } from './normalize';
import { ROUTING_ONLY } from './usps';

/** Reads unframed scan text: a 2D envelope, or data elements (split at FS/GS/RS/EOT) each read as a number. */
export function readText(text: string): TextReading {
  if (isIso15434(text)) return readIso15434(text);
  const readings: Reading[] = [];
  let routing: Reading[] | null = null;
  let unread = false;
  for (const element of splitElements(text)) {
    const token = tokenize(element);
    if (token.compact === '') continue;
    const found = readNumber(token);
    // A bare 420+ZIP9 passes FedEx 12 one time in ten; the routing barcode on every label is the likelier read.
    if (ROUTING_ONLY.test(token.alnum)) routing = found;
    else if (found.length > 0) readings.push(...found);
    else unread = true;
  }
  if (readings.length > 0) return { readings, error: null };
  if (routing && !unread) return { readings: [], error: 'routing_code_only', suggestions: routing };
  return { readings: [], error: unread ? 'no_valid_match' : 'empty' };
}
