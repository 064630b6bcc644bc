/**
 * Stable idempotency key for a carrier event, so re-polling the same history never stores an event twice.
 * Pure and dependency-free (src-shared may not use node:crypto).
 */
import type { NormalizedEvent } from './status';

/** The UTF-8 bytes of one code point above ASCII. */
function utf8Bytes(cp: number): number[] {
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

const hex16 = (limb: number) => limb.toString(16).padStart(4, '0');

/**
 * FNV-1a 64-bit over the UTF-8 bytes, as 16 lowercase hex digits. The 64-bit product is done in four 16-bit
 * limbs with plain numbers, and ASCII takes a path without allocation: this runs for every event ingested.
 */
export function fnv1a64(text: string): string {
  // Offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let bytes: number[] | null = null;
    if (code >= 0x80) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      bytes = utf8Bytes(cp);
    }
    const count = bytes ? bytes.length : 1;
    for (let j = 0; j < count; j++) {
      h0 ^= bytes ? bytes[j] : code;
      const t0 = h0 * 0x1b3;
      let t1 = h1 * 0x1b3;
      let t2 = h2 * 0x1b3 + (h0 << 8);
      let t3 = h3 * 0x1b3 + (h1 << 8);
      t1 += t0 >>> 16;
      t2 += t1 >>> 16;
      t3 += t2 >>> 16;
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
  }
  return hex16(h3) + hex16(h2) + hex16(h1) + hex16(h0);
}

/** Case and spacing vary between polls of the same event; they must not change the key. */
const MESSY_SPACE = /\s{2}|[\t\n\r\f\v\u00a0]/;
const canonical = (value: string | null | undefined): string => {
  if (!value) return '';
  const trimmed = value.trim();
  return (MESSY_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed).toUpperCase();
};

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
