/**
 * Stable idempotency key for a carrier event, so re-polling the same history never stores an event twice.
 * Pure and dependency-free (src-shared may not use node:crypto).
 */
import type { NormalizedEvent } from './status';

/** FNV-1a 64 state as four 16-bit limbs, lowest first: plain small integers, where BigInt would allocate per byte. */
type Fnv = [number, number, number, number];
const OFFSET_BASIS: Fnv = [0x2325, 0x8422, 0x9ce4, 0xcbf2];

/** The UTF-8 bytes of one code point above ASCII. */
function utf8Bytes(cp: number): number[] {
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

const isAsciiSpace = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d);

/**
 * Feeds the text's UTF-8 bytes into the state. `fold` (for ASCII text only) feeds the canonical form without
 * copying it: trimmed, each whitespace run as one space, letters upper-cased.
 */
function feed(state: Fnv, text: string, fold: boolean): void {
  let [h0, h1, h2, h3] = state;
  let started = false;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    let bytes: number[] | null = null;
    if (code >= 0x80) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      bytes = utf8Bytes(cp);
    } else if (fold) {
      if (isAsciiSpace(code)) {
        space = started;
        continue;
      }
      if (space) {
        // The run's one space goes first; this character is read again next time round.
        space = false;
        code = 0x20;
        i--;
      } else {
        started = true;
        if (code >= 0x61 && code <= 0x7a) code -= 0x20;
      }
    }
    const count = bytes ? bytes.length : 1;
    for (let j = 0; j < count; j++) {
      // Multiply by the prime 0x100000001b3 = 2^40 + 0x1b3, carrying between limbs.
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
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
}

const limbHex = (limb: number) => (limb | 0x10000).toString(16).slice(1);
const hex = (state: Fnv) => limbHex(state[3]) + limbHex(state[2]) + limbHex(state[1]) + limbHex(state[0]);

/** FNV-1a 64-bit of the text's UTF-8 bytes, as 16 lowercase hex digits. */
export function fnv1a64(text: string): string {
  const state: Fnv = [...OFFSET_BASIS];
  feed(state, text, false);
  return hex(state);
}

/** Case and spacing vary between polls of the same event; they must not change the key. */
const MESSY_SPACE = /\s{2}|[\t\n\r\f\v\u00a0]/;
const NON_ASCII = /[^\0-\x7f]/;
/** Unit separator: cannot occur in carrier text, so field boundaries stay unambiguous. */
const SEPARATOR = '\u001f';

function feedField(state: Fnv, value: string | null | undefined, last = false): void {
  if (value && NON_ASCII.test(value)) {
    const trimmed = value.trim();
    feed(state, (MESSY_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed).toUpperCase(), false);
  } else if (value) {
    feed(state, value, true);
  }
  if (!last) feed(state, SEPARATOR, false);
}

type KeyedEvent = Pick<NormalizedEvent, 'code' | 'occurredAt' | 'localTime' | 'location' | 'carrierEventId'>;

/**
 * One key per event: `id:<carrier event id>` when the carrier gives one; otherwise `h:<fnv1a64>` of carrier,
 * tracking number, code, instant (or local time when no instant is known) and location, each in canonical form,
 * joined by SEPARATOR. Free text is deliberately left out: carriers repeat the same text at different times and
 * reword it between polls. The shared carrier and number prefix is hashed once for the whole history.
 */
export function eventKeys(carrier: string, trackingNumber: string, events: readonly KeyedEvent[]): string[] {
  const prefix: Fnv = [...OFFSET_BASIS];
  feedField(prefix, carrier);
  feedField(prefix, trackingNumber);
  return events.map((event) => {
    const eventId = event.carrierEventId?.trim();
    if (eventId) return `id:${eventId}`;
    const state: Fnv = [...prefix];
    feedField(state, event.code);
    feedField(state, event.occurredAt ?? event.localTime);
    feedField(state, event.location, true);
    return `h:${hex(state)}`;
  });
}
