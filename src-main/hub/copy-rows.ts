import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/**
 * Reading the hub in bulk: `COPY (SELECT …) TO STDOUT (FORMAT binary)` streams rows as fast as the server
 * can send them, with no per-row protocol message to parse, while this station stores what came before.
 * The binary format is length-prefixed, so a value's content (quotes, backslashes, new lines) is never
 * unescaped or guessed at.
 */

/** One row's fields as the server sent them: raw bytes, or null for SQL NULL. */
export type CopyFields = (Buffer | null)[];

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Splits binary COPY output into rows, however the bytes were cut into chunks: `push` takes the next chunk and
 * returns the rows it completed; a row cut in two waits for its second half.
 */
export function copyDecoder(): { push(chunk: Buffer): CopyFields[]; ended(): boolean } {
  let pending: Buffer = Buffer.alloc(0);
  let headerRead = false;
  let trailerRead = false;
  return {
    push(chunk) {
      const buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const rows: CopyFields[] = [];
      let at = 0;
      if (!headerRead) {
        if (buffer.length < SIGNATURE.length + 8) {
          pending = buffer;
          return rows;
        }
        if (!buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('the hub did not send binary COPY data');
        const extension = buffer.readUInt32BE(SIGNATURE.length + 4);
        if (buffer.length < SIGNATURE.length + 8 + extension) {
          pending = buffer;
          return rows;
        }
        at = SIGNATURE.length + 8 + extension;
        headerRead = true;
      }
      while (!trailerRead && buffer.length - at >= 2) {
        const count = buffer.readInt16BE(at);
        if (count === -1) {
          trailerRead = true;
          at += 2;
          break;
        }
        const fields: CopyFields = [];
        let cursor = at + 2;
        for (let i = 0; i < count; i++) {
          if (buffer.length - cursor < 4) break;
          const length = buffer.readInt32BE(cursor);
          cursor += 4;
          if (length === -1) {
            fields.push(null);
            continue;
          }
          if (buffer.length - cursor < length) break;
          fields.push(buffer.subarray(cursor, cursor + length));
          cursor += length;
        }
        if (fields.length < count) break;
        rows.push(fields);
        at = cursor;
      }
      // The rest is the start of a row still coming: copied, so the chunk it came in can be let go.
      pending = Buffer.from(buffer.subarray(at));
      return rows;
    },
    ended: () => trailerRead,
  };
}

/**
 * Runs `sql` (a SELECT, its values already quoted: COPY takes no parameters) as a binary COPY and yields its
 * rows in batches of up to `batchSize`; the stream waits while the caller works on a batch.
 */
export async function* copyBatches(client: ClientBase, sql: string, batchSize: number): AsyncGenerator<CopyFields[]> {
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT binary)`));
  const decoder = copyDecoder();
  let batch: CopyFields[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const row of decoder.push(chunk)) {
      batch.push(row);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (!decoder.ended()) throw new Error('the hub ended a COPY before its last row');
  if (batch.length) yield batch;
}

/** A text field's value. */
export const copyText = (field: Buffer | null): string | null => (field === null ? null : field.toString('utf8'));

/** A jsonb field's value: a version byte (1), then the JSON text. */
export function copyJsonb(field: Buffer | null): unknown {
  if (field === null) return null;
  if (field[0] !== 1) throw new Error(`the hub sent jsonb of an unknown version ${field[0]}`);
  return JSON.parse(field.toString('utf8', 1));
}

/** A bigint field's value, as text (change numbers go beyond 2^53 in principle). */
export const copyBigint = (field: Buffer | null): string | null => (field === null ? null : field.readBigInt64BE(0).toString());
