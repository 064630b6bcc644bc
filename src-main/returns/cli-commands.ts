import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ReturnRow } from '../../src-shared/api';
import { RETURN_STATES, type ReturnState } from '../../src-shared/domain/returns/lifecycle';
import { callFromCli } from '../dispatch/client';
import type { Dispatch } from '../dispatch/dispatcher';
import { CommandUsage } from '../platform/cli-usage';
import { decodeWhole } from '../sync';

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

/** `returns list [--json] [--state S]`: JSON for scripts, aligned columns for people. */
export async function returnsListCommand(dispatch: Dispatch, state: string | undefined, json: boolean): Promise<string> {
  if (state !== undefined && !isReturnState(state)) throw new CommandUsage(`--state must be one of ${RETURN_STATES.join(', ')}`);
  const { rows } = await callFromCli(dispatch, 'returns.list', { ...(state && { state }), limit: 5000 });
  if (json) return JSON.stringify({ returns: rows });
  const table = [COLUMNS.map(([name]) => name), ...rows.map((r) => COLUMNS.map(([, get]) => get(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((line) => line[i].length)));
  return [
    ...table.map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    ),
    `${rows.length} return(s)`,
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
