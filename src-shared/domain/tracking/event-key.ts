/**
 * Stable idempotency key for a carrier event, so re-polling the same history never stores an event twice.
 * Pure and dependency-free (src-shared may not use node:crypto).
 */
import type { NormalizedEvent } from './status';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** UTF-8 bytes of a string, written out by hand because TextEncoder is not in the ES lib typings. */
function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return bytes;
}

/** FNV-1a 64-bit over the UTF-8 bytes, as 16 lowercase hex digits. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of utf8(text)) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  return hash.toString(16).padStart(16, '0');
}

/** Case and spacing vary between polls of the same event; they must not change the key. */
const canonical = (value: string | null | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ').toUpperCase();

/** Unit separator: cannot occur in carrier text, so field boundaries stay unambiguous. */
const SEPARATOR = '\u001f';

/**
 * `id:<carrier event id>` when the carrier gives one; otherwise `h:<fnv1a64>` of carrier, tracking number,
 * code, instant (or local time when no instant is known) and location. Free text is deliberately left out:
 * carriers repeat the same text at different times and reword it between polls.
 */
export function eventKey(
  carrier: string,
  trackingNumber: string,
  event: Pick<NormalizedEvent, 'code' | 'occurredAt' | 'localTime' | 'location' | 'carrierEventId'>,
): string {
  const eventId = event.carrierEventId?.trim();
  if (eventId) return `id:${eventId}`;
  const when = event.occurredAt ?? event.localTime ?? '';
  const fields = [carrier, trackingNumber, event.code, when, event.location].map(canonical);
  return `h:${fnv1a64(fields.join(SEPARATOR))}`;
}
