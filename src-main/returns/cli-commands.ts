import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ReturnRow } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import { RETURN_STATES, type ReturnState } from '../../src-shared/domain/returns/lifecycle';
import { callFromCli } from '../dispatch/client';
import type { Dispatch } from '../dispatch/dispatcher';
import { CommandUsage } from '../platform/cli-usage';
import { decodeWhole } from '../sync';
import { streamReturns } from './repo';

const isReturnState = (state: string): state is ReturnState => (RETURN_STATES as readonly string[]).includes(state);

const COLUMNS: [string, (r: ReturnRow) => string][] = [
  ['id', (r) => String(r.id)],
  ['state', (r) => r.state],
  ['rma', (r) => r.rmaNumber ?? ''],
  ['order', (r) => r.orderNumber ?? ''],
  ['tracking', (r) => r.trackingNumber ?? ''],
  ['carrier', (r) => r.carrier ?? ''],
  ['received', (r) => r.receivedAt ?? ''],
  ['condition', (r) => r.condition ?? ''],
];

/** `returns list [--json] [--state S]`: every return, read in one pass (a year of returns is 200k); JSON for scripts, aligned columns for people. */
export function returnsListCommand(db: Db, state: string | undefined, json: boolean, now: number): string {
  if (state !== undefined && !isReturnState(state)) throw new CommandUsage(`--state must be one of ${RETURN_STATES.join(', ')}`);
  const rows = streamReturns(db, { state }, new Date(now).toISOString());
  if (json) {
    // Each row is written as the statement steps to it: the rows are never held as objects all at once.
    const parts = ['{"returns":['];
    let first = true;
    for (const r of rows) {
      parts.push(first ? JSON.stringify(r) : `,${JSON.stringify(r)}`);
      first = false;
    }
    parts.push(']}');
    return parts.join('');
  }
  const table = [COLUMNS.map(([name]) => name), ...Array.from(rows, (r) => COLUMNS.map(([, get]) => get(r)))];
  const widths = COLUMNS.map((_, i) => table.reduce((widest, line) => Math.max(widest, line[i].length), 0));
  return [
    ...table.map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    ),
    `${table.length - 1} return(s)`,
  ].join('\n');
}

/** The contract's limit for one call; the same file through the window would be refused the same way. */
const MAX_FILE_BYTES = 800_000;

/** `import returns FILE`: counts and every rejected row (row number and reason) as JSON. */
export async function importReturnsCommand(dispatch: Dispatch, file: string | undefined): Promise<string> {
  if (!file) throw new CommandUsage('import returns needs a FILE.csv');
  const path = resolve(file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CommandUsage(`no such file: ${file}`);
  }
  if (size > MAX_FILE_BYTES) throw new CommandUsage(`${file} is larger than ${MAX_FILE_BYTES.toLocaleString('en-US')} bytes; split it into smaller files`);
  const decoded = decodeWhole(readFileSync(path));
  if (!decoded.ok) throw new CommandUsage(`${file}: ${decoded.reason}`);
  const result = await callFromCli(dispatch, 'returns.importFile', { name: basename(path), content: decoded.text });
  return JSON.stringify(result);
}
