/** A scan the window holds until the core has answered for it; `seq` keeps the order it was scanned in. */
export interface HeldScan {
  seq: number;
  sessionId: number;
  raw: string;
  manual: boolean;
  /** Sent with every attempt, so a scan whose answer was lost is recorded once however often it is replayed. */
  clientScanId: string;
  heldAt: string;
}

/** 96 random bits as hex: unique per scan across every station of a store. */
export const newClientScanId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The window's own record of scans not yet answered by the core, kept across reloads and restarts. */
export interface ScanOutbox {
  add(scan: Omit<HeldScan, 'seq'>): Promise<number>;
  remove(seq: number): Promise<void>;
  /** Oldest first. */
  all(): Promise<HeldScan[]>;
}

const DB_NAME = 'waybill-station';
const STORE = 'held-scans';

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/** IndexedDB in the window: it survives a reload, a closed tab and a restart of browser mode on the same address. */
export function indexedDbOutbox(factory: IDBFactory): ScanOutbox {
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    });
    return opened;
  };
  // Resolved once the transaction commits: a held scan is on disk before the station shows it.
  const write = async (change: (store: IDBObjectStore) => IDBRequest) => {
    const tx = (await db()).transaction(STORE, 'readwrite', { durability: 'strict' });
    const result = done(change(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
    return result;
  };
  return {
    add: async (scan) => Number(await write((store) => store.add(scan))),
    remove: async (seq) => void (await write((store) => store.delete(seq))),
    all: async () => (await done((await db()).transaction(STORE).objectStore(STORE).getAll())) as HeldScan[],
  };
}
