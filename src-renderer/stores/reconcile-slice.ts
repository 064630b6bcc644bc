import {
  ApiError,
  type Board,
  type BoardBucket,
  type BoardFilter,
  type BucketRow,
  type DayManifest,
  type HandoffClose,
  type HandoffProgress,
  type Manifest,
  type MethodArg,
  type Page,
  type ScanEntry,
  type ScanResult,
  type ScanSession,
  type ScanVerdict,
  type SessionDetail,
  type StationSettings,
  type VerdictCounts,
} from '../../src-shared/api';
import { isSameParcel, stopsTheLine } from '../../src-shared/domain/reconcile/stop-the-line';
import { indexedDbOutbox, newClientScanId, type HeldScan } from './scan-outbox';
import type { SliceCreator } from './types';

export type ScanRowStatus = 'pending' | 'recorded' | 'failed' | 'undone';

/** One line of the station's scan list: sent and waiting, recorded with a verdict, refused, or undone. */
export interface ScanRow {
  key: string;
  scanId: number | null;
  raw: string;
  manual: boolean;
  status: ScanRowStatus;
  verdict: ScanVerdict | null;
  trackingNumber: string | null;
  message: string | null;
  scannedAt: string | null;
}

export type ReconcileTab = 'scan' | 'day' | 'board';
export type NoteTarget = 'lastScan' | 'session';

export interface ReconcileSlice {
  /** `reconcile.scanned`: an open board refreshes, at most once a while. */
  reconcileScanned(): void;
  reconcileTab: ReconcileTab;
  openSessions: ScanSession[];
  scanSession: ScanSession | null;
  verdictCounts: VerdictCounts | null;
  scanTotal: number;
  /** Newest first. */
  scanRows: ScanRow[];
  showAllScans: boolean;
  lastScan: ScanResult | null;
  /** The scan the last undo took back, shown until the next verdict. */
  lastUndone: ScanEntry | null;
  /** Bumped per recorded verdict, so the same verdict twice in a row still sounds twice. */
  lastScanSeq: number;
  /** Scans held in the window (IndexedDB) that the core has not answered yet, replayed ones included. */
  pendingScans: number;
  /** Scans are held, in order, until the core answers again. */
  waitingForCore: boolean;
  /** A verdict that needs action holds the line, full screen, until acknowledged; later scans wait behind it. */
  stoppedBy: ScanResult | null;
  reconcileError: string | null;
  stationSettings: StationSettings | null;
  closedSession: { session: ScanSession; manifest: Manifest | null; total: number; counts: VerdictCounts | null } | null;
  boardFilter: BoardFilter;
  board: Board | null;
  boardBucket: BoardBucket | null;
  /** Bumped when the board reloads, so the bucket grid re-asks for its rows. */
  boardVersion: number;

  setReconcileTab(tab: ReconcileTab): void;
  loadOpenSessions(): Promise<void>;
  openScanSession(arg: MethodArg<'reconcile.openSession'>): Promise<void>;
  resumeScanSession(sessionId: number): Promise<void>;
  leaveScanSession(): void;
  submitScan(raw: string, manual?: boolean): Promise<void>;
  acknowledgeStop(): void;
  /** Sends, in order, the scans an earlier window held and the core never answered; reopens their session. */
  replayHeldScans(): Promise<void>;
  undoLastScan(): Promise<void>;
  addScanNote(text: string, target: NoteTarget): Promise<void>;
  closeScanSession(): Promise<void>;
  dismissClosedSession(): void;
  exportManifestCsv(sessionId: number): Promise<{ filename: string; csv: string }>;
  exportSessionCsv(sessionId: number): Promise<{ filename: string; csv: string }>;
  /** The open handoff's "18 of 26 expected", refreshed after each verdict. */
  handoffProgress: HandoffProgress | null;
  loadHandoffProgress(): Promise<void>;
  /** Station mode: the verdict fills the screen, readable from two metres. */
  stationMode: boolean;
  setStationMode(on: boolean): void;
  dayCloses: HandoffClose[];
  dayManifest: DayManifest | null;
  loadDayCloses(): Promise<void>;
  closeDay(arg: MethodArg<'reconcile.closeDay'>): Promise<void>;
  openDayManifest(closeId: number | null): Promise<void>;
  fetchStationSettings(station: string): Promise<StationSettings>;
  saveStationSettings(station: string, patch: Partial<Omit<StationSettings, 'station'>>): Promise<StationSettings | null>;
  setShowAllScans(showAll: boolean): Promise<void>;
  setBoardFilter(patch: Partial<BoardFilter>): void;
  loadBoard(): Promise<void>;
  openBucket(bucket: BoardBucket | null): void;
  fetchBucketBlock(startRow: number, endRow: number): Promise<Page<BucketRow>>;
}

const FULL_LOG_LIMIT = 5000;
const RETRY_MS = 1000;
// Scans arriving together (a burst at this station, a batch pulled from the hub) refresh the board once, within a second.
const BOARD_REFRESH_MS = 1000;

/** The operator's calendar day (en-CA formats as YYYY-MM-DD). */
const today = () => new Date().toLocaleDateString('en-CA');
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A held scan on its way; `seq` is null when the window's store refused it (it is still sent). */
type Sendable = Omit<HeldScan, 'seq' | 'heldAt'> & { seq: number | null };

const rowFromEntry = (e: ScanEntry): ScanRow => ({
  key: `scan-${e.scanId}`,
  scanId: e.scanId,
  raw: e.raw,
  manual: e.manual,
  status: e.undoneAt ? 'undone' : 'recorded',
  verdict: e.verdict,
  trackingNumber: e.trackingNumber,
  message: e.error,
  scannedAt: e.scannedAt,
});

export const createReconcileSlice: SliceCreator<ReconcileSlice> = (set, get, client) => {
  // Scans, undo and close run strictly one after another, in the order the station produced them.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  let localSeq = 0;
  const outbox = indexedDbOutbox(window.indexedDB);
  // Scans are written to the outbox one after another, so they are shown and sent in the order scanned.
  let intake: Promise<unknown> = Promise.resolve();
  // Resolves when the verdict holding the line is acknowledged.
  let release: (() => void) | null = null;
  let released: Promise<void> = Promise.resolve();
  const stopLine = (result: ScanResult) => {
    released = new Promise<void>((resolve) => (release = resolve));
    set({ stoppedBy: result });
  };
  const acknowledge = () => {
    set({ stoppedBy: null });
    release?.();
    release = null;
  };
  /** Forgets a held scan once the core has answered for it; a failing window store must not stop the line. */
  const forget = (seq: number | null) => (seq === null ? Promise.resolve() : outbox.remove(seq).catch(() => undefined));
  let boardRefresh: ReturnType<typeof setTimeout> | null = null;

  const patchRow = (key: string, patch: Partial<ScanRow>) => set({ scanRows: get().scanRows.map((r) => (r.key === key ? { ...r, ...patch } : r)) });

  /** Server truth for counts and the list; rows still on their way stay on top. */
  const applyDetail = (detail: SessionDetail) => {
    const pending = get().scanRows.filter((r) => r.status === 'pending' && r.scanId === null);
    set({
      scanSession: detail.session,
      verdictCounts: detail.counts,
      scanTotal: detail.total,
      scanRows: [...pending, ...detail.scans.map(rowFromEntry)],
    });
  };

  const enterSession = async (session: ScanSession, held: ScanRow[] = []) => {
    set({ scanSession: session, scanRows: held, lastScan: null, lastUndone: null, closedSession: null, showAllScans: false, reconcileError: null });
    const [detail, settings] = await Promise.all([
      client.call('reconcile.session', { sessionId: session.id }),
      client.call('reconcile.stationSettings.get', { station: session.station }),
    ]);
    applyDetail(detail);
    set({ stationSettings: settings, handoffProgress: null });
    void get().loadHandoffProgress();
  };

  /**
   * Sends one held scan once the line is free; while the core is unreachable it waits and retries the same
   * scan, so order holds. The scan leaves the window's store only when the core has answered for it.
   */
  const send = async ({ seq, sessionId, raw, manual, clientScanId }: Sendable, key: string) => {
    // Scanned again before its own verdict came back: that second scan is the acknowledgement.
    const stopped = get().stoppedBy;
    if (stopped && !manual && isSameParcel(stopped, raw)) {
      acknowledge();
      await forget(seq);
      set({ scanRows: get().scanRows.filter((r) => r.key !== key) });
      return;
    }
    for (;;) {
      while (get().stoppedBy) await released;
      try {
        const result = await client.call('reconcile.scan', { sessionId, raw, manual, clientScanId });
        set({ waitingForCore: false });
        await forget(seq);
        if (get().scanSession?.id !== sessionId) return;
        patchRow(key, {
          status: 'recorded',
          scanId: result.scanId,
          verdict: result.verdict,
          trackingNumber: result.trackingNumber,
          message: result.message,
          scannedAt: result.scannedAt,
        });
        const counts = get().verdictCounts;
        set({
          lastScan: result,
          lastUndone: null,
          lastScanSeq: get().lastScanSeq + 1,
          scanTotal: get().scanTotal + 1,
          verdictCounts: counts && { ...counts, [result.verdict]: counts[result.verdict] + 1 },
        });
        if (stopsTheLine(result.verdict)) stopLine(result);
        return;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unavailable') {
          set({ waitingForCore: true });
          await sleep(RETRY_MS);
          continue;
        }
        await forget(seq);
        patchRow(key, { status: 'failed', message: message(error) });
        set({ reconcileError: message(error) });
        return;
      }
    }
  };

  const deliver = (scan: Sendable, key: string) =>
    enqueue(async () => {
      try {
        await send(scan, key);
      } finally {
        set({ pendingScans: get().pendingScans - 1 });
      }
    });

  return {
    reconcileScanned: () => {
      if (get().view !== 'reconcile' || get().reconcileTab !== 'board' || boardRefresh) return;
      boardRefresh = setTimeout(() => {
        boardRefresh = null;
        void get().loadBoard();
      }, BOARD_REFRESH_MS);
    },
    reconcileTab: 'scan',
    openSessions: [],
    scanSession: null,
    verdictCounts: null,
    scanTotal: 0,
    scanRows: [],
    showAllScans: false,
    lastScan: null,
    lastUndone: null,
    lastScanSeq: 0,
    pendingScans: 0,
    waitingForCore: false,
    stoppedBy: null,
    reconcileError: null,
    stationSettings: null,
    closedSession: null,
    boardFilter: { date: today(), noFirstScanHours: 24 },
    board: null,
    boardBucket: null,
    boardVersion: 0,

    setReconcileTab: (tab) => {
      set({ reconcileTab: tab });
      if (tab === 'board') void get().loadBoard();
      if (tab === 'day') void get().loadDayCloses();
    },
    loadOpenSessions: async () => {
      try {
        set({ openSessions: await client.call('reconcile.sessions', {}) });
      } catch (error) {
        set({ reconcileError: message(error) });
      }
    },
    openScanSession: async (arg) => {
      try {
        await enterSession(await client.call('reconcile.openSession', arg));
      } catch (error) {
        set({ reconcileError: message(error) });
      }
    },
    resumeScanSession: async (sessionId) => {
      try {
        await enterSession((await client.call('reconcile.session', { sessionId, limit: 1 })).session);
      } catch (error) {
        set({ reconcileError: message(error) });
      }
    },
    leaveScanSession: () => {
      acknowledge();
      set({ scanSession: null, scanRows: [], lastScan: null });
      void get().loadOpenSessions();
    },
    submitScan: (raw, manual = false) => {
      const session = get().scanSession;
      if (!session) return Promise.resolve();
      const stopped = get().stoppedBy;
      if (stopped && !manual && isSameParcel(stopped, raw)) {
        acknowledge();
        return Promise.resolve();
      }
      const key = `local-${++localSeq}`;
      // On disk in the window before it is shown or counted; a store that refuses the write must still not drop the scan.
      const scan = { sessionId: session.id, raw, manual, clientScanId: newClientScanId(), heldAt: new Date().toISOString() };
      const held = outbox.add(scan).catch(() => null);
      const shown = (intake = intake.then(() => held)).then((seq) => {
        const row: ScanRow = { key, scanId: null, raw, manual, status: 'pending', verdict: null, trackingNumber: null, message: null, scannedAt: null };
        set({ pendingScans: get().pendingScans + 1 });
        if (get().scanSession?.id === session.id) set({ scanRows: [row, ...get().scanRows] });
        return seq as number | null;
      });
      return shown.then((seq) => deliver({ ...scan, seq }, key));
    },
    acknowledgeStop: acknowledge,
    replayHeldScans: async () => {
      let held: HeldScan[];
      try {
        held = await outbox.all();
      } catch {
        return;
      }
      if (held.length === 0) return;
      set({ pendingScans: get().pendingScans + held.length });
      const rows = held.map((h): ScanRow => ({
        key: `held-${h.seq}`,
        scanId: null,
        raw: h.raw,
        manual: h.manual,
        status: 'pending',
        verdict: null,
        trackingNumber: null,
        message: null,
        scannedAt: null,
      }));
      const sessionId = held[0].sessionId;
      // Back at the station the scans were held at, so the packer sees them land.
      set({ view: 'reconcile', reconcileTab: 'scan' });
      void enqueue(async () => {
        try {
          await enterSession(
            (await client.call('reconcile.session', { sessionId, limit: 1 })).session,
            rows.filter((_, i) => held[i].sessionId === sessionId).reverse(),
          );
        } catch (error) {
          set({ reconcileError: message(error) });
        }
      });
      await Promise.all(held.map((h, i) => deliver(h, rows[i].key)));
    },
    undoLastScan: () =>
      enqueue(async () => {
        const session = get().scanSession;
        if (!session) return;
        try {
          const undone = await client.call('reconcile.undoLast', { sessionId: session.id });
          applyDetail(await client.call('reconcile.session', { sessionId: session.id, limit: get().showAllScans ? FULL_LOG_LIMIT : 20 }));
          set({ lastScan: null, lastUndone: undone, reconcileError: null });
        } catch (error) {
          set({ reconcileError: message(error) });
        }
      }),
    addScanNote: (text, target) =>
      enqueue(async () => {
        const session = get().scanSession;
        if (!session) return;
        const lastScanId = get().scanRows.find((r) => r.status === 'recorded')?.scanId ?? undefined;
        try {
          await client.call('reconcile.note', {
            sessionId: session.id,
            text,
            ...(target === 'lastScan' && lastScanId !== undefined && { scanId: lastScanId }),
          });
          set({ reconcileError: null });
        } catch (error) {
          set({ reconcileError: message(error) });
        }
      }),
    closeScanSession: () =>
      enqueue(async () => {
        const session = get().scanSession;
        if (!session) return;
        try {
          const closed = await client.call('reconcile.closeSession', { sessionId: session.id });
          set({
            closedSession: { ...closed, total: get().scanTotal, counts: get().verdictCounts },
            scanSession: null,
            scanRows: [],
            lastScan: null,
            reconcileError: null,
          });
        } catch (error) {
          set({ reconcileError: message(error) });
        }
      }),
    dismissClosedSession: () => {
      set({ closedSession: null });
      void get().loadOpenSessions();
    },
    exportManifestCsv: (sessionId) => client.call('reconcile.manifestCsv', { sessionId }),
    exportSessionCsv: (sessionId) => client.call('reconcile.sessionCsv', { sessionId }),
    handoffProgress: null,
    loadHandoffProgress: async () => {
      const session = get().scanSession;
      if (!session || session.purpose !== 'carrier_handoff') return set({ handoffProgress: null });
      try {
        const progress = await client.call('reconcile.handoffProgress', { sessionId: session.id });
        if (get().scanSession?.id === session.id) set({ handoffProgress: progress });
      } catch {
        // The count is a convenience; the scan's own verdict already told the packer what matters.
      }
    },
    stationMode: false,
    setStationMode: (on) => set({ stationMode: on }),
    dayCloses: [],
    dayManifest: null,
    loadDayCloses: async () => {
      try {
        set({ dayCloses: await client.call('reconcile.dayCloses', {}) });
      } catch (error) {
        set({ reconcileError: message(error) });
      }
    },
    closeDay: async (arg) => {
      try {
        set({ dayManifest: await client.call('reconcile.closeDay', arg), reconcileError: null });
        await get().loadDayCloses();
      } catch (error) {
        set({ reconcileError: message(error) });
      }
    },
    openDayManifest: async (closeId) => {
      try {
        set({ dayManifest: closeId === null ? null : await client.call('reconcile.dayManifest', { closeId }), reconcileError: null });
      } catch (error) {
        set({ reconcileError: message(error) });
      }
    },
    fetchStationSettings: (station) => client.call('reconcile.stationSettings.get', { station }),
    saveStationSettings: async (station, patch) => {
      try {
        const saved = await client.call('reconcile.stationSettings.set', { station, ...patch });
        // The open session's station picks the change up at once.
        if (get().scanSession?.station === saved.station) set({ stationSettings: saved });
        set({ reconcileError: null });
        return saved;
      } catch (error) {
        set({ reconcileError: message(error) });
        return null;
      }
    },
    setShowAllScans: async (showAll) => {
      set({ showAllScans: showAll });
      const session = get().scanSession;
      if (!showAll || !session) return;
      // Read after queued scans land, so the full list is the stored one.
      await enqueue(async () => applyDetail(await client.call('reconcile.session', { sessionId: session.id, limit: FULL_LOG_LIMIT })));
    },
    setBoardFilter: (patch) => {
      const next = { ...get().boardFilter, ...patch };
      for (const key of ['carrier', 'warehouse', 'station'] as const) if (!next[key]) delete next[key];
      set({ boardFilter: next });
      void get().loadBoard();
    },
    loadBoard: async () => {
      try {
        set({ board: await client.call('reconcile.board', get().boardFilter), boardVersion: get().boardVersion + 1, reconcileError: null });
      } catch (error) {
        set({ reconcileError: message(error) });
      }
    },
    openBucket: (bucket) => set({ boardBucket: bucket }),
    fetchBucketBlock: async (startRow, endRow) => {
      const bucket = get().boardBucket;
      if (!bucket) return { rows: [], lastRow: 0 };
      return client.call('reconcile.bucket', { ...get().boardFilter, bucket, startRow, endRow });
    },
  };
};
