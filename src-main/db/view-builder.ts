import { Worker } from 'node:worker_threads';

/**
 * Each id once, where it first falls (`first`) or where it last falls (`last`), in `ids`' order. A queue view lists
 * a parcel once per item: read from the start it sits at its first item, read from the end at its last. Plain
 * JavaScript with no outside names: the worker below runs its source too. Indexed loops: `for…of` over half a
 * million ids is several times slower.
 */
export function eachOnce(ids: Int32Array, keep: 'first' | 'last'): Int32Array {
  let max = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  const seen = new Uint8Array(max + 1);
  const kept = new Int32Array(ids.length);
  if (keep === 'first') {
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      if (seen[ids[i]] === 1) continue;
      seen[ids[i]] = 1;
      kept[n++] = ids[i];
    }
    return n === ids.length ? kept : kept.slice(0, n);
  }
  // Filled from the end: walking backwards, an id's first sighting is its last place.
  let start = ids.length;
  for (let i = ids.length - 1; i >= 0; i--) {
    if (seen[ids[i]] === 1) continue;
    seen[ids[i]] = 1;
    kept[--start] = ids[i];
  }
  return start === 0 ? kept : kept.slice(start);
}

/**
 * Reads a big grid view's sorted ids on a second connection in a worker (db/sorted-views.ts): a million ids take
 * a few hundred milliseconds to read, which on the main thread would hold every window and scan that long. The
 * ids come back as a transferred buffer, so nothing is copied on the way.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const eachOnce = ${eachOnce.toString()};
const statements = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'stop') { db.close(); parentPort.close(); return; }
  try {
    let statement = statements.get(message.sql);
    if (!statement) statements.set(message.sql, (statement = db.prepare(message.sql).pluck()));
    const all = Int32Array.from(statement.all(...message.parameters));
    const ids = message.keep ? eachOnce(all, message.keep) : all;
    parentPort.postMessage({ id: message.id, ids }, [ids.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error) });
  }
});
`;

export interface IdQuery {
  sql: string;
  parameters: readonly unknown[];
  /** Each id once, at its first or its last place (`eachOnce`), done where the ids are read. */
  keep?: 'first' | 'last';
}

export interface ViewBuilder {
  read(query: IdQuery): Promise<Int32Array>;
  stop(): void;
}

export function startViewBuilder(path: string): ViewBuilder {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver: require.resolve('better-sqlite3') } });
  const waiting = new Map<number, { resolve(ids: Int32Array): void; reject(error: Error): void }>();
  let nextId = 0;
  worker.on('message', (message: { id: number; ids?: Int32Array; error?: string }) => {
    const waiter = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ids) waiter?.resolve(message.ids);
    else waiter?.reject(new Error(message.error ?? 'the view builder failed'));
    // Idle, the worker never keeps the process alive; a read in flight does.
    if (waiting.size === 0) worker.unref();
  });
  const failAll = (error: Error) => {
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  worker.on('error', (error) => failAll(error instanceof Error ? error : new Error(String(error))));
  worker.on('exit', () => failAll(new Error('the view builder stopped')));
  worker.unref();
  return {
    read: (query) =>
      new Promise<Int32Array>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ type: 'read', id, sql: query.sql, parameters: query.parameters, keep: query.keep });
      }),
    // Held until it has closed: a process leaving mid-read would end the worker inside SQLite and abort.
    stop: () => {
      worker.ref();
      worker.postMessage({ type: 'stop' });
    },
  };
}
