import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvLine } from './csv-text';
import type { RowWriter } from './row-writer';

/** Streams rows to a file; rows are buffered and handed to the stream a slice at a time, honouring backpressure. */
export function csvFileWriter(path: string, columns: readonly string[], options: { bom?: boolean } = {}): RowWriter {
  const stream = createWriteStream(path);
  let failure: Error | null = null;
  stream.on('error', (error) => (failure = error));
  let buffer: string[] = [options.bom ? `\ufeff${csvLine(columns)}` : csvLine(columns)];

  const flush = async () => {
    if (failure) throw failure;
    if (buffer.length === 0) return;
    const text = buffer.join('');
    buffer = [];
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const close = () =>
    new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });

  return {
    write: (row) => void buffer.push(csvLine(row)),
    flush,
    finish: async () => {
      await flush();
      await close();
      if (failure) throw failure;
    },
    abort: async () => {
      buffer = [];
      await close().catch(() => undefined);
    },
  };
}
