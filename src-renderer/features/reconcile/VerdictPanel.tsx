import type { ScanEntry, ScanResult } from '../../../src-shared/api';
import { plural, VERDICT_LABEL, VERDICT_LOOK } from './labels';

/** The big light: colour, icon and words a packer can read from a metre away. */
export function VerdictPanel({ result, undone, held }: { result: ScanResult | null; undone: ScanEntry | null; held: number | null }) {
  if (held !== null) {
    return (
      <div className="verdict-panel look-not-connected" data-testid="verdict-panel" data-verdict="not_connected" role="alert">
        <div className="verdict-icon" aria-hidden="true">
          ⚡
        </div>
        <div>
          <div className="verdict-title" data-testid="not-connected">
            Not connected — {plural(held, 'scan')} held
          </div>
          <div className="verdict-message">Keep scanning: every scan is kept on this station and sent in order when the core answers again.</div>
        </div>
      </div>
    );
  }
  if (!result) {
    return (
      <div className="verdict-panel verdict-idle" data-testid="verdict-panel" aria-live="polite">
        <div className="verdict-icon">⌁</div>
        <div>
          <div className="verdict-title">{undone ? 'Scan undone' : 'Ready to scan'}</div>
          <div className="verdict-message">
            {undone
              ? `${undone.trackingNumber ?? undone.raw} was taken back. Scan the parcel again if it stays.`
              : 'Scan a label, or type it below and press Enter.'}
          </div>
        </div>
      </div>
    );
  }
  const look = VERDICT_LOOK[result.verdict];
  return (
    <div className={`verdict-panel look-${result.verdict}`} data-testid="verdict-panel" data-verdict={result.verdict} aria-live="assertive">
      <div className="verdict-icon" aria-hidden="true">
        {look.icon}
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
