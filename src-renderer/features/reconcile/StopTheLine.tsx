import type { ScanResult } from '../../../src-shared/api';
import { keyName, plural, VERDICT_LABEL, VERDICT_LOOK } from './labels';

/**
 * A verdict that needs action fills the screen until the packer acknowledges it; the scan field keeps the
 * keyboard underneath, so the scanner can acknowledge by scanning the same parcel again.
 */
export function StopTheLine({
  result,
  acknowledgeKey,
  held,
  onAcknowledge,
}: {
  result: ScanResult;
  acknowledgeKey: string;
  held: number;
  onAcknowledge(): void;
}) {
  const look = VERDICT_LOOK[result.verdict];
  return (
    <div className={`stop-the-line look-${result.verdict}`} data-testid="stop-the-line" data-verdict={result.verdict} role="alert">
      <div className="stop-icon" aria-hidden="true">
        {look.icon}
      </div>
      <div className="stop-title">{VERDICT_LABEL[result.verdict]}</div>
      <div className="stop-number">{result.trackingNumber ?? result.raw}</div>
      <div className="stop-instruction" data-testid="stop-instruction">
        {look.instruction}
      </div>
      <div className="stop-message">{result.message}</div>
      {result.suggestions.length > 0 && (
        <div className="stop-message">Did you mean {result.suggestions.map((s) => s.trackingNumber).join(' or ')}? Enter it by hand to confirm.</div>
      )}
      <div className="stop-continue">
        <button onClick={onAcknowledge}>Acknowledge ({keyName(acknowledgeKey)})</button>
        <span>or scan the same parcel again to continue.</span>
        {held > 0 && <span data-testid="stop-held">{plural(held, 'scan')} waiting, in order.</span>}
      </div>
    </div>
  );
}
