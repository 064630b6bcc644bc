import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ReceiveResult, ReturnCondition, ReturnRow } from '../../../src-shared/api';
import { DEFAULT_SCAN_BUFFER } from '../../../src-shared/domain/reconcile/scan-buffer';
import { DEFAULT_ACKNOWLEDGE_KEY } from '../../../src-shared/domain/reconcile/stop-the-line';
import { CONDITION_KEYS, rmaLabel } from '../../../src-shared/domain/returns/lifecycle';
import { SCAN_VERDICT_OF } from '../../../src-shared/domain/returns/receive';
import { verdictClass } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import { keyName, plural, VERDICT_ICON } from '../reconcile/labels';
import { KEEPS_FOCUS, useKeepFocus, useScanBuffer } from '../reconcile/use-scan-field';
import { useVerdictSound } from '../reconcile/use-verdict-sound';
import { CONDITION_HINTS, CONDITION_LABEL, formatTime, RECEIVE_LABEL, STATE_LABEL } from './labels';
import { useStationKeys } from './use-station-keys';

const DEFAULT_STATION = 'returns-dock';

/** Who is at the dock: every receipt and condition is audited with this operator and station. */
function StartStation() {
  const open = useAppStore((s) => s.openReceivingStation);
  const [station, setStation] = useState(DEFAULT_STATION);
  const [operator, setOperator] = useState('');
  return (
    <form
      className="open-session-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (station.trim() && operator.trim()) void open({ station: station.trim(), operator: operator.trim() });
      }}
    >
      <h2>Start receiving</h2>
      <label>
        Station
        <input value={station} onChange={(e) => setStation(e.target.value)} required maxLength={64} />
      </label>
      <label>
        Operator
        <input value={operator} onChange={(e) => setOperator(e.target.value)} required maxLength={64} autoFocus placeholder="Your name" />
      </label>
      <button className="primary" type="submit">
        Open receiving station
      </button>
    </form>
  );
}

const returnLine = (r: ReturnRow | null) =>
  r ? [r.rmaNumber && rmaLabel(r.rmaNumber), r.orderNumber && `order ${r.orderNumber}`].filter(Boolean).join(' · ') : '';

/** An optional line of text saved with Enter; lives where the scan field lets focus stay. */
function InlineText({
  label,
  initial,
  onSave,
  onDone,
  testId,
}: {
  label: string;
  initial: string;
  onSave(text: string): void;
  onDone(): void;
  testId: string;
}) {
  const [text, setText] = useState(initial);
  return (
    <label className="inline-text" {...{ [KEEPS_FOCUS]: '' }}>
      {label}
      <input
        data-testid={testId}
        value={text}
        maxLength={500}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Back to the scan field either way: the next parcel is scanned right after.
          if (e.key === 'Enter') {
            onSave(text.trim());
            onDone();
          } else if (e.key === 'Escape') onDone();
        }}
      />
    </label>
  );
}

interface VerdictProps {
  result: ReceiveResult | null;
  /** Scans held until the parcel on screen has its condition. */
  held: number;
  skipKey: string;
  conditionFor: ReturnRow | null;
  inspected: ReturnRow | null;
  backToScan(): void;
}

function VerdictPanel({ result, held, skipKey, conditionFor, inspected, backToScan }: VerdictProps) {
  const saveCondition = useAppStore((s) => s.recordReturnCondition);
  const describe = useAppStore((s) => s.updateTriageItem);
  if (!result) {
    return (
      <div className="verdict-panel verdict-idle" data-testid="receive-verdict" aria-live="polite">
        <div className="verdict-icon">⌁</div>
        <div>
          <div className="verdict-title">Ready to receive</div>
          <div className="verdict-message">Scan the return label, the RMA barcode or the order number.</div>
        </div>
      </div>
    );
  }
  const cls = verdictClass(SCAN_VERDICT_OF[result.verdict]);
  const shown = inspected && inspected.id === result.return?.id ? inspected : result.return;
  return (
    <div className={`verdict-panel verdict-${cls}`} data-testid="receive-verdict" data-verdict={result.verdict} aria-live="assertive">
      <div className="verdict-icon" aria-hidden="true">
        {VERDICT_ICON[cls]}
      </div>
      <div className="receive-verdict-body">
        <div className="verdict-title">{RECEIVE_LABEL[result.verdict]}</div>
        <div className="verdict-number">{returnLine(shown) || result.raw}</div>
        <div className="verdict-message">{result.message}</div>
        {conditionFor && conditionFor.id === result.return?.id && (
          <div className="condition-prompt" data-testid="condition-prompt">
            {CONDITION_HINTS.map((h) => (
              <button key={h.key} onClick={() => void saveCondition(conditionFor.id, h.condition)}>
                <kbd>{h.key}</kbd> {h.label}
              </button>
            ))}
            <span className="condition-skip">
              <kbd>{keyName(skipKey)}</kbd> no condition now
            </span>
            {held > 0 && (
              <div className="condition-held" data-testid="condition-held" role="alert">
                Condition first: {plural(held, 'scan')} waiting, in order.
              </div>
            )}
          </div>
        )}
        {shown?.condition && inspected?.id === shown.id && (
          <div className="condition-recorded" data-testid="condition-recorded">
            Condition: <b>{CONDITION_LABEL[shown.condition]}</b>
            <InlineText
              key={shown.id}
              label="Note (n)"
              testId="condition-note"
              onDone={backToScan}
              initial={shown.note ?? ''}
              onSave={(note) => note && void saveCondition(shown.id, shown.condition as ReturnCondition, note)}
            />
          </div>
        )}
        {result.verdict === 'unexpected' && result.return && (
          <InlineText
            key={result.return.id}
            label="Describe the parcel (n)"
            testId="triage-description"
            onDone={backToScan}
            initial=""
            onSave={(description) => void describe(result.return!.id, { description })}
          />
        )}
      </div>
    </div>
  );
}

function ReceiveLog() {
  const rows = useAppStore((s) => s.receiveRows);
  return (
    <div className="scan-list">
      <h2>This session</h2>
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Scanned</th>
            <th>Verdict</th>
            <th>Return</th>
            <th>State</th>
            <th>Condition</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const ret = r.result?.return ?? null;
            const cls = r.result ? `row-${verdictClass(SCAN_VERDICT_OF[r.result.verdict])}` : 'scan-pending';
            return (
              <tr key={r.key} className={cls} data-testid="receive-row" data-verdict={r.result?.verdict ?? r.status} data-condition={ret?.condition ?? ''}>
                <td>{formatTime(r.result?.scannedAt ?? null)}</td>
                <td className="mono">{r.raw}</td>
                <td>{r.result ? RECEIVE_LABEL[r.result.verdict] : r.status === 'failed' ? `Failed: ${r.error}` : 'Sending…'}</td>
                <td>{returnLine(ret) || ret?.trackingNumber || ''}</td>
                <td>{ret ? STATE_LABEL[ret.state] : ''}</td>
                <td>{ret?.condition ? CONDITION_LABEL[ret.condition] : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The dock's scan field: same parser, same burst-safe buffer and sounds as the packing stations. */
function Station() {
  const station = useAppStore((s) => s.receivingStation);
  const last = useAppStore((s) => s.lastReceive);
  const seq = useAppStore((s) => s.receiveSeq);
  const conditionFor = useAppStore((s) => s.conditionFor);
  const inspected = useAppStore((s) => s.lastInspected);
  const pending = useAppStore((s) => s.pendingReceives);
  const waiting = useAppStore((s) => s.receiveWaiting);
  const receive = useAppStore((s) => s.receiveScan);
  const saveCondition = useAppStore((s) => s.recordReturnCondition);
  const leave = useAppStore((s) => s.leaveReceivingStation);
  const skipCondition = useAppStore((s) => s.skipCondition);
  const skipKey = station?.settings.acknowledgeKey ?? DEFAULT_ACKNOWLEDGE_KEY;

  const onScan = useCallback((raw: string) => void receive(raw), [receive]);
  const burstGapMs = station?.settings.interKeyTimeoutMs ?? DEFAULT_SCAN_BUFFER.idleMs;
  const { text, onKeyDown } = useScanBuffer(onScan, station?.settings.suffix ?? '', burstGapMs);
  const field = useRef<HTMLInputElement>(null);
  useKeepFocus(field);
  useVerdictSound(last ? SCAN_VERDICT_OF[last.verdict] : null, seq, station?.settings.soundVolume ?? 0.8);

  const focusNote = () => document.querySelector<HTMLInputElement>('[data-testid="condition-note"], [data-testid="triage-description"]')?.focus();
  const commands = useMemo(() => {
    const keys: Record<string, () => void> = {};
    if (conditionFor) for (const [key, condition] of Object.entries(CONDITION_KEYS)) keys[key] = () => void saveCondition(conditionFor.id, condition);
    if ((inspected && !conditionFor) || last?.verdict === 'unexpected') keys.n = focusNote;
    return Object.keys(keys).length ? keys : null;
  }, [conditionFor, inspected, last, saveCondition]);
  const onStationKey = useStationKeys(commands, text === '', onKeyDown, burstGapMs);
  const onFieldKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (conditionFor && e.key === skipKey) {
      e.preventDefault();
      skipCondition();
    } else onStationKey(e);
  };

  if (!station) return null;
  return (
    <div className="scan-station">
      <div className="session-bar">
        <span className="session-title" data-testid="receiving-title">
          Returns receiving · {station.station} · {station.operator}
        </span>
        <button onClick={leave}>Leave station</button>
      </div>
      <div className="scan-field-row">
        <input
          ref={field}
          className="scan-field"
          data-testid="receive-input"
          aria-label="Receiving scan field"
          value={text}
          readOnly
          onKeyDown={onFieldKey}
          placeholder="Scan a return…"
          autoComplete="off"
          spellCheck={false}
        />
        <span className="scan-pending" data-testid="receive-pending">
          {waiting ? `Core unreachable: ${plural(pending, 'scan')} held in order, retrying…` : pending > 0 && !conditionFor ? `Sending ${pending}…` : ''}
        </span>
      </div>
      <VerdictPanel
        result={last}
        held={pending}
        skipKey={skipKey}
        conditionFor={conditionFor}
        inspected={inspected}
        backToScan={() => field.current?.focus()}
      />
      <ReceiveLog />
    </div>
  );
}

export function ReceivingStation() {
  const station = useAppStore((s) => s.receivingStation);
  return station ? <Station /> : <StartStation />;
}
