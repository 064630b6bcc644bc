import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parseScanLine } from '../../src-shared/domain/scan';

/** `scan parse --jsonl`: one `{"raw": ...}` line in, one parse line out, in order; blank lines are skipped. */
export async function parseScanJsonLines(input: AsyncIterable<string | Buffer>, out: (line: string) => void): Promise<number> {
  let count = 0;
  const lines = createInterface({ input: input instanceof Readable ? input : Readable.from(input), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    out(JSON.stringify(parseScanLine(line)));
    count++;
  }
  return count;
}
