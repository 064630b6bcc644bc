import { verdictClass, type VerdictCounts } from '../../../src-shared/api';
import type { ScanRow } from '../../stores/reconcile-slice';
import { VERDICT_LABEL } from './labels';

const VISIBLE = 20;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : '');

export function VerdictCountsBar({ counts, total }: { counts: VerdictCounts | null; total: number }) {
  return (
    <div className="verdict-counts" data-testid="verdict-counts">
      <span className="count-chip">
        Total <b data-testid="count-total">{total}</b>
      </span>
      {counts &&
        (Object.keys(VERDICT_LABEL) as (keyof VerdictCounts)[]).map((v) => (
          <span key={v} className={`count-chip chip-${verdictClass(v)}`}>
            {VERDICT_LABEL[v]} <b data-testid={`count-${v}`}>{counts[v]}</b>
          </span>
        ))}
    </div>
  );
}

/** Newest first; the last 20 unless the whole session is asked for. */
export function ScanList({ rows, showAll, onShowAll }: { rows: ScanRow[]; showAll: boolean; onShowAll(showAll: boolean): void }) {
  const visible = showAll ? rows : rows.slice(0, VISIBLE);
  return (
    <div className="scan-list">
      <div className="scan-list-header">
        <h2>{showAll ? 'All scans in this session' : 'Last 20 scans'}</h2>
        <button onClick={() => onShowAll(!showAll)}>{showAll ? 'Show last 20' : 'Show all'}</button>
      </div>
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Tracking number / raw</th>
            <th>Verdict</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody data-testid="scan-list">
          {visible.map((r) => (
            <tr
              key={r.key}
              data-testid="scan-row"
              data-verdict={r.verdict ?? r.status}
              data-status={r.status}
              className={`scan-${r.status} ${r.verdict ? `row-${verdictClass(r.verdict)}` : ''}`}
            >
              <td>{time(r.scannedAt)}</td>
              <td className="mono" data-testid="scan-number">
                {r.trackingNumber ?? r.raw}
              </td>
              <td>
                {r.status === 'pending' ? 'Held' : r.status === 'failed' ? 'Not recorded' : r.verdict ? VERDICT_LABEL[r.verdict] : ''}
                {r.manual && <span className="tag">manual</span>}
                {r.status === 'undone' && <span className="tag">undone</span>}
              </td>
              <td className="muted-cell">{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
