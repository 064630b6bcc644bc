/**
 * The import's CSV reader is hand-written, on purpose. csv-parse (the field's kept parser, used elsewhere here)
 * was tried in its place and measured: on the benchmark's 100k-row file (15 MB) it took 1.0-1.2 s of CPU
 * against 0.14-0.25 s for this parser, and `bench --only sync.import` fell from 0.58-0.71 to 0.28-0.68
 * (median 0.44) against its 0.5 floor. This parser is the import's hot path, so it stays; a property test
 * (`csv.test.ts`) holds it to csv-parse on well-formed files split into chunks anywhere.
 */
export interface CsvRecord {
  /** Line of the file where the record starts (1-based), i.e. the spreadsheet row number without multi-line cells. */
  line: number;
  cells: string[];
  /** The file ended inside a quoted field. */
  unterminated?: boolean;
}

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The delimiter that splits the header line most often, outside quotes; comma when none does. */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * RFC 4180 CSV, fed in chunks of any size: quoted fields may hold delimiters, doubled quotes and line
 * breaks, and may be split across chunks. Blank lines are skipped. Stray quotes inside unquoted text are kept.
 */
export class CsvParser {
  private readonly delimiter: number;
  private state = State.FieldStart;
  private field = '';
  private cells: string[] = [];
  private line = 1;
  private recordLine = 1;
  private skipLf = false;

  constructor(delimiter: Delimiter) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = chunk.length;
    let i = 0;
    if (this.skipLf && n > 0) {
      if (chunk.charCodeAt(0) === LF) i = 1;
      this.skipLf = false;
    }
    while (i < n) {
      if (this.state === State.Quoted) {
        const q = chunk.indexOf('"', i);
        const end = q === -1 ? n : q;
        const part = chunk.slice(i, end);
        this.field += part;
        for (let nl = part.indexOf('\n'); nl !== -1; nl = part.indexOf('\n', nl + 1)) this.line++;
        if (q === -1) return out;
        this.state = State.QuoteInQuoted;
        i = q + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.state === State.QuoteInQuoted) {
        if (c === QUOTE) {
          this.field += '"';
          this.state = State.Quoted;
          i++;
          continue;
        }
        this.state = State.Unquoted;
      }
      if (c === this.delimiter) {
        this.cells.push(this.field);
        this.field = '';
        this.state = State.FieldStart;
        i++;
      } else if (c === LF || c === CR) {
        this.endRecord(out);
        this.line++;
        i++;
        if (c === CR) {
          if (i < n) {
            if (chunk.charCodeAt(i) === LF) i++;
          } else this.skipLf = true;
        }
      } else if (c === QUOTE && this.state === State.FieldStart) {
        this.state = State.Quoted;
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === this.delimiter || d === LF || d === CR) break;
          j++;
        }
        this.field += chunk.slice(i, j);
        this.state = State.Unquoted;
        i = j;
      }
    }
    return out;
  }

  /** The last record when the file does not end with a line break. */
  finish(): CsvRecord[] {
    const out: CsvRecord[] = [];
    const unterminated = this.state === State.Quoted;
    if (this.field !== '' || this.cells.length > 0 || unterminated) this.endRecord(out, unterminated);
    return out;
  }

  private endRecord(out: CsvRecord[], unterminated = false) {
    this.cells.push(this.field);
    const cells = this.cells;
    this.cells = [];
    this.field = '';
    this.state = State.FieldStart;
    const blank = cells.length === 1 && cells[0] === '';
    if (!blank) out.push(unterminated ? { line: this.recordLine, cells, unterminated } : { line: this.recordLine, cells });
    this.recordLine = this.line + 1;
  }
}
