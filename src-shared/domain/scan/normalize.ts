import type { ScanParseOptions, Token } from './model';

/** Literal spellings of control characters that reader or wedge software types instead of the byte. */
const MARKER = /\{(GS|RS|EOT|FS)\}|<(GS|RS|EOT|FS)>/gi;
const CONTROL: Record<string, string> = { GS: '\u001d', RS: '\u001e', EOT: '\u0004', FS: '\u001c' };

/** AIM symbology identifier (`]C1` GS1-128, `]C0` Code 128, `]d2` DataMatrix, `]Q3` QR, `]L2` PDF417...). */
const AIM_ID = /^\][A-Za-z][0-9A-Za-z]/;

/** Whitespace beyond ASCII (NBSP and the like) and zero-width marks that label templates insert. */
const WIDE_NOISE = /[\s\u200b-\u200d]/;
const NOT_ALNUM = /[^0-9A-Z]/g;

// Control characters are tested by code, not by regex, so no pattern has to spell them.
const EOT = 0x04;
const FS = 0x1c;
const RS = 0x1e;
const isControl = (code: number): boolean => code < 0x20 || code === 0x7f;
/** FS, GS, RS and EOT end a data element; a trailing one is noise, an inner one splits fields. */
const isSeparator = (code: number): boolean => code === EOT || (code >= FS && code <= RS);

/**
 * The scan with the scanner's framing removed (outer whitespace and CR/LF/Tab, configured prefix and
 * suffix, AIM identifier) and literal `{GS}`-style markers turned into the control characters they stand for.
 */
export function unframe(raw: string, options: ScanParseOptions): string {
  let s = raw.trim();
  const { prefixToStrip: prefix, suffixToStrip: suffix } = options;
  if (prefix && s.startsWith(prefix)) s = s.slice(prefix.length);
  if (suffix && s.endsWith(suffix)) s = s.slice(0, s.length - suffix.length);
  return s
    .trim()
    .replace(MARKER, (_m, a: string | undefined, b: string | undefined) => CONTROL[(a ?? b ?? '').toUpperCase()])
    .replace(AIM_ID, '');
}

/** The data elements of a scan, split at separators. */
export function splitElements(text: string): string[] {
  const elements: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isSeparator(text.charCodeAt(i))) continue;
    elements.push(text.slice(start, i));
    start = i + 1;
  }
  elements.push(text.slice(start));
  return elements;
}

/** The text without control characters, as a wedge that cannot type them would have sent it. */
export function withoutControls(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!isControl(text.charCodeAt(i))) out += text[i];
  return out;
}

/** One data element as the rules read it: upper-case, whitespace and control characters removed. */
export function tokenize(element: string): Token {
  let compact = '';
  for (const ch of element.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || (code > 0x7f && WIDE_NOISE.test(ch))) continue;
    compact += ch;
  }
  return { compact, alnum: compact.replace(NOT_ALNUM, '') };
}
