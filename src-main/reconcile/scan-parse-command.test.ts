import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { exampleTrackingNumber } from '../demo/tracking-numbers';

async function scanParse(stdin: string, ...flags: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['scan', 'parse', ...flags], { out: (t) => out.push(t), err: (t) => err.push(t), input: Readable.from([stdin]) });
  return { code, out, err: err.join('\n') };
}

describe('waybill scan parse --jsonl', () => {
  it('writes one parse line per input line, in order, and keeps going past bad lines', async () => {
    const ups = exampleTrackingNumber('ups', 5);
    const input = [JSON.stringify({ raw: ` ${ups}\r` }), '', 'not json', JSON.stringify({ raw: '' }), JSON.stringify({ raw: 'HELLO' })].join('\n');
    const result = await scanParse(`${input}\n`, '--jsonl');
    expect(result.code).toBe(0);
    expect(result.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { raw: ` ${ups}\r`, candidates: [{ carrier: 'ups', trackingNumber: ups, format: 'ups_1z' }], error: null },
      { raw: 'not json', candidates: [], error: 'bad_input' },
      { raw: '', candidates: [], error: 'empty' },
      { raw: 'HELLO', candidates: [], error: 'no_valid_match' },
    ]);
  });

  it('asks for --jsonl rather than guessing the input format', async () => {
    const result = await scanParse('{"raw":"x"}\n');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--jsonl');
  });
});
