import { Worker } from 'node:worker_threads';

/**
 * Copying the write-ahead log back into the store can take tens of milliseconds; on the main thread that
 * lands inside whichever scan or rules slice commits at that moment. A second connection in a worker does it,
 * on a timer and whenever a long writer asks (it waits without holding the main thread).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); return null; } catch (error) { return String(error); } };
const timer = setInterval(() => { const error = checkpoint(); if (error) parentPort.postMessage({ error }); }, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.type === 'checkpoint') return parentPort.postMessage({ done: message.id, error: checkpoint() });
  clearInterval(timer); checkpoint(); db.close(); parentPort.close();
});
`;

export interface Checkpointer {
  /** Checkpoints now in the worker; resolves when it is done (failures are reported through onError). */
  checkpoint(): Promise<void>;
  stop(): void;
}

export function startCheckpointer(path: string, intervalMs: number, onError: (message: string) => void): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver: require.resolve('better-sqlite3') } });
  const waiting = new Map<number, () => void>();
  let nextId = 0;
  worker.on('message', (message: { done?: number; error: string | null }) => {
    if (message.error) onError(message.error);
    if (message.done !== undefined) waiting.get(message.done)?.();
    waiting.delete(message.done ?? -1);
    // The timer alone never keeps the process alive; a caller waiting for an answer does.
    if (waiting.size === 0) worker.unref();
  });
  worker.on('error', (error) => onError(String(error)));
  // A stopped worker answers no more: nobody may wait for it forever.
  worker.on('exit', () => {
    for (const resolve of waiting.values()) resolve();
    waiting.clear();
  });
  worker.unref();
  return {
    checkpoint: () =>
      new Promise<void>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        worker.ref();
        worker.postMessage({ type: 'checkpoint', id });
      }),
    // Held until it has closed: a process leaving mid-checkpoint would end the worker inside SQLite and abort.
    stop: () => {
      worker.ref();
      worker.postMessage({ type: 'stop' });
    },
  };
}
