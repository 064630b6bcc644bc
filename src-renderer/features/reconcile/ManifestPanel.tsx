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

/** What the driver signs: printable (print stylesheet) and exportable as the CSV the core builds. */
function ManifestView({ manifest }: { manifest: Manifest }) {
  const exportCsv = useAppStore((s) => s.exportManifestCsv);
  const [error, setError] = useState<string | null>(null);
  const { session } = manifest;
  const download = async () => {
    try {
      const { filename, csv } = await exportCsv(session.id);
      downloadText(filename, csv, 'text/csv;charset=utf-8');
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="manifest" data-testid="manifest">
      <div className="manifest-actions no-print">
        <button onClick={() => window.print()}>Print</button>
        <button onClick={() => void download()}>Export CSV</button>
        {error && <span className="error-banner">{error}</span>}
      </div>
      <h2>
        Carrier handoff manifest · {carrierLabel(session.carrier)} · {manifest.day}
      </h2>
      <p>
        Session #{session.id} · {session.station} · {session.operator}
        {session.warehouse && ` · warehouse ${session.warehouse}`} · {new Date(session.openedAt).toLocaleString()} –{' '}
        {session.closedAt && new Date(session.closedAt).toLocaleString()}
      </p>
      <p className="manifest-count">
        Parcels handed over: <b data-testid="manifest-count">{manifest.count}</b>
        {manifest.invalidScans > 0 && <span className="muted-cell"> · {plural(manifest.invalidScans, 'unreadable scan')} not counted</span>}
      </p>
      <Lines title="Handed over" lines={manifest.handedOver} testId="manifest-handed-over" />
      <Lines title="Expected but not scanned" lines={manifest.expectedNotScanned} testId="manifest-expected-not-scanned" />
      <Lines title="Scanned but not expected" lines={manifest.scannedNotExpected} testId="manifest-scanned-not-expected" showVerdict />
      <div className="signatures">
        <div>Driver name and signature</div>
        <div>Dock staff signature</div>
      </div>
    </div>
  );
}

/** A session without a manifest (pack verify) closes on what it found, verdict by verdict. */
function SessionSummary({ counts }: { counts: VerdictCounts }) {
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
      {manifest ? <ManifestView manifest={manifest} /> : counts && <SessionSummary counts={counts} />}
    </div>
  );
}
