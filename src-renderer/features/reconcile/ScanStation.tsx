import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ScanSession } from '../../../src-shared/api';
import { DEFAULT_SCAN_BUFFER } from '../../../src-shared/domain/reconcile/scan-buffer';
import { DEFAULT_ACKNOWLEDGE_KEY } from '../../../src-shared/domain/reconcile/stop-the-line';
import { useAppStore } from '../../stores';
import { carrierLabel, plural, PURPOSE_LABEL } from './labels';
import { ScanList, VerdictCountsBar } from './ScanList';
import { HandoffCount, MissingList } from './HandoffCount';
import { ManualEntry, NoteForm } from './StationTools';
import { StopTheLine } from './StopTheLine';
import { useKeepFocus, useScanBuffer } from './use-scan-field';
import { useVerdictSound } from './use-verdict-sound';
import { VerdictPanel } from './VerdictPanel';

/** Keys the scan field keeps for the station itself: a scanner never sends them. */
const STATION_MODE_KEY = 'F2';
const MISSING_LIST_KEY = 'F4';

/** The packing-station screen: one always-focused scan field, the verdict light, counts and the recent scans. */
export function ScanStation({ session }: { session: ScanSession }) {
  const settings = useAppStore((s) => s.stationSettings);
  const lastScan = useAppStore((s) => s.lastScan);
  const lastUndone = useAppStore((s) => s.lastUndone);
  const seq = useAppStore((s) => s.lastScanSeq);
  const counts = useAppStore((s) => s.verdictCounts);
  const total = useAppStore((s) => s.scanTotal);
  const rows = useAppStore((s) => s.scanRows);
  const showAll = useAppStore((s) => s.showAllScans);
  const pending = useAppStore((s) => s.pendingScans);
  const waiting = useAppStore((s) => s.waitingForCore);
  const stoppedBy = useAppStore((s) => s.stoppedBy);
  const acknowledge = useAppStore((s) => s.acknowledgeStop);
  const submitScan = useAppStore((s) => s.submitScan);
  const undo = useAppStore((s) => s.undoLastScan);
  const addNote = useAppStore((s) => s.addScanNote);
  const close = useAppStore((s) => s.closeScanSession);
  const leave = useAppStore((s) => s.leaveScanSession);
  const setShowAll = useAppStore((s) => s.setShowAllScans);
  const setView = useAppStore((s) => s.setView);
  const progress = useAppStore((s) => s.handoffProgress);
  const loadProgress = useAppStore((s) => s.loadHandoffProgress);
  const stationMode = useAppStore((s) => s.stationMode);
  const setStationMode = useAppStore((s) => s.setStationMode);
  const [confirmClose, setConfirmClose] = useState(false);
  const [showMissing, setShowMissing] = useState(false);
  // Every verdict may change the day's count; the count never holds up the next scan.
  useEffect(() => void loadProgress(), [seq, total, loadProgress]);

  const onScan = useCallback((raw: string) => void submitScan(raw), [submitScan]);
  const { text, onKeyDown: feedKey } = useScanBuffer(onScan, settings?.suffix ?? '', settings?.interKeyTimeoutMs ?? DEFAULT_SCAN_BUFFER.idleMs);
  const acknowledgeKey = settings?.acknowledgeKey ?? DEFAULT_ACKNOWLEDGE_KEY;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (stoppedBy && e.key === acknowledgeKey) {
      e.preventDefault();
      acknowledge();
    } else if (e.key === STATION_MODE_KEY) {
      e.preventDefault();
      setStationMode(!stationMode);
    } else if (e.key === MISSING_LIST_KEY && progress) {
      e.preventDefault();
      setShowMissing(!showMissing);
    } else feedKey(e);
  };
  const field = useRef<HTMLInputElement>(null);
  useKeepFocus(field);
  const volume = settings?.soundVolume ?? 0.8;
  useVerdictSound(lastScan?.verdict ?? null, seq, volume);
  useVerdictSound(waiting ? 'not_connected' : null, waiting ? 1 : 0, volume);

  return (
    <div className={stationMode ? 'scan-station station-mode' : 'scan-station'} data-testid="scan-station">
      <div className="session-bar">
        <span className="session-title" data-testid="session-title">
          {PURPOSE_LABEL[session.purpose]} · {carrierLabel(session.carrier)} · {session.station} · {session.operator}
          {session.warehouse && ` · ${session.warehouse}`}
        </span>
        <button onClick={() => void undo()}>Undo last scan</button>
        {confirmClose ? (
          <>
            <button className="danger" onClick={() => void close()}>
              Confirm close{session.purpose === 'carrier_handoff' ? ' and build manifest' : ''}
            </button>
            <button onClick={() => setConfirmClose(false)}>Keep scanning</button>
          </>
        ) : (
          <button onClick={() => setConfirmClose(true)}>Close session</button>
        )}
        <button onClick={leave}>Switch session</button>
        <button aria-pressed={stationMode} onClick={() => setStationMode(!stationMode)} title={`Or press ${STATION_MODE_KEY}`}>
          {stationMode ? 'Leave station mode' : 'Station mode'} ({STATION_MODE_KEY})
        </button>
      </div>

      <div className="scan-field-row">
        <input
          ref={field}
          className="scan-field"
          data-testid="scan-input"
          aria-label="Scan field"
          value={text}
          readOnly
          onKeyDown={onKeyDown}
          placeholder="Scan a label…"
          autoComplete="off"
          spellCheck={false}
        />
        <span className="scan-pending" data-testid="scan-pending">
          {!waiting && pending > 0 ? (stoppedBy ? `${plural(pending, 'scan')} waiting` : `Sending ${pending}…`) : ''}
        </span>
      </div>

      {progress && <HandoffCount progress={progress} missingKey={MISSING_LIST_KEY} showing={showMissing} onToggle={() => setShowMissing(!showMissing)} />}
      {progress && showMissing && <MissingList progress={progress} onClose={() => setShowMissing(false)} />}
      <VerdictPanel result={lastScan} undone={lastUndone} held={waiting ? pending : null} />
      {stoppedBy && <StopTheLine result={stoppedBy} acknowledgeKey={acknowledgeKey} held={pending} onAcknowledge={acknowledge} />}
      <VerdictCountsBar counts={counts} total={total} />

      <div className="station-body">
        <ScanList rows={rows} showAll={showAll} onShowAll={(all) => void setShowAll(all)} />
        <aside className="station-tools">
          <ManualEntry onSubmit={(raw) => void submitScan(raw, true)} />
          <NoteForm onSubmit={(note, target) => void addNote(note, target)} />
          <p className="tool muted-note">
            Scanner set-up (suffix, prefix, pause, volume, acknowledge key) is in{' '}
            <button className="link" onClick={() => setView('settings')}>
              Settings → Packing station scanner
            </button>
            .
          </p>
        </aside>
      </div>
    </div>
  );
}
