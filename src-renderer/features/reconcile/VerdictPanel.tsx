import { verdictClass, type ScanEntry, type ScanResult } from '../../../src-shared/api';
import { VERDICT_ICON, VERDICT_LABEL } from './labels';

/** The big light: colour, icon and words a packer can read from a metre away. */
export function VerdictPanel({ result, undone }: { result: ScanResult | null; undone: ScanEntry | null }) {
  if (!result) {
    return (
      <div className="verdict-panel verdict-idle" data-testid="verdict-panel" aria-live="polite">
        <div className="verdict-icon">⌁</div>
        <div>
          <div className="verdict-title">{undone ? 'Scan undone' : 'Ready to scan'}</div>
          <div className="verdict-message">
            {undone ? `${undone.trackingNumber ?? undone.raw} was taken back. Scan the parcel again if it stays.` : 'Scan a label, or type it below and press Enter.'}
          </div>
        </div>
      </div>
    );
  }
  const cls = verdictClass(result.verdict);
  return (
    <div className={`verdict-panel verdict-${cls}`} data-testid="verdict-panel" data-verdict={result.verdict} aria-live="assertive">
      <div className="verdict-icon" aria-hidden="true">
        {VERDICT_ICON[cls]}
      </div>
      <div>
        <div className="verdict-title">{VERDICT_LABEL[result.verdict]}</div>
        <div className="verdict-number">{result.trackingNumber ?? result.raw}</div>
        <div className="verdict-message">{result.message}</div>
        {result.suggestions.length > 0 && (
          <div className="verdict-message">Did you mean {result.suggestions.map((s) => s.trackingNumber).join(' or ')}? Enter it by hand to confirm.</div>
        )}
      </div>
    </div>
  );
}
