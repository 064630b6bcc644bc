import { useState } from 'react';
import { SCAN_VERDICTS, type Manifest, type ManifestLine, type ScanSession, type VerdictCounts } from '../../../src-shared/api';
import { useAppStore } from '../../stores';
import { downloadText } from './download';
import { carrierLabel, plural, PURPOSE_LABEL, VERDICT_LABEL } from './labels';

function Lines({ title, lines, testId, showVerdict }: { title: string; lines: ManifestLine[]; testId: string; showVerdict?: boolean }) {
  return (
    <section className="manifest-section">
      <h3>
        {title} ({lines.length})
      </h3>
      {lines.length > 0 && (
        <ol data-testid={testId}>
          {lines.map((l, i) => (
            <li key={`${l.trackingNumber}-${i}`} className="mono">
              {l.trackingNumber || l.raw}
              {l.orderNumber && <span className="muted-cell"> · order {l.orderNumber}</span>}
              {showVerdict && l.verdict && <span className="muted-cell"> · {VERDICT_LABEL[l.verdict]}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Weight as a dock reads it: pounds with one decimal, and kilograms beside them. */
export const formatWeight = (oz: number): string => `${(oz / 16).toFixed(1)} lb (${((oz * 28.349523125) / 1000).toFixed(1)} kg)`;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/**
 * The signed paper: carrier, station, operator, parcel count and total weight, every parcel, and signature
 * lines. The same document for one handoff session and for a carrier's end-of-day close.
 */
export function HandoffDocument({
  reference,
  carrier,
  day,
  station,
  operator,
  warehouse,
  closedAt,
  lines,
  totalWeightOz,
  expectedNotScanned,
  scannedNotExpected,
  note,
}: {
  reference: string;
  carrier: string | null;
  day: string;
  station: string;
  operator: string;
  warehouse: string | null;
  closedAt: string | null;
  lines: ManifestLine[];
  totalWeightOz: number;
  expectedNotScanned: ManifestLine[];
  scannedNotExpected?: ManifestLine[];
  note?: string;
}) {
  return (
    <article className="handoff-document" data-testid="handoff-document">
      <h2>Carrier handoff manifest — {carrierLabel(carrier)}</h2>
      <dl className="handoff-facts">
        <dt>Carrier</dt>
        <dd>{carrierLabel(carrier)}</dd>
        <dt>Date</dt>
        <dd>{day}</dd>
        <dt>Station</dt>
        <dd>{station}</dd>
        <dt>Operator</dt>
        <dd>{operator}</dd>
        {warehouse && (
          <>
            <dt>Warehouse</dt>
            <dd>{warehouse}</dd>
          </>
        )}
        <dt>Closed</dt>
        <dd>{when(closedAt)}</dd>
        <dt>Reference</dt>
        <dd>{reference}</dd>
      </dl>
      <p className="handoff-totals">
        Parcels handed over: <b data-testid="manifest-count">{lines.length.toLocaleString()}</b> · Total weight:{' '}
        <b data-testid="manifest-weight">{formatWeight(totalWeightOz)}</b>
        {note && <span className="muted-cell"> · {note}</span>}
      </p>
      <table className="handoff-lines" data-testid="manifest-handed-over">
        <thead>
          <tr>
            <th>#</th>
            <th>Tracking number</th>
            <th>Order</th>
            <th>Weight</th>
            <th>Scanned</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={`${l.trackingNumber}-${i}`}>
              <td>{i + 1}</td>
              <td className="mono">{l.trackingNumber || l.raw}</td>
              <td>{l.orderNumber}</td>
              <td>{l.weightOz === null ? '—' : `${(l.weightOz / 16).toFixed(1)} lb`}</td>
              <td>{l.scannedAt ? new Date(l.scannedAt).toLocaleTimeString(undefined, { timeStyle: 'short' }) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Lines title="Expected but not scanned" lines={expectedNotScanned} testId="manifest-expected-not-scanned" />
      {scannedNotExpected && <Lines title="Scanned but not expected" lines={scannedNotExpected} testId="manifest-scanned-not-expected" showVerdict />}
      <div className="signatures" data-testid="signatures">
        <div>Driver name</div>
        <div>Driver signature</div>
        <div>Date and time</div>
        <div>Dock staff name</div>
        <div>Dock staff signature</div>
        <div>Seal / trailer number</div>
      </div>
    </article>
  );
}

/** A session's CSV, built by the core, saved by the browser; a refusal is shown beside the button. */
function useCsvDownload(exportCsv: (sessionId: number) => Promise<{ filename: string; csv: string }>, sessionId: number) {
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    try {
      const { filename, csv } = await exportCsv(sessionId);
      downloadText(filename, csv, 'text/csv;charset=utf-8');
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return { download, error };
}

/** What the driver signs when a handoff session closes: printable and exportable as the CSV the core builds. */
function ManifestView({ manifest }: { manifest: Manifest }) {
  const { session } = manifest;
  const { download, error } = useCsvDownload(
    useAppStore((s) => s.exportManifestCsv),
    session.id,
  );
  return (
    <div className="manifest" data-testid="manifest">
      <div className="manifest-actions no-print">
        <button onClick={() => window.print()}>Print</button>
        <button onClick={() => void download()}>Export CSV</button>
        {error && <span className="error-banner">{error}</span>}
      </div>
      <HandoffDocument
        reference={`Session #${session.id}`}
        carrier={session.carrier}
        day={manifest.day}
        station={session.station}
        operator={session.operator}
        warehouse={session.warehouse}
        closedAt={session.closedAt}
        lines={manifest.handedOver}
        totalWeightOz={manifest.totalWeightOz}
        expectedNotScanned={manifest.expectedNotScanned}
        scannedNotExpected={manifest.scannedNotExpected}
        note={manifest.invalidScans > 0 ? `${plural(manifest.invalidScans, 'unreadable scan')} not counted` : undefined}
      />
    </div>
  );
}

/** A session without a manifest (pack verify) closes on what it found, verdict by verdict, with its scans to export. */
function SessionSummary({ session, counts, total }: { session: ScanSession; counts: VerdictCounts; total: number }) {
  const { download, error } = useCsvDownload(
    useAppStore((s) => s.exportSessionCsv),
    session.id,
  );
  const problems = total - counts.matched;
  return (
    <div className="session-summary-panel">
      <h2>
        {PURPOSE_LABEL[session.purpose]} · {carrierLabel(session.carrier)} · {session.station} · {session.operator}
      </h2>
      <p data-testid="summary-headline">
        {plural(total, 'scan')}: {counts.matched.toLocaleString()} matched, {plural(problems, 'problem')}
      </p>
      <div className="manifest-actions no-print">
        <button onClick={() => void download()}>Export scans (CSV)</button>
        <button onClick={() => window.print()}>Print</button>
        {error && <span className="error-banner">{error}</span>}
      </div>
      <SummaryTable counts={counts} />
    </div>
  );
}

function SummaryTable({ counts }: { counts: VerdictCounts }) {
  return (
    <table className="session-summary" data-testid="session-summary">
      <caption>What this session found</caption>
      <tbody>
        {SCAN_VERDICTS.map((v) => (
          <tr key={v} className={counts[v] && v !== 'matched' ? 'needs-look' : undefined}>
            <th scope="row">{VERDICT_LABEL[v]}</th>
            <td data-testid={`summary-${v}`}>{counts[v].toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ClosedSessionPanel({
  session,
  manifest,
  total,
  counts,
}: {
  session: ScanSession;
  manifest: Manifest | null;
  total: number;
  counts: VerdictCounts | null;
}) {
  const dismiss = useAppStore((s) => s.dismissClosedSession);
  return (
    <div className="closed-session">
      <div className="no-print session-bar">
        <span className="session-title">
          {PURPOSE_LABEL[session.purpose]} session #{session.id} closed · {plural(total, 'scan')}
        </span>
        <button className="primary" onClick={dismiss}>
          Done
        </button>
      </div>
      {manifest ? <ManifestView manifest={manifest} /> : counts && <SessionSummary session={session} counts={counts} total={total} />}
    </div>
  );
}
