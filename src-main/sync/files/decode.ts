import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Sniffed = { kind: 'xlsx' } | { kind: 'text'; encoding: TextEncoding } | { kind: 'unreadable'; reason: string };

const SNIFF_BYTES = 64 * 1024;
/** The words every importer uses for a file that is not text (or a workbook) at all, and for one with only a header. */
export const NOT_CSV_OR_XLSX = 'this is not a CSV or XLSX file (it contains binary data)';
export const NO_DATA_ROWS = 'the file has no data rows (only a header)';

function validUtf8(head: Buffer): boolean {
  try {
    // stream: true keeps a multi-byte character cut at the end of the sample from counting as an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * What the first bytes say. UTF-8 (BOM or not) and UTF-16 with a BOM are read as such; text that is not
 * UTF-8 is read as Windows-1252, which is what Excel on Windows writes for "CSV (Comma delimited)".
 * UTF-16 without a BOM and binary files are refused: guessing would import garbage.
 */
export function sniff(head: Buffer): Sniffed {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { kind: 'xlsx' };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { kind: 'text', encoding: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  if (head.length === 0) return { kind: 'unreadable', reason: 'the file is empty' };
  const sample = head.subarray(0, 4096);
  const nuls = sample.filter((b) => b === 0).length;
  if (nuls > 0) {
    return {
      kind: 'unreadable',
      reason:
        nuls * 3 >= sample.length ? 'the file looks like UTF-16 text without a byte-order mark; save it as "CSV UTF-8" and import it again' : NOT_CSV_OR_XLSX,
    };
  }
  return { kind: 'text', encoding: validUtf8(head) ? 'utf-8' : 'windows-1252' };
}

export async function sniffFile(path: string): Promise<Sniffed> {
  const handle = await open(path, 'r');
  let head: Sniffed;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    head = sniff(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
  // Without a BOM the encoding is decided over the whole file: one Windows-1252 row must not recode the rest.
  if (head.kind !== 'text' || (head.encoding !== 'utf-8' && head.encoding !== 'windows-1252')) return head;
  return { kind: 'text', encoding: await wholeFileEncoding(path) };
}

/**
 * UTF-8 when the file has any well-formed multi-byte UTF-8 character (its odd undecodable rows are then
 * rejected one by one, with their row numbers); Windows-1252 only when nothing in it is UTF-8 beyond ASCII.
 */
export async function wholeFileEncoding(path: string): Promise<'utf-8' | 'windows-1252'> {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const lenient = new TextDecoder('utf-8');
  const beyondAscii = /[^\u0000-\u007f\ufffd]/;
  let valid = true;
  let sawUtf8 = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    if (valid) {
      try {
        const text = strict.decode(chunk as Buffer, { stream: true });
        sawUtf8 ||= beyondAscii.test(text);
        continue;
      } catch {
        valid = false;
      }
    }
    if (sawUtf8) break;
    sawUtf8 = beyondAscii.test(lenient.decode(chunk as Buffer, { stream: true }));
  }
  if (valid) {
    try {
      strict.decode();
    } catch {
      valid = false;
    }
  }
  return valid || sawUtf8 ? 'utf-8' : 'windows-1252';
}

/** Decoded text in chunks with the bytes read so far; never holds more than one chunk of the file. */
export async function* readText(path: string, encoding: TextEncoding, signal?: AbortSignal): AsyncGenerator<{ text: string; bytes: number }> {
  // Invalid UTF-8 later in a file becomes U+FFFD; the row holding it is rejected, the others are kept.
  const decoder = new TextDecoder(encoding, { fatal: false });
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024, signal })) {
    bytes += (chunk as Buffer).length;
    yield { text: decoder.decode(chunk as Buffer, { stream: true }), bytes };
  }
  const tail = decoder.decode();
  if (tail) yield { text: tail, bytes };
}

/** A small file read whole (returns files): the same sniffing and per-file encoding rule as the streamed import. */
export function decodeWhole(bytes: Buffer): { ok: true; text: string } | { ok: false; reason: string } {
  const head = sniff(bytes.subarray(0, SNIFF_BYTES));
  if (head.kind === 'unreadable') return { ok: false, reason: head.reason };
  if (head.kind === 'xlsx') return { ok: false, reason: 'this is an XLSX workbook; save it as "CSV UTF-8" and import it again' };
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  if (head.encoding === 'utf-8' || head.encoding === 'windows-1252') {
    // As wholeFileEncoding: any real UTF-8 beyond ASCII means the file is UTF-8 and its odd bytes are errors.
    const clean = !utf8.includes('\ufffd');
    return { ok: true, text: clean || /[^\u0000-\u007f\ufffd]/.test(utf8) ? utf8 : new TextDecoder('windows-1252').decode(bytes) };
  }
  return { ok: true, text: new TextDecoder(head.encoding).decode(bytes) };
}
